import Foundation
import GongkaiModel

/// What every output format prints, in order: the title, a draft mark when asked, the six
/// sections with their paragraphs (tables in sections 二, 三 and 四), and the signature.
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
        let title = report.title ?? "\(report.agency ?? "")\(report.year.map { "\($0)年" } ?? "")政府信息公开工作年度报告"
        blocks.append(.title(title))
        if let draftMark { blocks.append(.draftMark(draftMark)) }
        let grids = OfficialTables.grids(format, singleOtherHandlingRow: report.singleOtherHandlingRow)
        for kind in SectionKind.allCases {
            let section = report.section(kind)
            blocks.append(.heading(section?.heading ?? kind.standardHeading))
            for paragraph in Self.paragraphs(section?.text ?? "") { blocks.append(.paragraph(paragraph)) }
            if let grid = grids.first(where: { $0.table.section == kind }) { blocks.append(.table(grid)) }
        }
        if let agency = report.agency { blocks.append(.signature(agency)) }
        if let date = report.publicationDate { blocks.append(.signature("\(date.year)年\(date.month)月\(date.day)日")) }
    }

    /// The section text's paragraphs: its non-empty lines, trimmed.
    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}")) }
            .filter { !$0.isEmpty }
    }

    /// The text a value cell prints; `blank` is what an empty cell prints in this output.
    func text(of cell: GridCell, blank: String = "") -> String {
        guard let id = cell.cell else { return cell.text }
        guard let value = report.cells[id]?.value else { return blank }
        let text = ReportInput.text(of: value)
        return text.isEmpty ? blank : text
    }
}
