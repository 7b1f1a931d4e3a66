import GongkaiModel

/// One value as printed in a table row: the text of one cell, or of a run of fused digits,
/// known by its UTF-8 range in the document (its text is cut only when a cell is set).
struct ValuePiece {
    var bytes: Range<Int>
    var span: SourceSpan
    /// From a line whose cells lost their separators: the text may hold several numbers.
    var glued: Bool
    var isEmpty: Bool { bytes.isEmpty }

    init(_ token: Token, glued: Bool) {
        bytes = token.bytes
        span = token.span
        self.glued = glued
    }
}

/// Reads tables 二, 三 and 四 from the token stream by their row labels and structure.
/// Values are never poured into the grid in order: each row takes the values printed with its
/// label, and values whose place cannot be told are left unread and noted.
struct TableReader {
    let tokens: [Token]
    /// The document's text, which the tokens' ranges refer to.
    let source: String
    let format: ReportFormat
    var cells: [CellID: Cell] = [:]
    var notes: [ReadingNote] = []
    var tablesFound: Set<TableID> = []
    /// The row keys read so far in each table, made large enough for a table's rows at once
    /// (a set grown from empty rehashes its keys at every doubling).
    var rowsSeen: [TableID: Set<String>] = [.t2: Set(minimumCapacity: 16), .t3: Set(minimumCapacity: 32), .t4: Set(minimumCapacity: 4)]
    var singleOtherHandlingRow = false
    /// Whether an empty cell in a tab row is a real cell (a laid-out HTML or Word table) rather
    /// than separator residue at the ends of a copied row.
    let emptyCellsAreCells: Bool

    init(tokens: [Token], source: String, format: ReportFormat, emptyCellsAreCells: Bool = false) {
        self.tokens = tokens
        self.source = source
        self.format = format
        self.emptyCellsAreCells = emptyCellsAreCells
        cells.reserveCapacity(ReportTemplate.cellCapacity)
    }

    // MARK: Values after a label

    /// A token's text, cut from the document.
    func text(_ t: Token) -> Substring { t.text(in: source) }

    /// A piece's text, cut from the document.
    func text(_ piece: ValuePiece) -> Substring { source.utf8Slice(piece.bytes) }

    /// The value pieces printed after the label at `index`, and the index after them.
    func values(after index: Int, end: Int) -> (pieces: [ValuePiece], next: Int, style: Token.Style) {
        let label = tokens[index]
        var pieces: [ValuePiece] = []
        pieces.reserveCapacity(8)
        var i = index + 1
        switch label.style {
        case .tabRow, .pipe:
            // In a row of its own, every cell after the label is a value cell, numeric or not.
            var holdsValue = false
            while i < end, tokens[i].lineGroup == label.lineGroup,
                tokens[i].isValue
                    || (tokens[i].endColumn - tokens[i].column <= 12 && tokens[i].match == nil)
            {
                holdsValue = holdsValue || tokens[i].isValue
                pieces.append(ValuePiece(tokens[i], glued: false))
                i += 1
            }
            // A row of header words (本年新收件数 | 上年结转件数 …) holds no values: none of its
            // tokens was found to be one when it was made.
            if !holdsValue { pieces = [] }
        case .glued:
            if i < end, tokens[i].style == .glued, !tokens[i].isEmpty, tokens[i].isValue || isDigitRun(tokens[i]) {
                pieces.append(ValuePiece(tokens[i], glued: true))
                i += 1
            }
        case .single:
            while i < end {
                let t = tokens[i]
                if t.isPageMarker {
                    i += 1
                    continue
                }
                guard t.isValue, t.style == .single else { break }
                pieces.append(ValuePiece(t, glued: false))
                i += 1
            }
        }
        return (pieces, i, label.style)
    }

    func isDigitRun(_ t: Token) -> Bool {
        text(t).unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "," || LabelText.isSpace($0) || $0 == "元" || $0 == "万" }
    }

    /// Fits the printed pieces to a row's columns. Empty pieces at the ends are merged-cell residue
    /// when there are more pieces than columns; in tab-separated rows they always are. The
    /// pieces taken are given as a range of indices into the pieces fitted.
    enum Fit {
        case exact(Range<Int>)
        case surplus(Range<Int>, rest: Range<Int>)
        case short(Int)
        case long(Int)
        case none
    }

    func fit(_ pieces: [ValuePiece], columns n: Int, style: Token.Style) -> Fit {
        var lower = 0
        var upper = pieces.count
        // Empty cells at the ends of a copied tab row are separator residue (`0 0 0 0 0 0⇥` is a
        // short row, not a blank total); in a laid-out table they are cells, and only those
        // beyond the row's columns are merged-cell residue.
        if style == .tabRow && !emptyCellsAreCells {
            while lower < upper && pieces[lower].isEmpty { lower += 1 }
            while upper > lower && pieces[upper - 1].isEmpty { upper -= 1 }
        } else {
            while upper - lower > n && pieces[lower].isEmpty { lower += 1 }
            while upper - lower > n && pieces[upper - 1].isEmpty { upper -= 1 }
        }
        let count = upper - lower
        if count == 0 { return .none }
        if (lower..<upper).allSatisfy({ pieces[$0].isEmpty }) { return count == n ? .exact(lower..<upper) : .none }
        if count == n { return .exact(lower..<upper) }
        if count < n { return .short(count) }
        if style == .single { return .surplus(lower..<(lower + n), rest: (lower + n)..<upper) }
        return .long(count)
    }

    // MARK: Setting cells

    /// Sets a cell from the piece printed for it.
    mutating func set(_ id: CellID, from piece: ValuePiece, provenance: CellProvenance = .read) {
        let read = source.withUTF8Bytes { Self.cellValue(UnsafeBufferPointer(rebasing: $0[piece.bytes])) }
        cells[id] = Cell(id: id, value: read.value, raw: read.raw, span: piece.span, provenance: provenance, unit: read.unit)
    }

    /// Sets a cell from a number split out of a digit run printed at `span`.
    mutating func set(_ id: CellID, number text: String, at span: SourceSpan, provenance: CellProvenance) {
        let read = text.withUTF8Bytes(Self.cellValue)
        cells[id] = Cell(id: id, value: read.value, raw: read.raw, span: span, provenance: provenance, unit: read.unit)
    }

    /// A cell's value, raw text and unit, read from its printed UTF-8.
    private static func cellValue(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: CellValue, raw: String, unit: String?) {
        let raw = String(decoding: bytes, as: UTF8.self)
        switch ValueText.parse(bytes: bytes) {
        case .number(let n)?: return (.number(n.number), raw, n.unit)
        case .blank?: return (.blank, raw, nil)
        case nil: return (raw.isEmpty ? .blank : .text(raw), raw, nil)
        }
    }

    /// Assigns a row's pieces to its cells, recovering fused digit strings where needed.
    /// Returns false when the row is left unread.
    mutating func assign(
        _ pieces: [ValuePiece], to ids: [CellID], style: Token.Style, label: Token,
        identity: (([ReportNumber]) -> Bool)?
    ) -> Bool {
        // Indices, not elements: iterating the pieces would copy each one.
        if style == .glued || pieces.indices.contains(where: { pieces[$0].glued }) {
            return assignGlued(pieces, to: ids, label: label, identity: identity)
        }
        switch fit(pieces, columns: ids.count, style: style) {
        case .exact(let taken), .surplus(let taken, _):
            // By index: an id taken out of the array would be one more copy of its string.
            for k in ids.indices { set(ids[k], from: pieces[taken.lowerBound + k]) }
            return true
        case .short(let k):
            notes.append(
                ReadingNote(
                    kind: .shortRow,
                    message: "「\(text(label))」行印有\(k)个值，应有\(ids.count)个：无法判断缺哪一列，该行未读取",
                    cells: ids, span: label.span))
            return false
        case .long(let k):
            notes.append(
                ReadingNote(
                    kind: .longRow,
                    message: "「\(text(label))」行印有\(k)个值，应有\(ids.count)个：该行未读取",
                    cells: ids, span: label.span))
            return false
        case .none:
            return false
        }
    }

    mutating func assignGlued(
        _ pieces: [ValuePiece], to ids: [CellID], label: Token, identity: (([ReportNumber]) -> Bool)?
    ) -> Bool {
        guard let run = pieces.first, pieces.count == 1 else { return false }
        var text = self.text(run)
        var unit: String?
        // On the bytes: comparing and splitting `Character`s breaks graphemes for every digit.
        if text.utf8HasSuffix("万元") {
            unit = "万元"
            text = text.utf8Slice(0..<(text.utf8.count - 6))
        } else if text.utf8HasSuffix("元") {
            unit = "元"
            text = text.utf8Slice(0..<(text.utf8.count - 3))
        }
        // The digit strings between white space.
        var ranges: [Range<Int>] = []
        text.withUTF8Bytes { b in
            var start: Int?
            var i = 0
            while i < b.count {
                let space = Tokenizer.spaceLength(b, at: i)
                if space > 0 {
                    if let s = start { ranges.append(s..<i) }
                    start = nil
                    i += space
                } else {
                    if start == nil { start = i }
                    i += UTF8Search.stride(b[i])
                }
            }
            if let s = start { ranges.append(s..<b.count) }
        }
        let parts = ranges.map { String(text.utf8Slice($0)) }
        let outcome = DigitSplitter.split(
            parts, into: ids.count, allowsDecimal: { ReportTemplate.amountCells.contains(ids[$0]) }, identity: identity)
        switch outcome {
        case .unique(let numbers, let fused):
            for (index, (id, number)) in zip(ids, numbers).enumerated() {
                let withUnit = index == numbers.count - 1 && unit != nil ? number + unit! : number
                set(id, number: withUnit, at: run.span, provenance: fused ? .recovered : .read)
            }
            return true
        case .ambiguous(let candidates):
            let shown = candidates.prefix(3).map { $0.joined(separator: "/") }.joined(separator: "；")
            notes.append(
                ReadingNote(
                    kind: .ambiguousDigits,
                    message: "「\(self.text(label))」行的数字串「\(self.text(run))」粘连，可拆分方式不唯一"
                        + (candidates.isEmpty ? "（无符合表内关系的拆分）" : "（如 \(shown)）") + "：该行未读取",
                    cells: ids, span: run.span, candidates: candidates))
            return false
        }
    }
}
