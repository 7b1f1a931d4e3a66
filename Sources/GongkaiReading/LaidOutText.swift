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

        /// The scalar column (1-based) at which each piece starts in the line's text.
        var pieceColumns: [Int] {
            var columns: [Int] = []
            columns.reserveCapacity(pieces.count)
            var start = 1
            for piece in pieces {
                columns.append(start)
                start += piece.withUTF8Bytes(\.scalarCount) + 1
            }
            return columns
        }

        /// The origin of the piece at scalar `column`, given the pieces' `columns`.
        func origin(column: Int, columns: [Int]) -> SourceOrigin? {
            for (k, start) in columns.enumerated() {
                let end = k + 1 < columns.count ? columns[k + 1] - 1 : Int.max
                if column >= start && column <= end { return origins[k] }
            }
            return origins.last ?? nil
        }
    }

    public var lines: [Line] = []
    public var source: SourceKind

    public init(source: SourceKind, lines: [Line] = []) {
        self.source = source
        self.lines = lines
    }

    public mutating func append(_ line: Line) { lines.append(line) }

    /// The laid-out text: lines joined by line feeds, pieces by tabs, copied once.
    public var text: String {
        let capacity = lines.reduce(0) { sum, line in line.pieces.reduce(sum + 1) { $0 + $1.utf8.count + 1 } }
        return String(unsafeUninitializedCapacity: capacity) { out in
            var o = 0
            for (k, line) in lines.enumerated() {
                if k > 0 { out[o] = 0x0A; o += 1 }
                for (j, piece) in line.pieces.enumerated() {
                    if j > 0 { out[o] = 0x09; o += 1 }
                    o = piece.withUTF8Bytes { b in
                        guard let base = b.baseAddress, let dst = out.baseAddress else { return o }
                        (dst + o).update(from: base, count: b.count)
                        return o + b.count
                    }
                }
            }
            return o
        }
    }

    /// The origin of the piece at a 1-based line and scalar column of `text`.
    public func origin(line: Int, column: Int) -> SourceOrigin? {
        guard line >= 1, line <= lines.count else { return nil }
        let l = lines[line - 1]
        return l.origin(column: column, columns: l.pieceColumns)
    }
}

extension ReportReader {
    /// Reads a report laid out from a structured document; every cell gets the origin of the
    /// piece it was read from.
    public func read(laidOut: LaidOutText) throws(ReadError) -> Report {
        var report = try read(text: laidOut.text, emptyCellsAreCells: true)
        report.source = laidOut.source
        // Each line's piece columns counted once for all its cells.
        var columns = [[Int]?](repeating: nil, count: laidOut.lines.count)
        // The cells are visited by dictionary index and changed in place: no id is hashed again.
        var index = report.cells.startIndex
        while index != report.cells.endIndex {
            defer { report.cells.formIndex(after: &index) }
            guard let span = report.cells.values[index].span, span.line >= 1, span.line <= laidOut.lines.count else { continue }
            let line = laidOut.lines[span.line - 1]
            let starts = columns[span.line - 1] ?? line.pieceColumns
            columns[span.line - 1] = starts
            report.cells.values[index].origin = line.origin(column: span.column, columns: starts)
        }
        return report
    }
}
