import Foundation
import GongkaiModel

/// A `--cells` document read back as what a report is expected to hold — the corpus's gold
/// files (`*.cells.json`), with the cells left unscored and the rules the report itself breaks.
/// `gongkai score` and the tests compare reports with it.
///
/// Values are compared as the document prints them: `null` for blank, a number in its shortest
/// form (`4.50` is `4.5`), text as it is.
public struct ExpectedCells: Sendable {
    public var format: String?
    public var year: Int?
    public var agency: String?
    /// Every expected cell by id, as value text (``valueText(of:)``).
    public var cells: [String: String]
    /// Cells a reader is not scored on (`unscored`).
    public var unscored: Set<String>
    /// The hard rules the report itself breaks (`violations`).
    public var violations: [String]
    /// The unit of each amount; nil where the document gives `null`.
    public var units: [String: String?]

    /// Reads the document; throws when it is not a JSON object.
    public init(json: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ExpectedCellsError.notAnObject
        }
        format = object["format"] as? String
        year = object["year"] as? Int
        agency = object["agency"] as? String
        cells = (object["cells"] as? [String: Any] ?? [:]).mapValues(Self.valueText(ofJSON:))
        unscored = Set(object["unscored"] as? [String] ?? [])
        violations = object["violations"] as? [String] ?? []
        units = (object["units"] as? [String: Any] ?? [:]).mapValues { $0 as? String }
    }

    /// The value text of a read cell (nil when the cell is absent).
    public static func valueText(of cell: Cell?) -> String? {
        guard let cell else { return nil }
        switch cell.value {
        case .number(let n): return n.description
        case .blank: return "null"
        case .text(let t): return t
        }
    }

    /// The value text of a JSON value of the document.
    static func valueText(ofJSON any: Any) -> String {
        if any is NSNull { return "null" }
        if let n = any as? NSNumber, !(any is Bool) { return ReportNumber(parsing: n.stringValue).map(\.description) ?? n.stringValue }
        return any as? String ?? "\(any)"
    }
}

public enum ExpectedCellsError: Error, CustomStringConvertible {
    case notAnObject
    public var description: String { "the expected cells document is not a JSON object" }
}
