import GongkaiModel

/// A structured document (HTML, DOCX, PDF, scan) laid out as text the text reader understands —
/// a paragraph per line, a table row per line with its cells separated by tabs — together with
/// where each piece came from.
public struct LaidOutText: Sendable {
    /// One laid-out line.
    public struct Line: Sendable {
        /// The pieces of the line; table cells are joined by tabs.
        public var pieces: [String]
        /// Where each piece came from (same count as `pieces`).
        public var origins: [SourceOrigin?]

        public init(pieces: [String], origins: [SourceOrigin?]) {
            self.pieces = pieces
            self.origins = origins
        }

        public init(_ text: String, origin: SourceOrigin?) {
            self.init(pieces: [text], origins: [origin])
        }

        var text: String { pieces.joined(separator: "\t") }
    }

    public var lines: [Line] = []
    public var source: SourceKind

    public init(source: SourceKind, lines: [Line] = []) {
        self.source = source
        self.lines = lines
    }

    public mutating func append(_ line: Line) { lines.append(line) }

    /// The laid-out text.
    public var text: String { lines.map(\.text).joined(separator: "\n") }

    /// The origin of the piece at a 1-based line and scalar column of `text`.
    public func origin(line: Int, column: Int) -> SourceOrigin? {
        guard line >= 1, line <= lines.count else { return nil }
        let l = lines[line - 1]
        var start = 1
        for (piece, origin) in zip(l.pieces, l.origins) {
            let end = start + piece.unicodeScalars.count
            if column >= start && column <= end { return origin }
            start = end + 1
        }
        return l.origins.last ?? nil
    }
}

extension ReportReader {
    /// Reads a report laid out from a structured document; every cell gets the origin of the
    /// piece it was read from.
    public func read(laidOut: LaidOutText) throws(ReadError) -> Report {
        var report = try read(text: laidOut.text, emptyCellsAreCells: true)
        report.source = laidOut.source
        for (id, cell) in report.cells {
            guard let span = cell.span else { continue }
            report.cells[id]?.origin = laidOut.origin(line: span.line, column: span.column)
        }
        return report
    }
}
