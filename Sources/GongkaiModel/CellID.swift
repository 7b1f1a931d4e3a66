/// The stable id of one table cell (`table.row.column`, see spec/cells.md), e.g. `t3.new.total`.
public struct CellID: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(_ table: String, _ row: String, _ column: String) {
        self.rawValue = "\(table).\(row).\(column)"
    }

    public var description: String { rawValue }
    public static func < (lhs: CellID, rhs: CellID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `t2`, `t3` or `t4`.
    public var table: Substring { rawValue.prefix { $0 != "." } }

    /// The row part: `new`, `denied.third_party`, `review`.
    public var row: Substring {
        let afterTable = rawValue.drop { $0 != "." }.dropFirst()
        guard let lastDot = afterTable.lastIndex(of: ".") else { return afterTable }
        return afterTable[..<lastDot]
    }

    /// The column part: `natural`, `total`, `issued`.
    public var column: Substring {
        guard let lastDot = rawValue.lastIndex(of: ".") else { return Substring(rawValue) }
        return rawValue[rawValue.index(after: lastDot)...]
    }
}
