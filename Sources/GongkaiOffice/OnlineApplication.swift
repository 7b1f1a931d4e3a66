import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// An application made on the office's own web page (在线申请), with the fields of Chinese
/// online forms (条例 Art. 29): who applies and how to reach them, the one piece of information
/// sought, the form it is wanted in and how it is to be delivered, and the applicant's
/// declaration. It becomes a request on the `online` channel, received the day it is
/// submitted (Art. 31 ③: the day both sides confirm — the page confirms at once).
public struct OnlineApplication: Sendable {
    /// 公民, or 法人或者其他组织 of one of table 三's five kinds.
    public enum ApplicantType: String, Sendable, CaseIterable {
        case citizen, organization
    }

    /// The identity documents a citizen may give.
    public static let identityDocuments = ["居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他有效身份证件"]
    /// 政府信息的形式要求 (Art. 29 ③).
    public static let forms = ["纸质文本", "电子文档"]
    /// 获取信息的方式.
    public static let deliveries = ["邮寄", "电子邮件", "当面领取", "在线查看"]

    public var applicantType: String = ""
    /// For an organisation: `commercial`, `research`, `public_interest`, `legal_service`, `other_org`.
    public var organizationKind: String = ""
    /// 姓名, or the organisation's name.
    public var name: String = ""
    /// 统一社会信用代码 (organisations).
    public var creditCode: String = ""
    /// 联系人 (organisations).
    public var contactPerson: String = ""
    /// 证件类型 and 证件号码 (citizens).
    public var identityDocument: String = ""
    public var identityNumber: String = ""
    public var phone: String = ""
    public var email: String = ""
    public var address: String = ""
    public var postcode: String = ""
    /// 所需信息的名称, 文号, and 便于查询的其他特征性描述.
    public var title: String = ""
    public var documentNumber: String = ""
    public var description: String = ""
    public var form: String = ""
    public var delivery: String = ""
    /// The declaration: the application is true, for one matter, and the information will not
    /// be used unlawfully.
    public var declared = false

    public init() {}

    /// A field the applicant must put right, in the applicant's words.
    public struct Problem: Sendable, Hashable {
        public var field: String
        public var message: String
    }

    /// Every field that is wrong, each with what to put right; empty when the form may be
    /// submitted.
    public func problems() -> [Problem] {
        var out: [Problem] = []
        func add(_ field: String, _ message: String) { out.append(Problem(field: field, message: message)) }
        func blank(_ s: String) -> Bool { s.allSatisfy(\.isWhitespace) }
        func tooLong(_ field: String, _ s: String, _ limit: Int) {
            if s.count > limit { add(field, "不能超过\(limit)个字符") }
        }
        let type = ApplicantType(rawValue: applicantType)
        if type == nil { add("applicantType", "请选择申请人类型：公民或法人或者其他组织") }
        if blank(name) {
            add("name", type == .organization ? "请填写法人或者其他组织的名称" : "请填写申请人姓名")
        }
        tooLong("name", name, Validate.maximumNameLength)
        switch type {
        case .organization:
            if organizationApplicant == nil { add("organizationKind", "请选择组织类别（商业企业、科研机构、社会公益组织、法律服务机构或其他）") }
            if blank(creditCode) {
                add("creditCode", "请填写统一社会信用代码")
            } else if !Self.isCreditCode(creditCode) {
                add("creditCode", "统一社会信用代码应为18位，且校验位正确")
            }
            if blank(contactPerson) { add("contactPerson", "请填写联系人姓名") }
            tooLong("contactPerson", contactPerson, Validate.maximumNameLength)
        case .citizen:
            if !Self.identityDocuments.contains(identityDocument) { add("identityDocument", "请选择证件类型") }
            if blank(identityNumber) {
                add("identityNumber", "请填写证件号码")
            } else if identityDocument == "居民身份证" && !Self.isResidentID(identityNumber) {
                add("identityNumber", "居民身份证号码应为18位，且校验位正确")
            }
            tooLong("identityNumber", identityNumber, 40)
        case nil: break
        }
        if !Self.isPhone(phone) { add("phone", "请填写有效的联系电话（手机号码或带区号的固定电话）") }
        if !blank(email) && !Self.isEmail(email) { add("email", "电子邮箱格式不正确") }
        tooLong("email", email, Validate.maximumNameLength)
        tooLong("address", address, Validate.maximumNameLength)
        if !blank(postcode) && !(postcode.count == 6 && postcode.allSatisfy(\.isASCIIDigit)) { add("postcode", "邮政编码应为6位数字") }
        if blank(title) { add("title", "请填写所需政府信息的名称（第二十九条）") }
        tooLong("title", title, Validate.maximumNameLength)
        tooLong("documentNumber", documentNumber, 100)
        tooLong("description", description, 2000)
        if !Self.forms.contains(form) { add("form", "请选择所需信息的形式") }
        if !Self.deliveries.contains(delivery) {
            add("delivery", "请选择获取信息的方式")
        } else if delivery == "邮寄" && blank(address) {
            add("address", "选择邮寄的，请填写通信地址")
        } else if delivery == "电子邮件" && blank(email) {
            add("email", "选择电子邮件的，请填写电子邮箱")
        }
        if !declared { add("declared", "请阅读并勾选申请人声明") }
        return out
    }

    var organizationApplicant: ApplicantKind? {
        guard let kind = ApplicantKind(rawValue: organizationKind), kind != .natural else { return nil }
        return kind
    }

    /// The column of table 三 the applicant counts in.
    public var applicantKind: ApplicantKind {
        applicantType == ApplicantType.organization.rawValue ? organizationApplicant ?? .otherOrganization : .natural
    }

    /// The request's text: what is sought, its 文号 and description, and the form and delivery.
    var requestText: String {
        var parts = ["所需信息：\(title.trimmed)"]
        if !documentNumber.trimmed.isEmpty { parts.append("文号：\(documentNumber.trimmed)") }
        if !description.trimmed.isEmpty { parts.append("描述：\(description.trimmed)") }
        parts.append("形式：\(form)；获取方式：\(delivery)")
        return parts.joined(separator: "\n")
    }

    /// The applicant's identity and contact details, kept as the request's private contact.
    var contactText: String {
        var parts: [String] = []
        if applicantType == ApplicantType.organization.rawValue {
            parts.append("统一社会信用代码：\(creditCode.trimmed.uppercased())")
            parts.append("联系人：\(contactPerson.trimmed)")
        } else {
            parts.append("\(identityDocument)：\(identityNumber.trimmed.uppercased())")
        }
        parts.append("电话：\(phone.trimmed)")
        if !email.trimmed.isEmpty { parts.append("电子邮箱：\(email.trimmed)") }
        if !address.trimmed.isEmpty { parts.append("地址：\(address.trimmed)" + (postcode.isEmpty ? "" : "（\(postcode)）")) }
        return parts.joined(separator: "；")
    }

    // MARK: Checks of the numbers people give

    /// A resident identity number (GB 11643-1999): 17 digits and a check character.
    public static func isResidentID(_ text: String) -> Bool {
        let chars = Array(text.trimmed.uppercased())
        guard chars.count == 18, chars.prefix(17).allSatisfy(\.isASCIIDigit) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return chars[17] == Array("10X98765432")[sum % 11]
    }

    /// A unified social credit code (GB 32100-2015): 18 characters of its alphabet, the last a
    /// check character.
    public static func isCreditCode(_ text: String) -> Bool {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let chars = Array(text.trimmed.uppercased())
        guard chars.count == 18 else { return false }
        var values: [Int] = []
        for c in chars {
            guard let v = alphabet.firstIndex(of: c) else { return false }
            values.append(v)
        }
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return values[17] == (31 - sum % 31) % 31
    }

    /// A mobile number (11 digits from 1) or a fixed line with its area code (e.g. 0517-83608888).
    public static func isPhone(_ text: String) -> Bool {
        let t = text.trimmed
        guard !t.isEmpty, t.count <= 20, t.allSatisfy({ $0.isASCIIDigit || $0 == "-" }) else { return false }
        let digits = t.filter(\.isASCIIDigit)
        if digits.count == 11 && digits.hasPrefix("1") && !t.contains("-") { return true }
        return t.hasPrefix("0") && (10...12).contains(digits.count)
    }

    public static func isEmail(_ text: String) -> Bool {
        let t = text.trimmed
        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !t.contains(where: { $0.isWhitespace })
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    var trimmed: String { String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
}

extension Office {
    /// Registers an online application as a request received today, with a new id, and gives
    /// the applicant's 查询码; refused, naming the first field at fault, when the form has
    /// problems (``OnlineApplication/problems()`` lists them all).
    public func apply(_ application: OnlineApplication) async throws(StoreError) -> (request: ApplicationCase, trackingToken: String) {
        if let first = application.problems().first { throw .invalid(field: first.field, first.message) }
        let day = today()
        for _ in 0..<8 {
            let id = String(format: "WS%04d%02d%02d-%06d", day.year, day.month, day.day, Int.random(in: 0..<1_000_000))
            let form = RequestForm(
                id: id, applicant: application.applicantKind.rawValue, channel: Channel.online.rawValue, receivedOn: day.description,
                submittedOn: day.description, request: application.requestText, applicantName: application.name.trimmed,
                contact: application.contactText)
            do {
                return try await registerRequest(form, by: "applicant:online")
            } catch .conflict {
                continue
            }
        }
        throw .database("no free request id for \(day)")
    }
}
