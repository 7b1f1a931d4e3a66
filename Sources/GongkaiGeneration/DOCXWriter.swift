import Foundation
import GongkaiModel
import ZIPFoundation

/// The report as a Word document in the structure of the national template: title, the six
/// headings, the three tables with the same rows, columns and merged cells (`w:gridSpan`,
/// `w:vMerge`), 公文 fonts (方正小标宋 title, 黑体 headings, 仿宋 text, with fallbacks), A4.
public enum DOCXWriter {
    public static func render(_ report: Report, draftMark: String? = nil) throws(RenderError) -> Data {
        let layout = ReportLayout(report, draftMark: draftMark)
        var body = ""
        for block in layout.blocks {
            switch block {
            case .title(let t): body += title(t, agency: report.agency)
            // On the first page under the title, and in the header of every page.
            case .draftMark(let m): body += paragraph(m, font: "黑体", size: 32, bold: true, color: "C00000")
            // A heading is kept on the page of what follows it.
            case .heading(let h): body += paragraph(h, font: "黑体", size: 32, indent: true, keepNext: true)
            case .paragraph(let p): body += paragraph(p, font: "仿宋_GB2312", size: 32, indent: true)
            case .signature(let s): body += paragraph(s, font: "仿宋_GB2312", size: 32, align: "right")
            case .table(let grid): body += table(grid, layout) + paragraph("", font: "仿宋_GB2312", size: 21)
            }
        }
        return try package(body: body, draftMark: draftMark)
    }

    /// A letter in the same 公文 style: its title, the addressee, the paragraphs, and the
    /// office's name and the date at the right — the notices an office sends an applicant.
    public static func letter(title: String, addressee: String, paragraphs: [String], signature: [String]) throws(RenderError) -> Data {
        var body = paragraph(title, font: "方正小标宋简体", size: 44, align: "center", keepNext: true)
        body += paragraph("", font: "仿宋_GB2312", size: 32)
        body += paragraph(addressee, font: "仿宋_GB2312", size: 32)
        for p in paragraphs { body += paragraph(p, font: "仿宋_GB2312", size: 32, indent: true) }
        body += paragraph("", font: "仿宋_GB2312", size: 32)
        for line in signature { body += paragraph(line, font: "仿宋_GB2312", size: 32, align: "right") }
        return try package(body: body, draftMark: nil)
    }

    /// The body in an A4 document with the page number in the footer of every page (— 1 —),
    /// and a draft's mark in the header of every page, not only on the first.
    static func package(body: String, draftMark: String?) throws(RenderError) -> Data {
        var sectionReferences = "<w:footerReference w:type=\"default\" r:id=\"rId3\"/>"
        if draftMark != nil { sectionReferences = "<w:headerReference w:type=\"default\" r:id=\"rId4\"/>" + sectionReferences }
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <w:body>
            \(body)<w:sectPr>\(sectionReferences)<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>
            </w:body>
            </w:document>
            """
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(withHeader: draftMark != nil)), ("_rels/.rels", packageRelationships),
            ("word/_rels/document.xml.rels", documentRelationships(withHeader: draftMark != nil)), ("word/document.xml", document),
            ("word/styles.xml", styles), ("word/fontTable.xml", fontTable), ("word/footer1.xml", footer),
        ]
        if draftMark != nil { parts.append(("word/header1.xml", header("【草稿】未经更正不得公开发布"))) }
        do {
            let archive = try Archive(accessMode: .create)
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw RenderError.io("the DOCX archive could not be written") }
            return bytes
        } catch let error as RenderError {
            throw error
        } catch {
            throw .io("the DOCX archive could not be written: \(error)")
        }
    }

    /// The title, kept with the first heading; the agency on a line of its own before the rest,
    /// as offices print it, so that the line never breaks inside a word such as 年度.
    static func title(_ text: String, agency: String?) -> String {
        let font = "方正小标宋简体", size = 44
        var p = "<w:p><w:pPr><w:keepNext/><w:spacing w:after=\"240\" w:line=\"640\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/>"
        p += runProperties(font: font, size: size) + "</w:pPr>"
        var lines = [text]
        let suffix = "政府信息公开工作年度报告"
        if let agency, text.hasPrefix(agency), text.count > agency.count {
            lines = [agency, String(text.dropFirst(agency.count))]
        } else if text.count > 20, text.hasSuffix(suffix), text.count > suffix.count {
            // Too long for one line (about twenty characters at this size): the break comes
            // before the report's name, never inside it.
            lines = [String(text.dropLast(suffix.count)), suffix]
        }
        for (k, line) in lines.enumerated() {
            p +=
                "<w:r>\(runProperties(font: font, size: size))" + (k > 0 ? "<w:br/>" : "")
                + "<w:t xml:space=\"preserve\">\(MarkupText.escaped(line))</w:t></w:r>"
        }
        return p + "</w:p>\n"
    }

    static func runProperties(font: String, size: Int, bold: Bool = false, color: String? = nil) -> String {
        "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"\(font)\"/>"
            + (bold ? "<w:b/>" : "") + (color.map { "<w:color w:val=\"\($0)\"/>" } ?? "")
            + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
    }

    static func paragraph(
        _ text: String, font: String, size: Int, align: String? = nil, indent: Bool = false, bold: Bool = false,
        color: String? = nil, spacingAfter: Int = 0, keepNext: Bool = false
    ) -> String {
        var p = "<w:p><w:pPr>"
        if keepNext { p += "<w:keepNext/>" }
        p += "<w:spacing w:after=\"\(spacingAfter)\" w:line=\"560\" w:lineRule=\"exact\"/>"
        if indent { p += "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>" }
        if let align { p += "<w:jc w:val=\"\(align)\"/>" }
        p += runProperties(font: font, size: size, bold: bold, color: color) + "</w:pPr>"
        if !text.isEmpty {
            p +=
                "<w:r>\(runProperties(font: font, size: size, bold: bold, color: color))<w:t xml:space=\"preserve\">\(MarkupText.escaped(text))</w:t></w:r>"
        }
        return p + "</w:p>\n"
    }

    /// A table: grid cells become `w:tc`; a row span becomes `w:vMerge` restart/continue cells
    /// in the rows below, placed at the span's column.
    static func table(_ grid: TableGrid, _ layout: ReportLayout) -> String {
        let total = 9000  // twips across the text width
        var size = grid.table == .t4 ? 18 : 21
        let widths = fittedWidths(grid, layout, total: total, size: &size)
        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(total)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>"
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            out += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        out +=
            "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
        for w in widths { out += "<w:gridCol w:w=\"\(w)\"/>" }
        out += "</w:tblGrid>\n"
        // Columns still covered by a span from above: column → (remaining rows, column span).
        var covered: [Int: (rows: Int, columns: Int)] = [:]
        // The header rows (every cell a header) repeat at the top of each page the table runs
        // onto, and stay with the first row of values.
        let headerRows = grid.rows.prefix { row in row.allSatisfy(\.isHeader) }.count
        for (k, row) in grid.rows.enumerated() {
            // A row is not split across pages.
            out += "<w:tr><w:trPr><w:cantSplit/>" + (k < headerRows ? "<w:tblHeader/>" : "") + "</w:trPr>"
            var column = 0
            var cells = row[...]
            while column < grid.columnCount {
                if let cover = covered[column] {
                    out += cell(
                        "", width: widths[column..<column + cover.columns].reduce(0, +), span: cover.columns, merge: "continue", size: size,
                        header: false)
                    covered[column] = cover.rows > 1 ? (cover.rows - 1, cover.columns) : nil
                    column += cover.columns
                    continue
                }
                guard let c = cells.first else { break }
                cells = cells.dropFirst()
                let width = widths[column..<min(grid.columnCount, column + c.columnSpan)].reduce(0, +)
                if c.rowSpan > 1 { covered[column] = (c.rowSpan - 1, c.columnSpan) }
                out += cell(
                    layout.text(of: c), width: width, span: c.columnSpan, merge: c.rowSpan > 1 ? "restart" : nil,
                    size: size, header: c.isHeader, left: c.cell == nil && !c.isHeader, keepNext: k < headerRows)
                column += c.columnSpan
            }
            out += "</w:tr>\n"
        }
        return out + "</w:tbl>\n"
    }

    /// Cell margins, left and right together, in twips.
    static let cellMargins = 80

    /// The column widths in twips: the template's proportions, with value columns widened so
    /// that their longest number stays on one line (a wrapped number cannot be read back). The
    /// width comes from the label columns, which keep at least 70% of their width; if that is
    /// not enough the table's font is made smaller (`size` in half-points), and at 6 pt the
    /// labels give up to two characters each.
    static func fittedWidths(_ grid: TableGrid, _ layout: ReportLayout, total: Int, size: inout Int) -> [Int] {
        let unit = grid.columnWidths.reduce(0, +)
        let proportional = grid.columnWidths.map { $0 * total / unit }
        // The longest value text of each value column, in characters.
        var longest = Array(repeating: 0, count: grid.columnCount)
        var isValueColumn = Array(repeating: false, count: grid.columnCount)
        for (row, starts) in zip(grid.rows, grid.columns) {
            for (cell, column) in zip(row, starts) where cell.cell != nil && cell.columnSpan == 1 {
                isValueColumn[column] = true
                longest[column] = max(longest[column], layout.text(of: cell).count)
            }
        }
        let labels = proportional.indices.filter { !isValueColumn[$0] }
        let smallest = 12
        while true {
            // A digit is about 0.55 em; an em is size/2 points of 20 twips.
            let digit = (size * 11 + 1) / 2
            var widths = proportional
            var deficit = 0
            for c in widths.indices where isValueColumn[c] {
                let needed = longest[c] * digit + cellMargins + 40
                if needed > widths[c] {
                    deficit += needed - widths[c]
                    widths[c] = needed
                }
            }
            if deficit == 0 { return widths }
            let current = size
            func floor(_ c: Int) -> Int {
                current > smallest ? proportional[c] * 7 / 10 : min(proportional[c], 2 * current * 10 + cellMargins)
            }
            let spare = labels.reduce(0) { $0 + max(0, widths[$1] - floor($1)) }
            if deficit <= spare {
                for c in labels { widths[c] -= max(0, widths[c] - floor(c)) * deficit / spare }
                // Rounding: the last label column takes up the difference.
                if let last = labels.last { widths[last] += total - widths.reduce(0, +) }
                return widths
            }
            if size <= smallest {
                // Too wide even at 6 pt: the widths in proportion within the page.
                let sum = widths.reduce(0, +)
                return widths.map { $0 * total / sum }
            }
            size -= 1
        }
    }

    static func cell(
        _ text: String, width: Int, span: Int, merge: String?, size: Int, header: Bool, left: Bool = false, keepNext: Bool = false
    ) -> String {
        var c = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { c += "<w:gridSpan w:val=\"\(span)\"/>" }
        if let merge { c += merge == "restart" ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>" }
        // A merged label stands level with the first row it spans, as the readers pair it.
        c +=
            "<w:vAlign w:val=\"\(merge == nil ? "center" : "top")\"/></w:tcPr><w:p><w:pPr>" + (keepNext ? "<w:keepNext/>" : "")
            + "<w:jc w:val=\"\(left ? "left" : "center")\"/>"
        let font = header ? "黑体" : "仿宋_GB2312"
        c += runProperties(font: font, size: size) + "</w:pPr>"
        if !text.isEmpty { c += "<w:r>\(runProperties(font: font, size: size))<w:t xml:space=\"preserve\">\(MarkupText.escaped(text))</w:t></w:r>" }
        return c + "</w:p></w:tc>"
    }

    static func contentTypes(withHeader: Bool) -> String {
        let header =
            withHeader
            ? #"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#
            : ""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\(header)</Types>
            """
    }
    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """
    static func documentRelationships(withHeader: Bool) -> String {
        let header =
            withHeader
            ? #"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#
            : ""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\(header)</Relationships>
            """
    }

    /// The footer: the page number between dashes, centred, in 宋体 digits (— 1 —).
    static let footer: String = {
        let run = runProperties(font: "宋体", size: 28)
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>\(run)<w:t xml:space="preserve">— </w:t></w:r><w:r>\(run)<w:fldChar w:fldCharType="begin"/></w:r><w:r>\(run)<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>\(run)<w:fldChar w:fldCharType="separate"/></w:r><w:r>\(run)<w:t>1</w:t></w:r><w:r>\(run)<w:fldChar w:fldCharType="end"/></w:r><w:r>\(run)<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
            """
    }()

    /// The header of a draft: its mark on every page, in red.
    static func header(_ mark: String) -> String {
        let run = runProperties(font: "黑体", size: 28, bold: true, color: "C00000")
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r>\(run)<w:t xml:space="preserve">\(MarkupText.escaped(mark))</w:t></w:r></w:p></w:hdr>
            """
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style></w:styles>
        """
    /// The 公文 fonts with the families to fall back on where they are not installed.
    static let fontTable = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/></w:font></w:fonts>
        """
}

/// Why a report could not be written.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The report breaks hard rules; `render --force` writes it with a draft mark.
    case findings([String])
    case missingTool(tool: String, package: String)
    case conversionFailed(String)
    case io(String)

    public var description: String {
        switch self {
        case .findings(let lines):
            "the report breaks \(lines.count) hard rule(s); correct it, or write a draft with --force:\n"
                + lines.map { "  " + $0 }.joined(separator: "\n")
        case .missingTool(let tool, let package): "\(tool) is not installed (Debian package \(package))"
        case .conversionFailed(let why): "the PDF conversion failed: \(why)"
        case .io(let why): why
        }
    }
}
