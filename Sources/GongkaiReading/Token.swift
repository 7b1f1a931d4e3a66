import GongkaiModel

/// One cell-like piece of the source text: a tab-separated cell, a pipe-table cell, a line of
/// its own, or a piece of a line whose cells were glued together.
struct Token {
    enum Style: Equatable {
        /// The only cell on its line (cell-per-line layouts, prose).
        case single
        /// One of several tab-separated cells on its line.
        case tabRow
        /// A cell of a markdown pipe table.
        case pipe
        /// A piece of a line whose cells lost their separators (flattened pages).
        case glued
    }

    /// Where the token's text stands in the document's text, as a UTF-8 range; the text is
    /// trimmed of white space (ideographic spaces included). A token holds no string of its
    /// own: `text(in:)` cuts it from the document when it is read.
    var bytes: Range<Int>
    var line: Int
    var column: Int
    var endColumn: Int
    var style: Style
    /// The index of the token's line-group: tokens on the same line (or pipe row) share it.
    var lineGroup: Int
    /// What the token names as a table label, matched once when the token is made.
    var match: LabelMatch?
    /// Whether the token is empty, a number or a placeholder (a value cell), decided once.
    var isValue: Bool
    /// Whether the token is a page number printed inside a table (`- 3 -`), which the table
    /// readers pass over; decided once.
    var isPageMarker: Bool

    /// Whether a token's text is a value cell, and what it names as a table label; `bytes` are
    /// the text's UTF-8. Decided on the bytes: the label form of a label that normalizing
    /// changes is made in a buffer on the stack.
    private static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> (isValue: Bool, match: LabelMatch?) {
        let isValue = bytes.isEmpty || ValueText.isValue(bytes: bytes)
        // Values (numbers and placeholders) and prose never name a row; the matcher sees only
        // short text that is not a value.
        if isValue || bytes.count > LabelMatcher.maximumLabelLength * 4
            || (bytes.count > LabelMatcher.maximumLabelLength
                && LabelNormalization.normalizedLength(bytes: bytes) > LabelMatcher.maximumLabelLength)
        {
            return (isValue, nil)
        }
        return (isValue, LabelNormalization.withLabelForm(of: bytes, LabelMatcher.match(bytes:)))
    }

    /// The token's text, cut from the document's text `source`.
    func text(in source: String) -> Substring { source.utf8Slice(bytes) }

    var isEmpty: Bool { bytes.isEmpty }
    var span: SourceSpan { SourceSpan(line: line, column: column, endColumn: endColumn) }
}

extension Token {
    // The initializers are declared here, not in the type, so that they hand over to the
    // memberwise initializer: assigning the properties one by one, the optimizer built each
    // token twice and copied it (a retain and a release for its label match's string).

    /// The token at `bytes` of the document whose UTF-8 is `source`. `known` is its label
    /// match when the caller already made it (the glued-line splitter matches the label form of
    /// these very scalars when it cuts them off); otherwise the token is matched here.
    init(
        bytes: Range<Int>, of source: UnsafeBufferPointer<UInt8>, line: Int, column: Int, endColumn: Int, style: Style,
        lineGroup: Int, match known: LabelMatch? = nil
    ) {
        let text = UnsafeBufferPointer(rebasing: source[bytes])
        let isValue: Bool
        let match: LabelMatch?
        if let known {
            isValue = text.isEmpty || ValueText.isValue(bytes: text)
            match = isValue ? nil : known
        } else {
            (isValue, match) = Self.classify(text)
        }
        self.init(
            bytes: bytes, line: line, column: column, endColumn: endColumn, style: style, lineGroup: lineGroup,
            match: match, isValue: isValue, isPageMarker: ValueText.isPageMarker(bytes: text))
    }

    /// An empty cell at UTF-8 offset `offset` of the document.
    init(emptyAt offset: Int, line: Int, column: Int, style: Style, lineGroup: Int) {
        self.init(
            bytes: offset..<offset, line: line, column: column, endColumn: column, style: style, lineGroup: lineGroup,
            match: nil, isValue: true, isPageMarker: false)
    }
}

/// Splits source lines into tokens.
enum Tokenizer {
    /// The UTF-8 ranges of the lines of the source; `\r\n`, `\r` and `\n` end a line; form
    /// feeds are white space.
    static func lineRanges(of text: String) -> [Range<Int>] {
        // Line ends found on the bytes.
        var ranges: [Range<Int>] = []
        func scan(_ b: UnsafeBufferPointer<UInt8>) {
            // Without a carriage return, each line end is found by memchr.
            if !UTF8Search.contains(0x0D, in: b) {
                var start = 0
                while let end = UTF8Search.first(0x0A, in: b, from: start) {
                    ranges.append(start..<end)
                    start = end + 1
                }
                if start < b.count { ranges.append(start..<b.count) }
                return
            }
            var start = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                if c == 0x0A || c == 0x0D {
                    ranges.append(start..<i)
                    i += c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
                    start = i
                } else {
                    i += 1
                }
            }
            if start < b.count { ranges.append(start..<b.count) }
        }
        text.withUTF8Bytes(scan)
        return ranges
    }

    /// The tokens of the lines; `keepsLeadingEmptyCells` when the lines were laid out from a
    /// structured table, where a leading empty cell is a cell and not indentation.
    static func tokens(of lines: TextLines, keepsLeadingEmptyCells: Bool = false) -> [Token] {
        var tokens: [Token] = []
        // Two for each line, and one for each 24 bytes of text (a table row of short cells
        // holds a token for every few bytes), so that the array rarely grows.
        tokens.reserveCapacity(lines.count * 2 + lines.text.utf8.count / 24)
        // The cell ranges of a row, reused from line to line instead of grown anew for each.
        var pieces: [Range<Int>] = []
        pieces.reserveCapacity(32)
        lines.text.withUTF8Bytes { whole in
            for (index, line) in lines.ranges.enumerated() {
                appendTokens(
                    of: whole, line: line, lineNumber: index + 1,
                    keepsLeadingEmptyCells: keepsLeadingEmptyCells, pieces: &pieces, to: &tokens)
            }
        }
        return tokens
    }

    /// The byte length of the white-space scalar at `i` (tabs included), or 0.
    @inline(__always)
    static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return LabelNormalization.isSpace(UInt32(c)) ? 1 : 0 }
        // The white space beyond ASCII (U+00A0, U+2002…200B, U+3000, U+FEFF) is led by C2, E2, E3 or EF.
        guard c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF else { return 0 }
        let (u, length) = UTF8Search.decode(b, at: i)
        return LabelNormalization.isSpace(u) ? length : 0
    }

    /// The byte range without leading and trailing white space (tabs included).
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end {
            let k = spaceLength(b, at: start)
            if k == 0 { break }
            start += k
        }
        while end > start {
            var s = end - 1
            while s > start && b[s] & 0xC0 == 0x80 { s -= 1 }
            if spaceLength(b, at: s) == end - s { end = s } else { break }
        }
        return start..<end
    }

    /// The number of scalars in a byte range of valid UTF-8.
    @inline(__always)
    static func scalarCount(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        UnsafeBufferPointer(rebasing: b[range]).scalarCount
    }

    /// Appends the tokens of the line at `line` of the document whose UTF-8 is `source`.
    private static func appendTokens(
        of source: UnsafeBufferPointer<UInt8>, line: Range<Int>, lineNumber: Int,
        keepsLeadingEmptyCells: Bool, pieces: inout [Range<Int>], to tokens: inout [Token]
    ) {
        // Offsets in the line's bytes `b`; a token's range in the document is moved by `start`.
        let b = UnsafeBufferPointer(rebasing: source[line])
        let start = line.lowerBound
        // The tokens of a line (or pipe row) are one line-group.
        let group = lineNumber
        pieces.removeAll(keepingCapacity: true)
        let whole = trimmed(b, 0..<b.count)
        if whole.isEmpty {
            // Four tabs or more: a table row whose five or more cells are all empty (a blank
            // form's table 四), one empty cell each. One tab: one blank cell on its own line.
            let tabs = b.reduce(0) { $0 + ($1 == 0x09 ? 1 : 0) }
            if tabs >= 4 {
                for k in 0...tabs {
                    tokens.append(Token(emptyAt: start, line: lineNumber, column: k + 1, style: .tabRow, lineGroup: group))
                }
            } else if tabs > 0 {
                tokens.append(Token(emptyAt: start, line: lineNumber, column: 1, style: .single, lineGroup: group))
            }
            return
        }
        // Pieces come in line order: scalars are counted on from the previous piece's start.
        var counted = (byte: 0, scalars: 0)
        func append(_ piece: Range<Int>, style: Token.Style) {
            let t = trimmed(b, piece)
            if t.lowerBound < counted.byte { counted = (0, 0) }
            let column = counted.scalars + scalarCount(b, counted.byte..<t.lowerBound) + 1
            counted = (t.lowerBound, column - 1)
            tokens.append(
                Token(
                    bytes: (start + t.lowerBound)..<(start + t.upperBound), of: source, line: lineNumber,
                    column: column, endColumn: column + scalarCount(b, t), style: style, lineGroup: group))
        }
        // Pipe table rows: `| a | b |`; separator rows `|---|---|` are skipped.
        if b[whole.lowerBound] == UInt8(ascii: "|") {
            var cellStart: Int?
            for k in 0..<b.count where b[k] == UInt8(ascii: "|") {
                if let s = cellStart { pieces.append(s..<k) }
                cellStart = k + 1
            }
            if let s = cellStart, s < b.count, !trimmed(b, s..<b.count).isEmpty { pieces.append(s..<b.count) }
            let isSeparatorRow = pieces.allSatisfy { p in
                let t = trimmed(b, p)
                return !t.isEmpty && t.allSatisfy { b[$0] == UInt8(ascii: "-") || b[$0] == UInt8(ascii: ":") || b[$0] == 0x20 }
            }
            if isSeparatorRow { return }
            for piece in pieces { append(piece, style: .pipe) }
            return
        }
        // A line without tabs is one cell.
        if !UTF8Search.contains(0x09, in: b) {
            append(0..<b.count, style: .single)
            return
        }
        // Tab-separated cells. Leading empty cells are indentation or merged group cells in
        // text; in a laid-out table (where cells under a merge are left out) they are empty
        // cells of a row of values only, such as table 四's value row starting with a blank.
        // The leading empty cells are the first `leadingEmpty` pieces.
        var leadingEmpty = 0
        var cellStart = 0
        for k in 0..<b.count where b[k] == 0x09 {
            if pieces.count == leadingEmpty && trimmed(b, cellStart..<k).isEmpty { leadingEmpty += 1 }
            pieces.append(cellStart..<k)
            cellStart = k + 1
        }
        pieces.append(cellStart..<b.count)
        let first = tokens.count
        let cells = pieces[leadingEmpty...]
        for piece in cells { append(piece, style: cells.count > 1 ? .tabRow : .single) }
        if keepsLeadingEmptyCells && leadingEmpty > 0 && tokens[first...].allSatisfy(\.isValue) {
            for k in first..<tokens.count { tokens[k].style = .tabRow }
            tokens.insert(
                contentsOf: pieces[..<leadingEmpty].map { piece in
                    let column = scalarCount(b, 0..<piece.lowerBound) + 1
                    return Token(emptyAt: start + piece.lowerBound, line: lineNumber, column: column, style: .tabRow, lineGroup: group)
                }, at: first)
        }
    }
}
