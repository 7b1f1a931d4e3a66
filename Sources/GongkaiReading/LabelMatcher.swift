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

    /// Whether the label starts a row of values: a row of table 二 or 三, or （六）其他处理, a
    /// data row in the 2019 format.
    var namesDataRow: Bool {
        switch self {
        case .t2Row, .t3Row, .t3Group(.other): true
        default: false
        }
    }
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
    static let table2LabelBytes: [[UInt8]] = table2Labels.map { Array($0.label.utf8) }

    static func table2Key(bytes b: UnsafeBufferPointer<UInt8>) -> String? {
        for (k, label) in table2LabelBytes.enumerated() where label.count == b.count {
            if label.withUnsafeBufferPointer({ UTF8Search.equal(b, from: 0, $0) }) { return table2Labels[k].key }
        }
        return nil
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

    static let applicationBytes = Array("申请".utf8)

    /// The stems, found in a label in one pass.
    static let table3StemSet = PhraseSet(table3Stems.map(\.stem))

    /// Which stems of `table3Stems` occur in the bytes: bit k for stem k.
    static func stemsOccurring(in b: UnsafeBufferPointer<UInt8>) -> UInt64 { table3StemSet.occurring(in: b) }

    /// The ordinal each table-三 row carries in the template (used to split `…00002.其他法律…`).
    static func templateOrdinal(ofT3Row key: String) -> Int? {
        table3Stems.first { $0.key == key }?.ordinal ?? (key == "other_handling.other" ? 3 : nil)
    }

    /// Classifies a normalized label cell.
    static func match(normalized label: String) -> LabelMatch? { label.withUTF8Bytes(match(bytes:)) }

    /// Classifies a normalized label cell given as UTF-8 (the matcher runs on every short token,
    /// so it works on the bytes and builds no text).
    static func match(bytes label: UnsafeBufferPointer<UInt8>) -> LabelMatch? {
        // Scalars are counted only when the bytes alone do not settle the length.
        guard !label.isEmpty, label.count <= maximumLabelLength * 4,
            label.count <= maximumLabelLength || label.scalarCount <= maximumLabelLength
        else { return nil }
        if let key = table2Key(bytes: label) { return .t2Row(key) }
        if let open = outcomesFragmentEnd(label) { return match(bytes: UnsafeBufferPointer(rebasing: label[open...])) }
        let (ordinal, restStart) = LabelText.splitOrdinal(bytes: label)
        let rest = UnsafeBufferPointer(rebasing: label[restStart...])
        if rest.isEmpty { return nil }
        // The rest's length in scalars, asked for by two rare cases only.
        var restLength: Int { rest.scalarCount }
        if rest.hasPrefix("予以公开") && restLength <= 6 { return .t3Row("granted") }
        if rest.hasPrefix("部分公开") { return .t3Row("partial") }
        var found = stemsOccurring(in: rest)
        while found != 0 {
            let index = found.trailingZeroBitCount
            found &= found - 1
            let entry = table3Stems[index]
            // 上年结转 must not be read in 结转下年度; 新收 needs 申请 nearby to be the row label.
            if entry.key == "new" && restLength > 6
                && !applicationBytes.withUnsafeBufferPointer({ UTF8Search.first($0, in: rest) != nil })
            {
                continue
            }
            return .t3Row(entry.key)
        }
        if rest.equals("总计") || rest.equals("合计") {
            if let ordinal, ordinal.value == 7 { return .t3Row("total") }
            return nil
        }
        if rest.hasPrefix("本年度办理结果") || rest.equals("办理结果") { return .t3Group(.outcomes) }
        if rest.equals("不予公开") { return .t3Group(.denied) }
        if rest.equals("无法提供") { return .t3Group(.unavailable) }
        if rest.equals("不予处理") { return .t3Group(.rejected) }
        if rest.hasPrefix("其他处理") || (rest.equals("其他") && ordinal?.value == 6) {
            if ordinal == nil || ordinal?.value == 6 { return .t3Group(.other) }
        }
        if rest.equals("其他"), let ordinal, ordinal.value == 3, ordinal.style == .digit {
            return .t3Row("other_handling.other")
        }
        if ordinal == nil {
            if rest.equals("行政复议") { return .t4Group("review") }
            if rest.contains("未经复议直接起诉") { return .t4Group("suit_direct") }
            if rest.contains("复议后起诉") { return .t4Group("suit_after_review") }
        }
        return nil
    }

    /// The group label 三、本年度办理结果, normalized.
    static let outcomesGroupLabel = "三、本年度办理结果"

    /// A row label with a piece of the 三、本年度办理结果 group cell glued before it, as a PDF
    /// prints the narrow group column wrapped beside the rows (`三、本(一)予以公开`,
    /// `年度办(二)部分公开…`): the offset where the row label starts, or nil.
    static func outcomesFragmentEnd(_ label: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let open = UTF8Search.first(UInt8(ascii: "("), in: label), open > 0 else { return nil }
        let fragment = UnsafeBufferPointer(rebasing: label[..<open])
        guard fragment.scalarCount >= 2 else { return nil }
        return outcomesGroupBytes.withUnsafeBufferPointer { UTF8Search.first(fragment, in: $0) != nil } ? open : nil
    }

    static let outcomesGroupBytes = Array(outcomesGroupLabel.utf8)

    /// Characters of table-四 header text and its fragments (结果维持, 尚未审\n结, 结 果 …).
    static let table4HeaderCharacters: [UInt32] = Array(Set("结果维持纠正其他尚未审总计行政复议诉讼未经直接起后()·".unicodeScalars.map(\.value))).sorted()

    /// Whether a normalized text is made of table-四 header characters only (at most 16 of them).
    static func isTable4HeaderFragment(_ normalized: some StringProtocol) -> Bool {
        var count = 0
        for u in normalized.unicodeScalars {
            count += 1
            if count > 16 || !table4HeaderCharacters.contains(u.value) { return false }
        }
        return count > 0
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

/// Comparisons of a UTF-8 buffer with literal text, without building strings.
extension UnsafeBufferPointer<UInt8> {
    /// The number of scalars in valid UTF-8.
    var scalarCount: Int {
        guard let base = baseAddress else { return 0 }
        // Bytes minus continuation bytes (10xxxxxx), eight bytes at a time: a byte's bit 7
        // with its bit 6 clear marks a continuation byte. The marks, moved to each byte's bit
        // 0, are summed by one multiplication (no popcount instruction on baseline x86-64).
        let high: UInt64 = 0x8080_8080_8080_8080
        var continuations = 0
        var i = 0
        while i + 8 <= count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            continuations += Int(truncatingIfNeeded: (((w & ~(w << 1) & high) >> 7) &* 0x0101_0101_0101_0101) >> 56)
            i += 8
        }
        while i < count {
            if base[i] & 0xC0 == 0x80 { continuations += 1 }
            i += 1
        }
        return count - continuations
    }

    func hasPrefix(_ text: StaticString) -> Bool { UTF8Search.equal(self, from: 0, Self.bytes(of: text)) }

    func equals(_ text: StaticString) -> Bool { count == text.utf8CodeUnitCount && hasPrefix(text) }

    func contains(_ text: StaticString) -> Bool { UTF8Search.first(Self.bytes(of: text), in: self) != nil }

    private static func bytes(of text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}
