/// The national format a report's tables follow (年度报告格式).
///
/// The format is detected from the table labels, never from the year: a 2022 report may still
/// print the 2019 tables.
public enum ReportFormat: String, Sendable, Codable, CaseIterable {
    /// 国办公开办函〔2019〕60号 — used for the statistical years 2019 and 2020.
    case v2019 = "2019"
    /// 国办公开办函〔2021〕30号 — used from the statistical year 2021 on.
    case v2021 = "2021"

    /// The notice that fixes this format, as reports cite it.
    public var notice: String {
        switch self {
        case .v2019: "国办公开办函〔2019〕60号"
        case .v2021: "国办公开办函〔2021〕30号"
        }
    }

    /// The format that applies to a statistical year.
    public static func expected(forYear year: Int) -> ReportFormat {
        year >= 2021 ? .v2021 : .v2019
    }
}
