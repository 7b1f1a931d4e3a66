import Foundation
import GongkaiModel

/// A report as the collection keeps it: what it says (format, year, issuer, title, date, the
/// six sections' text, every cell), without the reader's working state. Its cells are kept
/// apart in ``CellRow``, one line per report, so that a year's export reads them without
/// decoding a document per report.
public struct CollectedReport: Sendable, Hashable, Codable {
    public var format: ReportFormat?
    public var year: Int?
    /// The issuer as the report names itself.
    public var agency: String?
    public var title: String?
    public var publicationDate: ReportDate?
    /// `text`, `html`, `docx`, `pdf` or `ocr`.
    public var source: String
    /// The six sections' text in order, empty where a section is missing.
    public var sections: [String]
    public var cells: CellRow

    public init(
        format: ReportFormat?, year: Int?, agency: String?, title: String?, publicationDate: ReportDate?, source: String,
        sections: [String], cells: CellRow
    ) {
        self.format = format
        self.year = year
        self.agency = agency
        self.title = title
        self.publicationDate = publicationDate
        self.source = source
        self.sections = sections
        self.cells = cells
    }

    /// The digest of a report as read.
    public init(_ report: Report) {
        var sections = [String](repeating: "", count: SectionKind.allCases.count)
        for s in report.sections { sections[s.kind.rawValue - 1] = s.text }
        var values: [CellID: CellValue] = [:]
        for (id, cell) in report.cells { values[id] = cell.value }
        self.init(
            format: report.format, year: report.year, agency: report.agency, title: report.title, publicationDate: report.publicationDate,
            source: report.source.rawValue, sections: sections, cells: CellRow(values))
    }

    public func section(_ kind: SectionKind) -> String { sections.indices.contains(kind.rawValue - 1) ? sections[kind.rawValue - 1] : "" }

    enum CodingKeys: String, CodingKey {
        case format, year, agency, title, source, sections, cells
        case publicationDate = "published"
    }
}

/// Every cell of a report as one line of text: the values in the order of ``columns`` (both
/// formats' cell ids), separated by U+001F; an absent cell is empty, a blank one `-`, a number
/// as printed, text where a number belongs after `~`.
public struct CellRow: Sendable, Hashable, Codable {
    public private(set) var values: [CellID: CellValue]

    /// The 2021 format's cell ids, then those only the 2019 format has.
    public static let columns: [CellID] = {
        let newer = ReportTemplate.v2021.cellIDs
        let known = Set(newer)
        return newer + ReportTemplate.v2019.cellIDs.filter { !known.contains($0) }
    }()
    static let columnIndex: [CellID: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

    public init(_ values: [CellID: CellValue]) { self.values = values.filter { Self.columnIndex[$0.key] != nil } }

    public subscript(id: CellID) -> CellValue? { values[id] }

    /// The value for arithmetic: blank as 0, text and absent as nil.
    public func number(_ id: CellID) -> ReportNumber? { values[id]?.arithmeticValue }

    public var line: String {
        var fields = [String](repeating: "", count: Self.columns.count)
        for (id, v) in values {
            guard let i = Self.columnIndex[id] else { continue }
            switch v {
            case .number(let n): fields[i] = n.description
            case .blank: fields[i] = "-"
            case .text(let t): fields[i] = "~" + t.replacingOccurrences(of: "\u{1F}", with: " ")
            }
        }
        return fields.joined(separator: "\u{1F}")
    }

    public init(line: String) {
        var values: [CellID: CellValue] = [:]
        var i = 0
        for field in line.split(separator: "\u{1F}", omittingEmptySubsequences: false) {
            defer { i += 1 }
            guard i < Self.columns.count, !field.isEmpty else { continue }
            values[Self.columns[i]] = Self.value(field)
        }
        self.values = values
    }

    static func value(_ field: Substring) -> CellValue {
        if field == "-" { return .blank }
        if field.first == "~" { return .text(String(field.dropFirst())) }
        if let n = ReportNumber(parsing: field) { return .number(n) }
        return .text(String(field))
    }

    /// The export's text of each column, as `line` splits.
    public static func fields(of line: String) -> [Substring] {
        line.split(separator: "\u{1F}", omittingEmptySubsequences: false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(line)
    }

    public init(from decoder: any Decoder) throws {
        self.init(line: try decoder.singleValueContainer().decode(String.self))
    }
}
