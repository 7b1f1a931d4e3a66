import Foundation
import GongkaiModel
import GongkaiReading

/// What every output format prints, in order: the title, a draft mark when asked, the six
/// sections (paragraphs in 一, 五 and 六; the official table alone in 二, 三 and 四), and the
/// signature.
struct ReportLayout {
    enum Block {
        case title(String)
        case draftMark(String)
        case heading(String)
        case paragraph(String)
        case table(TableGrid)
        /// The closing lines: agency and date, right-aligned.
        case signature(String)
    }

    var blocks: [Block] = []
    let report: Report

    init(_ report: Report, draftMark: String?) {
        self.report = report
        let format = report.format ?? .v2021
        var title = report.title ?? "\(report.year.map { "\($0)年" } ?? "")政府信息公开工作年度报告"
        // A title printed over two lines is read without the agency on the first.
        if let agency = report.agency, !title.contains(agency) { title = agency + title }
        blocks.append(.title(title))
        if let draftMark { blocks.append(.draftMark(draftMark)) }
        let grids = OfficialTables.grids(format, singleOtherHandlingRow: report.singleOtherHandlingRow)
        let pageWidth = Self.pageWidth(of: [SectionKind.overview, .problems, .otherMatters].flatMap { Self.lines(report.section($0)?.text ?? "") })
        for kind in SectionKind.allCases {
            let section = report.section(kind)
            blocks.append(.heading(section?.heading ?? kind.standardHeading))
            // Sections 二, 三 and 四 hold the official table and nothing else; their text, as a
            // reader finds it, is the source's own printing of that table (headers, values and
            // page numbers), which the table made from the cells replaces.
            if let grid = grids.first(where: { $0.table.section == kind }) {
                blocks.append(.table(grid))
            } else {
                var paragraphs = Self.paragraphs(section?.text ?? "", pageWidth: pageWidth)
                // A report read back from what Gongkai wrote carries its 落款 at the end of section
                // 六; it is printed once, below, not again as text.
                if kind == SectionKind.allCases.last {
                    while let last = paragraphs.last, last == report.agency || Self.isDateLine(last) { paragraphs.removeLast() }
                }
                for paragraph in paragraphs { blocks.append(.paragraph(paragraph)) }
            }
        }
        if let agency = report.agency { blocks.append(.signature(agency)) }
        if let date = report.publicationDate { blocks.append(.signature("\(date.year)年\(date.month)月\(date.day)日")) }
    }

    /// Whether a line is a date alone, as the 落款 prints it (`2026年1月20日`).
    static func isDateLine(_ line: String) -> Bool {
        line.range(of: #"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"#, options: .regularExpression) != nil
    }

    /// The sections still holding a placeholder (`（在此…）`) instead of the office's text.
    static func placeholderSections(of report: Report) -> [SectionKind] {
        report.sections.filter { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("（在此") }.map(\.kind)
    }

    /// The lines of a section's text: page numbers (`-5-`) and form feeds dropped, trimmed.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.filter { $0 != "\u{0C}" }.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}")) }
            .filter { !$0.isEmpty && !ValueText.isPageMarker(Substring($0)) }
    }

    /// The width of a page whose lines were wrapped, as in text read from a PDF: the commonest
    /// width among the wide lines, if at least three lines have it; nil for text with a
    /// paragraph per line (HTML, Word, a fill-in document).
    static func pageWidth(of lines: [String]) -> Int? {
        let widths = lines.map(displayWidth)
        guard let widest = widths.max() else { return nil }
        var counts: [Int: Int] = [:]
        for w in widths where w * 5 >= widest * 4 { counts[w, default: 0] += 1 }
        guard let (page, count) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), count >= 3 else { return nil }
        return page
    }

    /// The section text's paragraphs. On a wrapped page, a line that fills the page without
    /// ending a sentence continues on the next line unless that line starts an item (`（二）`,
    /// `2.`); a full line may fall two characters short of the page width (digits,
    /// punctuation), a paragraph's first line four (its indent, trimmed away).
    static func paragraphs(_ text: String, pageWidth: Int?) -> [String] {
        let lines = lines(text)
        guard let page = pageWidth else { return lines }
        var out: [String] = []
        var continues = false
        for line in lines {
            let joins = continues && !startsItem(line)
            if joins { out[out.count - 1] += line } else { out.append(line) }
            continues = displayWidth(line) >= page - (joins ? 4 : 8) && !endsSentence(line)
        }
        return out
    }

    /// Printed width in half-width units: ASCII 1, everything else 2.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
    }

    static func endsSentence(_ line: String) -> Bool {
        guard let last = line.unicodeScalars.last else { return true }
        return "。！？；：!?;:".unicodeScalars.contains(last)
    }

    /// Whether the line starts an enumerated item: `（一）`, `(1)`, `一、`, `1.`, `1、`.
    static func startsItem(_ line: String) -> Bool {
        let numerals = "一二三四五六七八九十0123456789０１２３４５６７８９".unicodeScalars
        let u = Array(line.unicodeScalars.prefix(5))
        guard let first = u.first else { return false }
        if first == "（" || first == "(" {
            return u.count > 2 && numerals.contains(u[1])
        }
        guard numerals.contains(first) else { return false }
        let next = u.dropFirst().first { !numerals.contains($0) }
        return next.map { "、.．".unicodeScalars.contains($0) } ?? false
    }

    /// The text a value cell prints; `blank` is what an empty cell prints in this output.
    func text(of cell: GridCell, blank: String = "") -> String {
        guard let id = cell.cell else { return cell.text }
        guard let value = report.cells[id]?.value else { return blank }
        let text = ReportInput.text(of: value)
        return text.isEmpty ? blank : text
    }
}
