import GongkaiModel

/// What a label cell names: a row of table 二 or 三, a group of rows, a group of table 四.
enum LabelMatch: Equatable {
    case t2Row(String)
    case t3Row(String)
    /// A row-group cell of table 三 (三、本年度办理结果, （三）不予公开 …); `other` is （六）其他处理,
    /// which is a data row in the 2019 format and a group in the 2021 format.
    case t3Group(T3Group)
    case t4Group(String)

    enum T3Group: Equatable { case outcomes, denied, unavailable, rejected, other }
}

/// Recognizes the row labels of the tables in all the variants seen in real reports
/// (research/templates.md §3.2): ASCII or full-width punctuation, `1、` for `1.`,
/// 本年新收到, 上年转结, typos such as 其他法律行政止公开, labels cut by a line break.
enum LabelMatcher {
    /// The longest a label cell may be (in scalars, normalized); longer text is prose.
    static let maximumLabelLength = 48

    static let table2Labels: [(label: String, key: String)] = [
        ("规章", "rules"), ("规范性文件", "normative_docs"), ("行政规范性文件", "normative_docs"),
        ("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"), ("行政处罚", "penalty"),
        ("行政强制", "coercion"), ("行政事业性收费", "admin_fees"), ("政府集中采购", "procurement"),
    ]

    static func table2Key(_ label: some StringProtocol) -> String? {
        table2Labels.first { label.utf8Equals($0.label) }?.key
    }

    /// Stems of table-三 row labels, tried in order on the label without its ordinal.
    static let table3Stems: [(stem: String, key: String, ordinal: Int?)] = [
        ("新收", "new", 1), ("上年结转", "carried_in", 2), ("上年转结", "carried_in", 2),
        ("结转下年", "carried_out", 4), ("转结下年", "carried_out", 4), ("下年度继续办理", "carried_out", 4),
        ("国家秘密", "denied.state_secret", 1), ("其他法律", "denied.prohibited_by_law", 2),
        ("三安全一稳定", "denied.three_security", 3), ("第三方合法权益", "denied.third_party", 4),
        ("内部事务", "denied.internal_affairs", 5), ("过程性信息", "denied.process_info", 6),
        ("行政执法案卷", "denied.enforcement_file", 7), ("行政查询事项", "denied.query_matter", 8),
        ("不掌握", "unavailable.not_held", 1), ("另行制作", "unavailable.needs_creation", 2),
        ("仍不明确", "unavailable.still_unclear", 3), ("信访举报投诉", "rejected.petition", 1),
        ("重复申请", "rejected.repeat", 2), ("公开出版物", "rejected.publication", 3),
        ("大量反复", "rejected.excessive", 4), ("确认或重新出", "rejected.confirmation", 5),
        ("重新出具", "rejected.confirmation", 5), ("逾期不补", "other_handling.no_correction", 1),
        ("收费通知", "other_handling.no_fee", 2), ("缴纳费用", "other_handling.no_fee", 2),
    ]

    /// The stems as UTF-8 bytes, searched without building strings.
    static let table3StemBytes: [[UInt8]] = table3Stems.map { Array($0.stem.utf8) }
    static let applicationBytes = Array("申请".utf8)

    /// The first character of each stem (its three UTF-8 bytes as one number), for one pass
    /// over a label instead of a search per stem.
    static let table3StemHeads: [UInt32] = table3StemBytes.map { UInt32($0[0]) << 16 | UInt32($0[1]) << 8 | UInt32($0[2]) }

    /// Which stems of `table3Stems` occur in the bytes: bit k for stem k.
    static func stemsOccurring(in b: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        let heads = table3StemHeads
        var i = 0
        while i + 2 < b.count {
            let lead = b[i]
            guard lead >= 0xE0 && lead < 0xF0 else {
                i += 1
                continue
            }
            let head = UInt32(lead) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
            for k in heads.indices where heads[k] == head && found & (1 << k) == 0 {
                if table3StemBytes[k].withUnsafeBufferPointer({ UTF8Search.equal(b, from: i, $0) }) { found |= 1 << k }
            }
            i += 3
        }
        return found
    }

    /// The ordinal each table-三 row carries in the template (used to split `…00002.其他法律…`).
    static func templateOrdinal(ofT3Row key: String) -> Int? {
        table3Stems.first { $0.key == key }?.ordinal ?? (key == "other_handling.other" ? 3 : nil)
    }

    /// Classifies a normalized label cell.
    static func match(normalized label: String) -> LabelMatch? {
        guard !label.isEmpty, label.utf8.count <= maximumLabelLength * 4,
            label.unicodeScalars.count <= maximumLabelLength
        else { return nil }
        if let key = table2Key(label) { return .t2Row(key) }
        if let row = withoutOutcomesFragment(label) { return match(normalized: String(row)) }
        let (ordinal, rest) = LabelText.splitOrdinal(label)
        if rest.isEmpty { return nil }
        if ordinal == nil, let key = table2Key(rest) { return .t2Row(key) }
        if rest.utf8HasPrefix("予以公开") && rest.unicodeScalars.count <= 6 { return .t3Row("granted") }
        if rest.utf8HasPrefix("部分公开") { return .t3Row("partial") }
        let restLength = rest.unicodeScalars.count
        let stem: String? = rest.withUTF8Bytes { restBytes in
            var found = stemsOccurring(in: restBytes)
            while found != 0 {
                let index = found.trailingZeroBitCount
                found &= found - 1
                let entry = table3Stems[index]
                // 上年结转 must not be read in 结转下年度; 新收 needs 申请 nearby to be the row label.
                if entry.key == "new" && restLength > 6
                    && !applicationBytes.withUnsafeBufferPointer({ UTF8Search.first($0, in: restBytes) != nil })
                {
                    continue
                }
                return entry.key
            }
            return nil
        }
        if let stem { return .t3Row(stem) }
        if rest.utf8Equals("总计") || rest.utf8Equals("合计") {
            if let ordinal, ordinal.value == 7 { return .t3Row("total") }
            return nil
        }
        if rest.utf8HasPrefix("本年度办理结果") || rest.utf8Equals("办理结果") { return .t3Group(.outcomes) }
        if rest.utf8Equals("不予公开") { return .t3Group(.denied) }
        if rest.utf8Equals("无法提供") { return .t3Group(.unavailable) }
        if rest.utf8Equals("不予处理") { return .t3Group(.rejected) }
        if rest.utf8HasPrefix("其他处理") || (rest.utf8Equals("其他") && ordinal?.value == 6) {
            if ordinal == nil || ordinal?.value == 6 { return .t3Group(.other) }
        }
        if rest.utf8Equals("其他"), let ordinal, ordinal.value == 3, ordinal.style == .digit {
            return .t3Row("other_handling.other")
        }
        if ordinal == nil {
            if rest.utf8Equals("行政复议") { return .t4Group("review") }
            if rest.utf8Contains("未经复议直接起诉") { return .t4Group("suit_direct") }
            if rest.utf8Contains("复议后起诉") { return .t4Group("suit_after_review") }
        }
        return nil
    }

    /// The group label 三、本年度办理结果, normalized.
    static let outcomesGroupLabel = "三、本年度办理结果"

    /// A row label with a piece of the 三、本年度办理结果 group cell glued before it, as a PDF
    /// prints the narrow group column wrapped beside the rows (`三、本(一)予以公开`,
    /// `年度办(二)部分公开…`): the row label alone, or nil.
    static func withoutOutcomesFragment(_ label: String) -> Substring? {
        guard let open = label.utf8.firstIndex(of: UInt8(ascii: "(")), open > label.startIndex else { return nil }
        let fragment = label[..<open]
        guard fragment.unicodeScalars.count >= 2, outcomesGroupLabel.utf8Contains(String(fragment)) else { return nil }
        return label[open...]
    }

    /// Characters of table-四 header text and its fragments (结果维持, 尚未审\n结, 结 果 …).
    static let table4HeaderCharacters: Set<Character> = Set("结果维持纠正其他尚未审总计行政复议诉讼未经直接起后()·")

    static func isTable4HeaderFragment(_ normalized: String) -> Bool {
        !normalized.isEmpty && normalized.count <= 16 && normalized.allSatisfy { table4HeaderCharacters.contains($0) }
    }
}

/// Row labels as the document readers see them (for joining label cells wrapped over lines).
public enum RowLabel {
    /// Whether the text names a row of table 二 or 三 (any ordinal, punctuation and spacing).
    public static func namesTableRow(_ text: String) -> Bool {
        switch LabelMatcher.match(normalized: LabelNormalization.normalize(text)) {
        case .t2Row?, .t3Row?, .t3Group(.other)?: true
        default: false
        }
    }

    /// Whether the text names a group of table-三 rows (（三）不予公开, （六）其他处理 …).
    public static func namesGroup(_ text: String) -> Bool {
        if case .t3Group? = LabelMatcher.match(normalized: LabelNormalization.normalize(text)) { return true }
        return false
    }

    /// The index of the table-三 applicant column a header names in full (自然人 … 总计).
    public static func applicantColumn(_ text: String) -> Int? {
        let normalized = LabelNormalization.normalize(text)
        return ReportTemplate.applicantColumns.firstIndex { $0.label == normalized }
    }

    /// The number of table-三 value columns.
    public static var applicantColumnCount: Int { ReportTemplate.applicantColumns.count }

    /// Whether the text is a number or a placeholder as value cells print them.
    public static func isValue(_ text: String) -> Bool { ValueText.parse(Substring(text)) != nil }
}
