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
    /// The values in the order of ``columns``; nil for a cell the report does not have.
    private var slots: [CellValue?]

    /// The 2021 format's cell ids, then those only the 2019 format has.
    public static let columns: [CellID] = {
        let newer = ReportTemplate.v2021.cellIDs
        let known = Set(newer)
        return newer + ReportTemplate.v2019.cellIDs.filter { !known.contains($0) }
    }()
    static let columnIndex: [CellID: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

    public init(_ values: [CellID: CellValue]) {
        slots = [CellValue?](repeating: nil, count: Self.columns.count)
        for (id, v) in values { if let i = Self.columnIndex[id] { slots[i] = v } }
    }

    public subscript(id: CellID) -> CellValue? { Self.columnIndex[id].flatMap { slots[$0] } }

    /// The cells the report has, by id.
    public var values: [CellID: CellValue] {
        var out: [CellID: CellValue] = [:]
        for (i, v) in slots.enumerated() { if let v { out[Self.columns[i]] = v } }
        return out
    }

    /// The value for arithmetic: blank as 0, text and absent as nil.
    public func number(_ id: CellID) -> ReportNumber? { self[id]?.arithmeticValue }

    public var line: String {
        slots.map { v -> String in
            switch v {
            case .number(let n)?: n.description
            case .blank?: "-"
            case .text(let t)?: "~" + t.replacingOccurrences(of: "\u{1F}", with: " ")
            case nil: ""
            }
        }.joined(separator: "\u{1F}")
    }

    /// A field of a stored line as it is written: `-` for a blank, `~` before text, else a number.
    public enum Field {
        case blank
        case text(UnsafeBufferPointer<UInt8>)
        case number(UnsafeBufferPointer<UInt8>)

        /// The text as written (a number as printed); empty for a blank.
        public var text: String {
            switch self {
            case .blank: ""
            case .text(let b), .number(let b): String(decoding: b, as: UTF8.self)
            }
        }
    }

    /// Calls `body` with the column index and field of every cell a stored line holds, byte by
    /// byte and without building values: a year's export walks a hundred thousand lines.
    public static func forEachField(of line: String, _ body: (Int, Field) -> Void) {
        var text = line
        text.withUTF8 { bytes in
            var i = 0, start = 0
            func field(_ end: Int) {
                defer { i += 1 }
                guard i < columns.count, end > start else { return }
                let f = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if f.count == 1 && f[0] == UInt8(ascii: "-") {
                    body(i, .blank)
                } else if f[0] == UInt8(ascii: "~") {
                    body(i, .text(UnsafeBufferPointer(rebasing: f.dropFirst())))
                } else {
                    body(i, .number(f))
                }
            }
            for k in 0..<bytes.count where bytes[k] == 0x1F {
                field(k)
                start = k + 1
            }
            field(bytes.count)
        }
    }

    public init(line: String) {
        var slots = [CellValue?](repeating: nil, count: Self.columns.count)
        Self.forEachField(of: line) { i, field in
            switch field {
            case .blank: slots[i] = .blank
            case .text: slots[i] = .text(field.text)
            case .number(let b): slots[i] = ReportNumber.parse(b).map(CellValue.number) ?? .text(field.text)
            }
        }
        self.slots = slots
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(line)
    }

    public init(from decoder: any Decoder) throws {
        self.init(line: try decoder.singleValueContainer().decode(String.self))
    }
}
