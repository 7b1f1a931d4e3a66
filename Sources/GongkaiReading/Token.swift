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

    /// The text, trimmed of white space (ideographic spaces included).
    var text: Substring
    var line: Int
    var column: Int
    var endColumn: Int
    var style: Style
    /// The index of the token's line-group: tokens on the same line (or pipe row) share it.
    var lineGroup: Int
    /// What the token names as a table label, matched once when the token is made.
    var match: LabelMatch?

    init(text: Substring, line: Int, column: Int, endColumn: Int, style: Style, lineGroup: Int) {
        self.text = text
        self.line = line
        self.column = column
        self.endColumn = endColumn
        self.style = style
        self.lineGroup = lineGroup
        // Values and prose never name a row; the matcher sees only short non-numeric text.
        if text.isEmpty || text.utf8.count > LabelMatcher.maximumLabelLength * 4
            || (text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } == true && ValueText.parse(text) != nil)
        {
            self.match = nil
        } else {
            self.match = LabelMatcher.match(normalized: LabelText.normalize(text))
        }
    }

    /// The text with white space removed and punctuation made canonical (computed on use).
    var normalized: String { LabelText.normalize(text) }

    var isEmpty: Bool { text.isEmpty }
    var span: SourceSpan { SourceSpan(line: line, column: column, endColumn: endColumn) }
}

/// Splits source lines into tokens.
enum Tokenizer {
    /// Lines of the source; `\r\n`, `\r` and `\n` end a line; form feeds are white space.
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        let utf8 = text.utf8
        while i < text.endIndex {
            let b = utf8[i]
            if b == 0x0A || b == 0x0D {
                lines.append(text[start..<i])
                var next = utf8.index(after: i)
                if b == 0x0D, next < text.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                i = next
                start = i
            } else {
                i = utf8.index(after: i)
            }
        }
        if start < text.endIndex { lines.append(text[start...]) }
        return lines
    }

    static func tokens(of lines: [Substring]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(lines.count * 2)
        var group = 0
        for (index, line) in lines.enumerated() {
            group += 1
            appendTokens(of: line, lineNumber: index + 1, group: group, to: &tokens)
        }
        return tokens
    }

    private static func appendTokens(of line: Substring, lineNumber: Int, group: Int, to tokens: inout [Token]) {
        let scalars = line.unicodeScalars
        var tabs = 0
        var hasContent = false
        for u in scalars {
            if u == "\t" { tabs += 1 } else if !LabelText.isSpace(u) { hasContent = true }
        }
        if !hasContent {
            // Four tabs or more: a table row whose five or more cells are all empty (a blank
            // form's table 四), one empty cell each. One tab: one blank cell on its own line.
            if tabs >= 4 {
                for k in 0...tabs {
                    tokens.append(Token(text: "", line: lineNumber, column: k + 1, endColumn: k + 1, style: .tabRow, lineGroup: group))
                }
            } else if tabs > 0 {
                tokens.append(Token(text: "", line: lineNumber, column: 1, endColumn: 1, style: .single, lineGroup: group))
            }
            return
        }
        // Pipe table rows: `| a | b |`; separator rows `|---|---|` are skipped.
        let trimmed = trim(line)
        if trimmed.text.unicodeScalars.first == "|" {
            var cells: [(Substring.UnicodeScalarView.Index, Substring.UnicodeScalarView.Index)] = []
            var cellStart: Substring.UnicodeScalarView.Index?
            var i = scalars.startIndex
            while i < scalars.endIndex {
                if scalars[i] == "|" {
                    if let s = cellStart { cells.append((s, i)) }
                    cellStart = scalars.index(after: i)
                }
                i = scalars.index(after: i)
            }
            if let s = cellStart, s < scalars.endIndex {
                let rest = line[s...]
                if !trim(rest).text.isEmpty { cells.append((s, scalars.endIndex)) }
            }
            let pieces = cells.map { line[$0.0..<$0.1] }
            if pieces.allSatisfy({ p in
                let t = trim(p).text
                return !t.isEmpty && t.unicodeScalars.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " }
            }) {
                return
            }
            for piece in pieces {
                tokens.append(makeToken(piece, in: line, lineNumber: lineNumber, style: .pipe, group: group))
            }
            return
        }
        // Tab-separated cells; leading empty cells are indentation or merged group cells.
        var pieces: [Substring] = []
        var start = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if scalars[i] == "\t" {
                pieces.append(line[start..<i])
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        pieces.append(line[start...])
        while let first = pieces.first, trim(first).text.isEmpty { pieces.removeFirst() }
        let style: Token.Style = pieces.count > 1 ? .tabRow : .single
        for piece in pieces {
            tokens.append(makeToken(piece, in: line, lineNumber: lineNumber, style: style, group: group))
        }
    }

    static func makeToken(_ piece: Substring, in line: Substring, lineNumber: Int, style: Token.Style, group: Int) -> Token {
        let t = trim(piece)
        let column = line.unicodeScalars.distance(from: line.startIndex, to: t.text.startIndex) + 1
        return Token(
            text: t.text, line: lineNumber, column: column, endColumn: column + t.text.unicodeScalars.count,
            style: style, lineGroup: group)
    }

    static func trim(_ s: Substring) -> (text: Substring, leading: Int) {
        let u = s.unicodeScalars
        var start = u.startIndex
        var leading = 0
        while start < u.endIndex, LabelText.isSpace(u[start]) || u[start] == "\t" {
            start = u.index(after: start)
            leading += 1
        }
        var end = u.endIndex
        while end > start {
            let before = u.index(before: end)
            if LabelText.isSpace(u[before]) || u[before] == "\t" { end = before } else { break }
        }
        return (Substring(u[start..<end]), leading)
    }
}
