import Foundation
import GongkaiModel

/// The report as Markdown, for review in plain text: headings, paragraphs, and pipe tables
/// whose merged cells are written out row by row (a blank cell prints `—`).
public enum MarkdownWriter {
    public static func render(_ report: Report, draftMark: String? = nil) -> String {
        let layout = ReportLayout(report, draftMark: draftMark)
        var out = ""
        for block in layout.blocks {
            switch block {
            case .title(let t): out += "# \(t)\n\n"
            case .draftMark(let m): out += "> **\(m)**\n\n"
            case .heading(let h): out += "## \(h)\n\n"
            case .paragraph(let p): out += "\(p)\n\n"
            case .signature(let s): out += "\(s)\n\n"
            case .table(let grid): out += table(grid, layout) + "\n"
            }
        }
        return out
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "｜") }.joined(separator: " | ") + " |\n"
    }

    static func table(_ grid: TableGrid, _ layout: ReportLayout) -> String {
        var out = ""
        switch grid.table {
        case .t2:
            // One pipe table per 第二十条 item, each with its own header.
            for line in grid.rows {
                if line.count == 1 {
                    out += (out.isEmpty ? "" : "\n") + "\(line[0].text)\n\n"
                } else if line.allSatisfy(\.isHeader) {
                    out += row(line.map(\.text))
                    out += row(Array(repeating: "---", count: line.count))
                } else {
                    out += row(line.map { layout.text(of: $0, blank: "—") })
                }
            }
        case .t3:
            let columns = ReportTemplate.applicantColumns
            out += row(["项目"] + columns.map(\.label))
            out += row(Array(repeating: "---", count: columns.count + 1))
            for line in grid.rows where line.contains(where: { $0.cell != nil }) {
                let labels = line.filter { $0.cell == nil }.map(\.text)
                let ids = line.compactMap(\.cell)
                // Group labels (三、本年度办理结果, （三）不予公开) get a row of their own, with no cells.
                for group in labels.dropLast() { out += row([group]) }
                out += row([labels.last ?? ""] + ids.map { layout.text(of: GridCell(value: $0), blank: "—") })
            }
        case .t4:
            let groups = ReportTemplate.table4Groups
            let columns = ReportTemplate.table4Columns
            out += row(["项目"] + columns.map(\.label))
            out += row(Array(repeating: "---", count: columns.count + 1))
            for (group, name) in groups {
                out += row([name] + columns.map { layout.text(of: GridCell(value: CellID("t4", group, $0.key)), blank: "—") })
            }
        }
        return out
    }
}
