import GongkaiModel

/// Tells the 2019 format from the 2021 format by the table labels each prints
/// (research/templates.md §0), never by the year.
enum FormatDetector {
    static let markers2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项", "政府集中采购", "采购总金额", "采购项目数量"]
    static let markers2021 = ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "收费通知要求", "缴纳费用"]

    /// Both lists in one set, searched in one pass: the 2019 markers first.
    static let markers = PhraseSet(markers2019 + markers2021)

    /// The format whose markers outnumber the other's in the normalized text, or nil if none is present.
    static func detect(normalizedText text: String) -> ReportFormat? {
        let found = markers.occurring(in: text)
        let mask2019: UInt64 = (1 << UInt64(markers2019.count)) - 1
        let a = (found & mask2019).nonzeroBitCount
        let b = (found & ~mask2019).nonzeroBitCount
        if a == 0 && b == 0 { return nil }
        return a > b ? .v2019 : .v2021
    }
}
