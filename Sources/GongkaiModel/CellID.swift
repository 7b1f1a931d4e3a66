/// The stable id of one table cell (`table.row.column`, see spec/cells.md), e.g. `t3.new.total`.
///
/// The parts are split once when the id is made, so `table`, `row` and `column` cost nothing.
public struct CellID: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String
    /// `t2`, `t3` or `t4`.
    public let table: Substring
    /// The row part: `new`, `denied.third_party`, `review`.
    public let row: Substring
    /// The column part: `natural`, `total`, `issued`.
    public let column: Substring

    public init(rawValue: String) {
        self.rawValue = rawValue
        let u = rawValue.utf8
        let firstDot = u.firstIndex(of: UInt8(ascii: ".")) ?? u.endIndex
        let lastDot = u.lastIndex(of: UInt8(ascii: ".")) ?? u.endIndex
        table = rawValue[..<firstDot]
        if firstDot == u.endIndex {
            row = rawValue[u.endIndex...]
            column = rawValue[u.endIndex...]
        } else if lastDot == firstDot {
            row = rawValue[u.index(after: firstDot)...]
            column = row
        } else {
            row = rawValue[u.index(after: firstDot)..<lastDot]
            column = rawValue[u.index(after: lastDot)...]
        }
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(_ table: String, _ row: String, _ column: String) {
        self.init(rawValue: "\(table).\(row).\(column)")
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func == (lhs: CellID, rhs: CellID) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public var description: String { rawValue }
    public static func < (lhs: CellID, rhs: CellID) -> Bool { lhs.rawValue < rhs.rawValue }
}
