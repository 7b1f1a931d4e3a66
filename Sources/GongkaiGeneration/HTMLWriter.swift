import GongkaiModel

/// The report as one standalone, printable HTML page with the official tables (`rowspan`,
/// `colspan`), fit to paste into a government site's content system.
public enum HTMLWriter {
    public static func render(_ report: Report, draftMark: String? = nil) -> String {
        let layout = ReportLayout(report, draftMark: draftMark)
        var body = ""
        for block in layout.blocks {
            switch block {
            case .title(let t): body += "<h1>\(MarkupText.escaped(t))</h1>\n"
            case .draftMark(let m): body += "<p class=\"draft\">\(MarkupText.escaped(m))</p>\n"
            case .heading(let h): body += "<h2>\(MarkupText.escaped(h))</h2>\n"
            case .paragraph(let p): body += "<p>\(MarkupText.escaped(p))</p>\n"
            case .signature(let s): body += "<p class=\"signature\">\(MarkupText.escaped(s))</p>\n"
            case .table(let grid): body += table(grid, layout)
            }
        }
        let title = layout.blocks.first.flatMap { if case .title(let t) = $0 { t } else { nil } } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>\(MarkupText.escaped(title))</title>
            <style>
            @page { size: A4; margin: 25mm 20mm; }
            body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; max-width: 170mm; margin: 0 auto; }
            h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: normal; text-align: center; }
            h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; }
            p { text-indent: 2em; margin: 0; }
            p.signature { text-align: right; }
            p.draft { color: #c00; font-weight: bold; text-indent: 0; border: 2px solid #c00; padding: 4px 8px; margin: 8px 0; }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 10.5pt; line-height: 1.3; }
            td { border: 1px solid #000; padding: 2px 4px; text-align: center; vertical-align: middle; }
            td.label { text-align: left; }
            td.head { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func table(_ grid: TableGrid, _ layout: ReportLayout) -> String {
        var out = "<table>\n"
        for row in grid.rows {
            out += "<tr>"
            for cell in row {
                var attributes = ""
                if cell.rowSpan > 1 { attributes += " rowspan=\"\(cell.rowSpan)\"" }
                if cell.columnSpan > 1 { attributes += " colspan=\"\(cell.columnSpan)\"" }
                let kind = cell.cell != nil ? "value" : cell.isHeader ? "head" : "label"
                out += "<td class=\"\(kind)\"\(attributes)>\(MarkupText.escaped(layout.text(of: cell)))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }
}
