import Foundation
import GongkaiModel

/// A report given as data to be written out: the JSON that `gongkai parse` prints (so a published
/// report can be corrected and re-issued) or the fill-in document of `gongkai new`. Both carry
/// `format`, `year`, `agency`, `title`, `publicationDate`, `sections` and `cells` (with `units`);
/// anything else in the document is ignored.
public enum ReportInput {
    /// Whether the bytes are a JSON object (after an optional BOM and white space), as opposed
    /// to a report document to be read.
    public static func isJSON(_ bytes: [UInt8]) -> Bool {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return body.first { !($0 < 0x80 && LabelNormalization.isSpace(UInt32($0))) } == UInt8(ascii: "{")
    }

    /// Reads the document into a report whose cells are exactly those listed.
    public static func read(json data: Data) throws(InputError) -> Report {
        let any: Any
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        do { any = try JSONSerialization.jsonObject(with: Data(body)) } catch {
            throw .malformed("not valid JSON: \(error.localizedDescription)")
        }
        guard let object = any as? [String: Any] else { throw .malformed("the document is not a JSON object") }
        guard let formatText = (object["format"] as? String) ?? (object["format"] as? NSNumber)?.stringValue,
            let format = ReportFormat(rawValue: formatText)
        else { throw .malformed("`format` must be \"2019\" or \"2021\"") }

        var report = Report(format: format)
        report.year = object["year"] as? Int
        report.agency = (object["agency"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        report.title = object["title"] as? String
        if let date = object["publicationDate"] as? String {
            guard let parsed = Self.date(date) else { throw .malformed("`publicationDate` must be YYYY-MM-DD, not \"\(date)\"") }
            report.publicationDate = parsed
        }
        report.singleOtherHandlingRow = format == .v2021 && (object["singleOtherHandlingRow"] as? Bool ?? false)

        report.sections = try sections(object["sections"])
        let units = object["units"] as? [String: Any] ?? [:]
        guard let cells = object["cells"] as? [String: Any] else { throw .malformed("`cells` must be an object of cell id → value") }
        let known = Set(report.templateCellIDs)
        let unknown = cells.keys.filter { !known.contains(CellID(rawValue: $0)) }.sorted()
        if !unknown.isEmpty {
            throw .unknownCells(unknown, format: format)
        }
        for (key, value) in cells {
            let id = CellID(rawValue: key)
            let unit = units[key] as? String
            var cell = Cell(id: id, value: try Self.value(value, of: key), raw: "", span: nil, unit: unit)
            cell.raw = Self.text(of: cell.value)
            report.cells[id] = cell
        }
        report.tablesFound = Set(report.templateCellIDs.filter { report.cells[$0] != nil }.compactMap(\.tableID))
        return report
    }

    static func sections(_ any: Any?) throws(InputError) -> [Section] {
        guard let any else { return [] }
        guard let list = any as? [[String: Any]] else { throw .malformed("`sections` must be a list of {\"number\", \"text\"} objects") }
        var out: [Section] = []
        for entry in list {
            guard let number = entry["number"] as? Int, let kind = SectionKind(rawValue: number) else {
                throw .malformed("each section needs a `number` from 1 to 6")
            }
            let text = entry["text"] as? String ?? ""
            let heading = (entry["heading"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? kind.standardHeading
            out.append(Section(kind: kind, heading: heading, headingSpan: SourceSpan(line: 0, column: 0, endColumn: 0), text: text, lines: 0...0))
        }
        return out.sorted { $0.kind < $1.kind }
    }

    /// A JSON cell value: a number, `null` for blank, or text where a number belongs.
    static func value(_ any: Any, of key: String) throws(InputError) -> CellValue {
        if any is NSNull { return .blank }
        // JSON true and false arrive as NSNumbers of type "c" (char); numbers are never that type.
        if let n = any as? NSNumber, String(cString: n.objCType) != "c",
            let number = ReportNumber(parsing: n.stringValue)
        {
            return .number(number)
        }
        if let s = any as? String {
            if let number = ReportNumber(parsing: s) { return .number(number) }
            return s.isEmpty ? .blank : .text(s)
        }
        throw .malformed("cell \(key): a value must be a number, null or text")
    }

    /// The value as a table prints it.
    public static func text(of value: CellValue) -> String {
        switch value {
        case .number(let n): n.description
        case .blank: ""
        case .text(let t): t
        }
    }

    static func date(_ s: String) -> ReportDate? {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return ReportDate(year: parts[0], month: parts[1], day: parts[2])
    }
}

/// Why a report document could not be taken as input.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownCells([String], format: ReportFormat)

    public var description: String {
        switch self {
        case .malformed(let why): "the report document is malformed: \(why)"
        case .unknownCells(let ids, let format):
            "the \(format.rawValue) format has no cell " + ids.prefix(5).joined(separator: ", ")
                + (ids.count > 5 ? " (and \(ids.count - 5) more)" : "") + " (see Docs/Cells.md)"
        }
    }
}
