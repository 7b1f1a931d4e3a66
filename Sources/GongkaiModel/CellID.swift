/// The stable id of one table cell (`table.row.column`, see spec/cells.md), e.g. `t3.new.total`.
///
/// The parts are split once when the id is made, so `table`, `row` and `column` cost nothing.
public struct CellID: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String
    /// UTF-8 offsets of the first and last dots (the end of the id when there are none); the
    /// parts are sliced on use so that an id is one string to copy and hash.
    private let firstDot: Int
    private let lastDot: Int

    /// `t2`, `t3` or `t4`.
    public var table: Substring { slice(0, firstDot) }
    /// The row part: `new`, `denied.third_party`, `review`.
    public var row: Substring {
        let end = rawValue.utf8.count
        if firstDot == end { return slice(end, end) }
        return slice(firstDot + 1, lastDot == firstDot ? end : lastDot)
    }
    /// The column part: `natural`, `total`, `issued`.
    public var column: Substring {
        let end = rawValue.utf8.count
        if firstDot == end { return slice(end, end) }
        return slice((lastDot == firstDot ? firstDot : lastDot) + 1, end)
    }

    private func slice(_ from: Int, _ to: Int) -> Substring {
        let u = rawValue.utf8
        return rawValue[u.index(u.startIndex, offsetBy: from)..<u.index(u.startIndex, offsetBy: to)]
    }

    public init(rawValue: String) {
        self.rawValue = rawValue
        let u = rawValue.utf8
        let dot = UInt8(ascii: ".")
        firstDot = u.firstIndex(of: dot).map { u.distance(from: u.startIndex, to: $0) } ?? u.count
        lastDot = u.lastIndex(of: dot).map { u.distance(from: u.startIndex, to: $0) } ?? u.count
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(_ table: String, _ row: String, _ column: String) {
        var raw = ""
        raw.reserveCapacity(table.utf8.count + row.utf8.count + column.utf8.count + 2)
        raw += table
        raw += "."
        raw += row
        raw += "."
        raw += column
        rawValue = raw
        firstDot = table.utf8.count
        lastDot = firstDot + 1 + row.utf8.count
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
