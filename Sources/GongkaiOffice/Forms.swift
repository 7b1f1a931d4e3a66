import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// What a door hands the office: the fields of a request, an item, a case, as text and numbers
/// as a form, a request body or a command line gives them. The JSON API decodes its bodies into
/// these very types, so the command line and the API accept and refuse the same things.

/// A request for government information, as registered (条例 Art. 29–31).
public struct RequestForm: Decodable, Sendable {
    public var id: String
    /// The application it was split from (一事一申请); its own id by default.
    public var applicationId: String?
    /// `natural` … `other_org`, or the column's name (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).
    public var applicant: String
    /// `in_person`, `letter`, `online`, `fax`, `email`, or 当面, 信函, 在线, 传真, 电子邮件.
    public var channel: String
    public var receivedOn: String
    public var submittedOn: String?
    public var request: String
    /// Kept private: shown to staff, never on a public page or to the audit role.
    public var applicantName: String?
    public var contact: String?

    public init(
        id: String, applicationId: String? = nil, applicant: String, channel: String, receivedOn: String,
        submittedOn: String? = nil, request: String, applicantName: String? = nil, contact: String? = nil
    ) {
        self.id = id
        self.applicationId = applicationId
        self.applicant = applicant
        self.channel = channel
        self.receivedOn = receivedOn
        self.submittedOn = submittedOn
        self.request = request
        self.applicantName = applicantName
        self.contact = contact
    }
}

/// An item of information to disclose proactively (条例 Art. 20).
public struct ItemForm: Decodable, Sendable {
    public var id: String
    public var title: String
    /// The Art. 20 category, 1–15.
    public var category: Int
    public var formedOn: String
    /// `rules` (规章) or `normative_docs` (行政规范性文件), for table 二.
    public var documentKind: String?

    public init(id: String, title: String, category: Int, formedOn: String, documentKind: String? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.formedOn = formedOn
        self.documentKind = documentKind
    }
}

/// A reconsideration or a suit about the office's disclosure (table 四).
public struct ReviewForm: Decodable, Sendable {
    public var id: String
    /// `review`, `suit_direct` or `suit_after_review`.
    public var route: String
    /// The request it is about, which must be registered.
    public var applicationId: String?
    public var filedOn: String

    public init(id: String, route: String, applicationId: String? = nil, filedOn: String) {
        self.id = id
        self.route = route
        self.applicationId = applicationId
        self.filedOn = filedOn
    }
}

/// The year's counts of table 二 that are not items.
public struct TallyForm: Codable, Sendable {
    public var year: Int
    public var licensingDecisions: Int
    public var penaltyDecisions: Int
    public var coercionDecisions: Int
    /// 行政事业性收费 in 万元, as the table prints it (`"3.5"`).
    public var adminFeesTenThousandYuan: String

    public init(year: Int, licensingDecisions: Int, penaltyDecisions: Int, coercionDecisions: Int, adminFeesTenThousandYuan: String) {
        self.year = year
        self.licensingDecisions = licensingDecisions
        self.penaltyDecisions = penaltyDecisions
        self.coercionDecisions = coercionDecisions
        self.adminFeesTenThousandYuan = adminFeesTenThousandYuan
    }
}

/// The checks every value from outside passes where it enters, each naming its field.
public enum Validate {
    /// The longest id, name and free text the office keeps.
    public static let maximumIDLength = 64
    public static let maximumNameLength = 200
    public static let maximumTextLength = 4000
    /// The years a date may fall in.
    public static let years = 1990...2100

    /// An id: 1 to 64 characters, none of them white space, a control character or `/` (which
    /// could never be read back in a path).
    public static func id(_ text: String, field: String) throws(StoreError) -> String {
        guard !text.isEmpty, text.count <= maximumIDLength else { throw .invalid(field: field, "编号须为1至\(maximumIDLength)个字符") }
        guard !text.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw .invalid(field: field, "编号不能含有空格、斜杠或控制字符")
        }
        return text
    }

    /// Free text that must say something: not blank, not longer than `limit` characters.
    public static func text(_ text: String, field: String, limit: Int = maximumTextLength, blank why: String) throws(StoreError) -> String {
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .invalid(field: field, why) }
        guard text.count <= limit else { throw .invalid(field: field, "不能超过\(limit)个字符") }
        return text
    }

    /// Optional text no longer than `limit`; blank is none.
    public static func optional(_ text: String?, field: String, limit: Int = maximumNameLength) throws(StoreError) -> String? {
        guard let text, text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        guard text.count <= limit else { throw .invalid(field: field, "不能超过\(limit)个字符") }
        return text
    }

    /// A day as `YYYY-MM-DD` in the years the office's records can hold.
    public static func date(_ text: String?, field: String) throws(StoreError) -> ReportDate {
        guard let text else { throw .invalid(field: field, "缺少日期（YYYY-MM-DD）") }
        guard let day = ReportDate(iso: text) else { throw .invalid(field: field, "\(text)不是日期（YYYY-MM-DD）") }
        guard years.contains(day.year) else { throw .invalid(field: field, "\(text)不在\(years.lowerBound)至\(years.upperBound)年之间") }
        return day
    }

    /// A count of a year's decisions: not negative, and bounded so that no sum overflows.
    public static func count(_ value: Int, field: String) throws(StoreError) -> Int {
        guard (0...10_000_000).contains(value) else { throw .invalid(field: field, "须为0至10000000的整数") }
        return value
    }
}
