import GongkaiModel

/// A structured document (HTML, DOCX, PDF, scan) laid out as text the text reader understands —
/// a paragraph per line, a table row per line with its cells separated by tabs — together with
/// where each piece came from.
///
/// The text is kept as one UTF-8 buffer, written piece by piece as the layout walks its
/// document, so that a page's hundreds of cells become one string rather than one each.
///
/// ```swift
/// var laidOut = LaidOutText(source: .html)
/// laidOut.append(.init(pieces: ["（一）自然人", "3", "0"], origins: [nil, nil, nil]))
/// print(laidOut.text)  // "（一）自然人\t3\t0"
/// ```
public struct LaidOutText: Sendable {
    /// One laid-out line, for layouts that build and edit lines before appending them.
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
    }

    public var source: SourceKind
    /// How many damaged sequences of the document's UTF-8 were read as U+FFFD.
    public var replacedSequences = 0
    /// The laid-out text's UTF-8: lines joined by line feeds, pieces by tabs.
    private var utf8: [UInt8] = []
    /// Where each piece starts in `utf8`, in order, over all lines.
    private var pieceStarts: [Int] = []
    /// Where each piece came from (same count as `pieceStarts`), held without references:
    /// a page's hundreds of cells are laid out, and only those read into the report get an
    /// origin of their own.
    private var origins: [PieceOrigin] = []
    /// The origins given whole, which `PieceOrigin.whole` refers to.
    private var wholeOrigins: [SourceOrigin] = []
    /// The element paths and names that `PieceOrigin.cell` refers to.
    private var pathParts: [String] = []

    /// Where a piece came from.
    private enum PieceOrigin {
        case none
        /// `wholeOrigins[index]`.
        case whole(index: Int32)
        /// The `index`-th element named `pathParts[name]` below the element at
        /// `pathParts[parent]`, starting at `sourceLine` (-1 when not given).
        case cell(parent: Int32, name: Int32, index: Int32, sourceLine: Int32)
    }
    /// The index in `pieceStarts` of each line's first piece.
    private var firstPieces: [Int] = []

    public init(source: SourceKind, lines: [Line] = []) {
        self.source = source
        for line in lines { append(line) }
    }

    /// Reserves room for text of `bytes` UTF-8 bytes in `pieces` pieces.
    public mutating func reserveCapacity(bytes: Int, pieces: Int) {
        utf8.reserveCapacity(bytes)
        pieceStarts.reserveCapacity(pieces)
        origins.reserveCapacity(pieces)
    }

    /// Keeps an element path or name for the cells appended with `appendCell` to refer to,
    /// and returns its number.
    public mutating func addPathPart(_ part: String) -> Int32 {
        pathParts.append(part)
        return Int32(pathParts.count - 1)
    }

    /// The number of lines.
    public var lineCount: Int { firstPieces.count }

    /// Appends a line; an empty line is one empty piece.
    public mutating func append(_ line: Line) {
        if line.pieces.isEmpty {
            appendPiece(UnsafeBufferPointer(start: nil, count: 0), origin: nil, startsLine: true)
        }
        for (k, piece) in line.pieces.enumerated() {
            piece.withUTF8Bytes { appendPiece($0, origin: line.origins[k], startsLine: k == 0) }
        }
    }

    /// Appends one piece of UTF-8 text, at the start of a new line or after a tab on the last
    /// line. The piece holds neither line feeds nor tabs.
    public mutating func appendPiece(_ bytes: UnsafeBufferPointer<UInt8>, origin: consuming SourceOrigin?, startsLine: Bool) {
        if let origin {
            wholeOrigins.append(origin)
            append(bytes, origin: .whole(index: Int32(wholeOrigins.count - 1)), startsLine: startsLine)
        } else {
            append(bytes, origin: .none, startsLine: startsLine)
        }
    }

    /// Appends one piece of UTF-8 text, a table cell: the `index`-th element (from 1) named
    /// by path part `name` below the element whose path is path part `parent` (both from
    /// `addPathPart`), starting at `sourceLine` if given. The piece holds neither line feeds
    /// nor tabs.
    public mutating func appendCell(
        _ bytes: UnsafeBufferPointer<UInt8>, parent: Int32, name: Int32, index: Int, sourceLine: Int? = nil, startsLine: Bool
    ) {
        let origin = PieceOrigin.cell(
            parent: parent, name: name, index: Int32(clamping: index), sourceLine: sourceLine.map { Int32(clamping: $0) } ?? -1)
        append(bytes, origin: origin, startsLine: startsLine)
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, origin: PieceOrigin, startsLine: Bool) {
        if startsLine || firstPieces.isEmpty {
            if !firstPieces.isEmpty { utf8.append(0x0A) }
            firstPieces.append(pieceStarts.count)
        } else {
            utf8.append(0x09)
        }
        pieceStarts.append(utf8.count)
        origins.append(origin)
        utf8.append(contentsOf: bytes)
    }

    /// The origin of the piece at `index` (over all lines, from 0).
    private func origin(ofPiece index: Int) -> SourceOrigin? {
        switch origins[index] {
        case .none: nil
        case .whole(let k): wholeOrigins[Int(k)]
        case .cell(let parent, let name, let number, let line):
            SourceOrigin(
                parent: pathParts[Int(parent)], name: pathParts[Int(name)], index: Int(number), sourceLine: line >= 0 ? Int(line) : nil)
        }
    }

    /// The laid-out text, made once from `utf8` (checked, and repaired in the rare case that a
    /// parser passed on a byte that is not UTF-8).
    public var text: String {
        utf8.withUnsafeBufferPointer { String(checkingUTF8: $0) ?? String(decoding: $0, as: UTF8.self) }
    }

    /// The pieces of the line at `index` (from 0), range of `pieceStarts` and `origins`.
    private func pieces(ofLine index: Int) -> Range<Int> {
        firstPieces[index]..<(index + 1 < firstPieces.count ? firstPieces[index + 1] : pieceStarts.count)
    }

    /// The scalar column (1-based, on its line) at which each piece starts, for all pieces in
    /// order, counted in one pass over the text.
    func pieceColumns() -> [Int32] {
        var columns = [Int32](repeating: 1, count: pieceStarts.count)
        utf8.withUnsafeBufferPointer { b in
            for line in 0..<lineCount {
                let pieces = pieces(ofLine: line)
                var column = 1
                var from = pieceStarts[pieces.lowerBound]
                for k in pieces {
                    column += UnsafeBufferPointer(rebasing: b[from..<pieceStarts[k]]).scalarCount
                    from = pieceStarts[k]
                    columns[k] = Int32(clamping: column)
                }
            }
        }
        return columns
    }

    /// The origin of the piece at scalar `column` of the line at `index` (from 0), given all
    /// pieces' `pieceColumns()`: the last piece of the line starting at or before the column.
    func origin(ofLine index: Int, column: Int, columns: [Int32]) -> SourceOrigin? {
        let pieces = pieces(ofLine: index)
        guard !pieces.isEmpty else { return nil }
        var k = pieces.upperBound - 1
        while k > pieces.lowerBound && Int(columns[k]) > column { k -= 1 }
        return origin(ofPiece: k)
    }

    /// The origin of the piece at a 1-based line and scalar column of `text`. Each call counts
    /// every piece's column; `ReportReader.read(laidOut:)` counts them once for all its cells.
    public func origin(line: Int, column: Int) -> SourceOrigin? {
        guard line >= 1, line <= lineCount else { return nil }
        return origin(ofLine: line - 1, column: column, columns: pieceColumns())
    }
}

extension ReportReader {
    /// Reads a report laid out from a structured document; every cell gets the origin of the
    /// piece it was read from.
    public func read(laidOut: LaidOutText) throws(ReadError) -> Report {
        var report = try read(text: laidOut.text, emptyCellsAreCells: true)
        report.source = laidOut.source
        report.noteDamagedText(laidOut.replacedSequences)
        // Every piece's column counted once, in one pass.
        let columns = laidOut.pieceColumns()
        // The cells are visited by dictionary index and changed in place: no id is hashed again.
        var index = report.cells.startIndex
        while index != report.cells.endIndex {
            defer { report.cells.formIndex(after: &index) }
            guard let span = report.cells.values[index].span, span.line >= 1, span.line <= laidOut.lineCount else { continue }
            report.cells.values[index].origin = laidOut.origin(ofLine: span.line - 1, column: span.column, columns: columns)
        }
        return report
    }
}
