import GongkaiModel

/// Checks one report against the rules of Docs/Rules.md that need only that report.
/// It reports what the report says and never repairs a number.
///
/// ```swift
/// let findings = Checker().check(report)
/// let errors = findings.filter { $0.severity == .error }
/// ```
public struct Checker: Sendable {
    public init() {}

    public func check(_ report: Report) -> [Finding] {
        // The whole text in label form, for the rules that look for phrases anywhere in it.
        let normalizedText = report.normalizedText
        var findings: [Finding] = []
        findings += StructureRules.findings(report, normalizedText: normalizedText)
        findings += ArithmeticRules.findings(report)
        findings += CellRules.findings(report)
        findings += NarrativeRules.findings(report)
        findings += QualityRules.findings(report, normalizedText: normalizedText)
        findings.sort { a, b in
            let la = a.at.map { ($0.line, $0.column) } ?? (Int.max, 0)
            let lb = b.at.map { ($0.line, $0.column) } ?? (Int.max, 0)
            return la != lb ? la < lb : a.rule < b.rule
        }
        Causes.link(&findings, report: report)
        return findings
    }
}

/// Chinese names of rows and columns for messages.
enum Names {
    static func column(_ key: Substring) -> String {
        ReportTemplate.applicantColumns.first { $0.key == key }?.label
            ?? ReportTemplate.table4Columns.first { $0.key == key }?.label ?? String(key)
    }

    static func row(_ key: Substring, format: ReportFormat?) -> String {
        if key == "other_handling" { return "（六）其他处理" }
        let template = ReportTemplate.of(format ?? .v2021)
        for table in TableID.allCases {
            if let r = template.rows(of: table).first(where: { $0.key == key }) { return r.label }
        }
        if let r = ReportTemplate.of(.v2019).table2.first(where: { $0.key == key }) { return r.label }
        return String(key)
    }

    static func cell(_ id: CellID, format: ReportFormat?) -> String {
        "\(row(id.row, format: format))·\(column(id.column))"
    }
}
