import GongkaiChecks
import GongkaiGeneration
import GongkaiModel

/// A report's three tables as the pages draw them: the official grid, each value cell marked —
/// correct, breaking a rule (error or warning), blank, unread, read by OCR with low
/// confidence — and the findings listed with their cells and where they stand in the source.
struct ReportView {
    /// OCR cells below this confidence are marked for a second look.
    static let lowConfidence = 80.0

    var report: Report
    var findings: [Finding]

    init(report: Report, findings: [Finding]? = nil) {
        self.report = report
        self.findings = findings ?? Checker().check(report)
    }

    /// Each cell's mark: the worst finding that names it.
    var marks: [CellID: Severity] {
        var out: [CellID: Severity] = [:]
        for f in findings {
            for id in f.cells where out[id].map({ $0 < f.severity }) ?? true { out[id] = f.severity }
        }
        return out
    }

    /// The tables for a template: `editable` draws inputs in the value cells (the workbench).
    func tables(editable: Bool = false) -> [[String: Any]] {
        let format = report.format ?? .v2021
        let marks = marks
        return OfficialTables.grids(format, singleOtherHandlingRow: report.singleOtherHandlingRow).map { grid in
            let rows: [[String: Any]] = grid.rows.map { row in
                let cells: [[String: Any]] = row.map { cell in
                    var out: [String: Any] = [
                        "text": cell.text, "header": cell.isHeader, "rowspan": cell.rowSpan, "colspan": cell.columnSpan,
                        "spans": cell.rowSpan > 1 || cell.columnSpan > 1, "cellID": false, "editable": false,
                    ]
                    guard let id = cell.cell else { return out }
                    out["cellID"] = id.rawValue
                    out["editable"] = editable
                    let stored = report.cells[id]
                    var classes: [String] = []
                    var notes: [String] = []
                    switch stored?.value {
                    case .number(let n): out["value"] = n.description
                    case .text(let t): out["value"] = t
                    case .blank?:
                        out["value"] = ""
                        classes.append("blank")
                        notes.append("空白")
                    case nil:
                        out["value"] = ""
                        classes.append("unread")
                        notes.append("未读出")
                    }
                    if let confidence = stored?.origin?.confidence {
                        notes.append("OCR置信度\(Int(confidence.rounded()))")
                        if confidence < Self.lowConfidence { classes.append("ocr-low") }
                    }
                    if stored?.provenance == .placed { notes.append("按表格结构定位") }
                    if stored?.provenance == .recovered { notes.append("由连写数字拆分") }
                    switch marks[id] {
                    case .error?: classes.append("error")
                    case .warning?: classes.append("warning")
                    default: if stored != nil, stored?.value != .blank { classes.append("ok") }
                    }
                    out["class"] = classes.joined(separator: " ")
                    out["note"] = ([id.rawValue] + notes).joined(separator: " · ")
                    return out
                }
                return ["cells": cells]
            }
            return ["name": grid.table.chineseName, "key": grid.table.rawValue, "rows": rows]
        }
    }

    /// The findings, most severe first, each with its cells and its source line or page (and,
    /// with `pageLink`, where that page can be seen).
    func findingList(pageLink: ((Int) -> String)? = nil) -> [[String: Any]] {
        let order = findings.indices.sorted { (findings[$0].severity, $1) > (findings[$1].severity, $0) }
        return order.map { i in
            let f = findings[i]
            var out: [String: Any] = [
                "rule": f.rule, "message": f.message, "severity": Self.severityLabel(f.severity), "severityKey": f.severity.rawValue,
                "cells": f.cells.map(\.rawValue).joined(separator: " "), "consequence": f.cause != nil,
            ]
            if let span = f.at ?? f.cells.lazy.compactMap({ report.cells[$0]?.span }).first, report.lines.indices.contains(span.line - 1) {
                out["line"] = span.line
                out["source"] = String(report.lines[span.line - 1]).trimmingCharacters(in: .whitespaces)
            }
            if let page = f.cells.lazy.compactMap({ report.cells[$0]?.origin?.page }).first {
                out["page"] = page
                if let pageLink { out["pageLink"] = pageLink(page) }
            }
            return out
        }
    }

    static func severityLabel(_ s: Severity) -> String {
        switch s {
        case .error: "错误"
        case .warning: "警告"
        default: "提示"
        }
    }

    /// The counts a page's summary shows.
    var counts: [String: Int] {
        let causes = findings.causeCounts()
        let template = report.templateCellIDs
        return [
            "errors": causes.errors, "warnings": causes.warnings,
            "cells": template.count, "read": template.filter { report.cells[$0] != nil }.count,
            "lowConfidence": template.filter { (report.cells[$0]?.origin?.confidence ?? 100) < Self.lowConfidence }.count,
        ]
    }
}
