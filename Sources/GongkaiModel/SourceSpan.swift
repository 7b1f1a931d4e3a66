/// Where a piece of evidence stands in the source: a line and a column range.
///
/// Lines and columns count from 1; columns count Unicode scalars (a CJK character is one column).
public struct SourceSpan: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The column just past the end of the span.
    public var endColumn: Int

    public init(line: Int, column: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endColumn = max(endColumn, column)
    }

    public var description: String { "\(line):\(column)" }
}
