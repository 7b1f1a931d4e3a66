import GongkaiModel

/// Reads a 政府信息公开工作年度报告 given as text (plain, tab-separated, cell-per-line, markdown,
/// `pdftotext` output, flattened web pages) into a typed `Report`.
///
/// ```swift
/// let report = try ReportReader().read(bytes: Array(data))
/// print(report.format, report.year, report[CellID("t3.new.total")]?.value)
/// ```
public struct ReportReader: Sendable {
    public init() {}

    /// Reads a report from a file's bytes (UTF-8, UTF-16 with BOM, or GB18030/GBK).
    public func read(bytes: [UInt8]) throws(ReadError) -> Report {
        let (text, _, replaced) = try TextDecoding.decode(bytes)
        var report = try read(text: text)
        report.noteDamagedText(replaced)
        return report
    }

    /// Reads a report from text.
    public func read(text: String) throws(ReadError) -> Report {
        try read(text: text, emptyCellsAreCells: false)
    }

    /// Reads a report from text; `emptyCellsAreCells` when the text was laid out from a
    /// structured table whose empty cells are real cells.
    func read(text: String, emptyCellsAreCells: Bool) throws(ReadError) -> Report {
        let lines = TextLines(text: text, ranges: Tokenizer.lineRanges(of: text))
        let headings = SectionFinder.find(in: lines)
        // Each line in label form, made once for the splitter, the format, the metadata and the checker.
        let forms = LabelNormalization.labelForms(of: lines)
        let normalizedText = forms.text
        var tokens = Tokenizer.tokens(of: lines, keepsLeadingEmptyCells: emptyCellsAreCells)
        // Lines whose cells lost their separators are split into pieces; most texts have none,
        // and their tokens are kept as they are.
        let splits = { (token: Token) in GluedLineSplitter.shouldSplit(token, in: text, lineForm: { forms[token.line - 1] }) }
        // Each such token is replaced by its pieces in place, from the last one back (the
        // tokens before it keep their indices): the others are not copied.
        if let first = tokens.firstIndex(where: splits) {
            for k in (first..<tokens.count).reversed() where splits(tokens[k]) {
                let line = tokens[k].line
                tokens.replaceSubrange(
                    k...k, with: GluedLineSplitter.split(tokens[k], in: text, cutAt: headings.filter { $0.span.line == line }.map(\.span)))
            }
        }
        let format = FormatDetector.detect(normalizedText: normalizedText)
        if format == nil && headings.count < 2 { throw .notAReport }

        var report = Report(lines: lines)
        report.normalizedLines = normalizedText
        report.format = format
        if let format {
            var reader = TableReader(tokens: tokens, source: text, format: format, emptyCellsAreCells: emptyCellsAreCells)
            let zones = TableZones(tokens: tokens, headings: headings)
            if let r = zones.table2 { reader.readTable2(r) }
            if let r = zones.table3 { reader.readTable3(r) }
            if let r = zones.table4 { reader.readTable4(r) }
            report.cells = reader.cells
            report.notes = reader.notes
            report.tablesFound = reader.tablesFound
            report.singleOtherHandlingRow = reader.singleOtherHandlingRow
            // The rows of each table found that have cells neither read nor reported unread, in
            // template order, found in one pass over the template's ids.
            let unreadCells = Set(reader.notes.filter { $0.kind != .placedByStructure }.flatMap(\.cells))
            for id in report.templateCellIDs {
                guard let table = id.tableID, reader.tablesFound.contains(table),
                    report.cells.index(forKey: id) == nil, !unreadCells.contains(id)
                else { continue }
                let row = String(id.row)
                if report.missingRows[table]?.contains(row) != true { report.missingRows[table, default: []].append(row) }
            }
        }
        report.sections = sections(from: headings, lines: lines, forms: forms)
        let meta = MetadataReader.read(lines: lines, forms: forms, firstSectionLine: headings.first?.span.line)
        report.title = meta.title
        report.year = meta.year
        report.agency = meta.agency
        report.publicationDate = meta.date
        return report
    }

    /// The sections under `headings`; `forms` are the lines' label forms.
    func sections(from headings: [SectionHeading], lines: TextLines, forms: TextLines) -> [Section] {
        let separators = " \n\t\u{3000}#"
        var sections: [Section] = []
        var formOffsets = LabelFormOffsets()
        for (k, h) in headings.enumerated() {
            let startLine = h.span.line
            // Where the text ends, as a line and a UTF-8 offset in it: the next heading, or the end.
            let end: (line: Int, offset: Int) =
                k + 1 < headings.count
                ? (headings[k + 1].span.line, headings[k + 1].bytes.lowerBound)
                : (lines.count, Int.max)
            let range = startLine...max(startLine, min(end.line, lines.count))
            // Lines ended by `\n` alone: the section's text is one piece of the source.
            if let piece = Self.piece(of: lines, from: (startLine, h.bytes.upperBound), to: end),
                !piece.utf8Contains("\r")
            {
                var section = Section(
                    kind: h.kind, heading: h.text, headingSpan: h.span,
                    text: String(piece.trimming(separators)), lines: range)
                section.labelFormOfText = Self.labelForm(
                    lines: lines, forms: forms, from: (startLine, h.bytes.upperBound), to: end, offsets: &formOffsets)
                assert(section.labelFormOfText.map { $0 == LabelNormalization.normalize(section.text) } ?? true)
                sections.append(section)
                continue
            }
            var parts: [String] = []
            var line = startLine
            while line <= end.line && line <= lines.count {
                if line != startLine && line != end.line {
                    // A whole line between the heading and the next: no columns to count.
                    parts.append(String(lines[line - 1]))
                    line += 1
                    continue
                }
                let from = line == startLine ? h.bytes.upperBound : 0
                let to = line == end.line ? end.offset : Int.max
                if let piece = Self.piece(of: lines[line - 1], bytes: from, to) {
                    parts.append(String(piece))
                } else if line != startLine {
                    parts.append("")
                }
                line += 1
            }
            // The next heading's markdown `#`s stand before it on its line: not this section's text.
            let text = parts.joined(separator: "\n").trimmingCharacters(in: separators)
            sections.append(Section(kind: h.kind, heading: h.text, headingSpan: h.span, text: text, lines: range))
        }
        return sections
    }
}

extension ReportReader {
    /// The piece of the lines' text from a line and UTF-8 offset to another (offsets clamped
    /// to their lines' ends), or nil when the positions are not in order.
    static func piece(of lines: TextLines, from: (line: Int, offset: Int), to: (line: Int, offset: Int)) -> Substring? {
        guard from.line >= 1, from.line <= lines.count, to.line >= 1, to.line <= lines.count else { return nil }
        func offset(_ p: (line: Int, offset: Int)) -> Int {
            let line = lines.ranges[p.line - 1]
            return line.lowerBound + min(p.offset, line.count)
        }
        let lower = offset(from), upper = offset(to)
        return lower <= upper ? lines.text.utf8Slice(lower..<upper) : nil
    }

    /// The label form of the piece of text between two positions (as `piece(of:from:to:)`
    /// takes them, in order), cut from the lines' label `forms` (their label forms one after
    /// another) rather than made anew: white space and line ends drop out of label forms and
    /// normalizing maps scalar by scalar, so a position's place in the forms is its line's
    /// start there plus the normalized length of the line's bytes before it. `offsets` counts
    /// along a line from the last place asked for on it: the sections are asked for in order,
    /// and a flattened page's all lie on one line.
    static func labelForm(
        lines: TextLines, forms: TextLines, from: (line: Int, offset: Int), to: (line: Int, offset: Int),
        offsets: inout LabelFormOffsets
    ) -> String {
        let lower = forms.ranges[from.line - 1].lowerBound + offsets.formOffset(line: from.line, offset: from.offset, in: lines)
        let upper = forms.ranges[to.line - 1].lowerBound + offsets.formOffset(line: to.line, offset: to.offset, in: lines)
        return String(forms.text.utf8Slice(lower..<max(lower, upper)))
    }

    /// The part of a line from UTF-8 offset `from` to `to` (clamped to the line's end), or nil
    /// when it is empty. Offsets, not scalar counts: a flattened page is one long line.
    static func piece(of line: Substring, bytes from: Int, _ to: Int) -> Substring? {
        let end = min(to, line.utf8.count)
        return from < end ? line.utf8Slice(from..<end) : nil
    }
}

/// The token ranges in which each table is looked for: from its section heading (or its first
/// row label, where a truncated text lost the heading) to the next table's start.
struct TableZones {
    var table2: Range<Int>?
    var table3: Range<Int>?
    var table4: Range<Int>?

    init(tokens: [Token], headings: [SectionHeading]) {
        func index(after span: SourceSpan) -> Int {
            tokens.firstIndex { ($0.line, $0.column) >= (span.line, span.endColumn) } ?? tokens.count
        }
        func index(at span: SourceSpan) -> Int {
            tokens.firstIndex { ($0.line, $0.column) >= (span.line, span.column) } ?? tokens.count
        }
        func heading(_ kind: SectionKind) -> SectionHeading? { headings.first { $0.kind == kind } }
        let end = heading(.problems).map { index(at: $0.span) } ?? tokens.count
        func first(from: Int, to: Int, _ predicate: (LabelMatch) -> Bool) -> Int? {
            guard from < to else { return nil }
            return (from..<to).first { i in tokens[i].match.map(predicate) ?? false }
        }
        let overviewEnd = heading(.proactive).map { index(after: $0.span) } ?? heading(.overview).map { index(after: $0.span) } ?? 0
        let t2Start =
            heading(.proactive).map { index(after: $0.span) }
            ?? first(from: overviewEnd, to: end) { if case .t2Row = $0 { true } else { false } }
        let t3ByLabel = first(from: t2Start ?? overviewEnd, to: end) {
            switch $0 {
            case .t3Row, .t3Group: true
            default: false
            }
        }
        let t3ByHeading = heading(.applications).map { index(after: $0.span) }
        let t3Start = [t3ByLabel, t3ByHeading].compactMap { $0 }.min()
        let t4ByHeading = heading(.reviewAndLitigation).map { index(after: $0.span) }.flatMap { $0 > (t3Start ?? 0) ? $0 : nil }
        let t4Start = t4ByHeading ?? first(from: t3Start ?? t2Start ?? overviewEnd, to: end) { $0 == .t4Group("review") }
        if let s = t2Start { table2 = s..<max(s, t3Start ?? t4Start ?? end) }
        if let s = t3Start { table3 = s..<max(s, t4Start ?? end) }
        if let s = t4Start { table4 = s..<max(s, end) }
    }
}

/// Where byte offsets of a line fall in the line's label form, counted on from the last offset
/// asked for when it is on the same line and not before it.
struct LabelFormOffsets {
    private var line = 0
    private var offset = 0
    private var formOffset = 0

    /// The offset in line `line`'s label form of the line's byte `offset` (clamped to the line).
    mutating func formOffset(line: Int, offset: Int, in lines: TextLines) -> Int {
        let text = lines[line - 1]
        let target = min(offset, text.utf8.count)
        if line != self.line || target < self.offset {
            self.line = line
            self.offset = 0
            formOffset = 0
        }
        let from = self.offset
        formOffset += text.withUTF8Bytes { LabelNormalization.normalizedByteCount(bytes: UnsafeBufferPointer(rebasing: $0[from..<target])) }
        self.offset = target
        return formOffset
    }
}

extension Report {
    /// Notes, first among the reading notes, that `replaced` damaged sequences of UTF-8 were
    /// read as U+FFFD, at the first of them.
    mutating func noteDamagedText(_ replaced: Int) {
        guard replaced > 0 else { return }
        let mark = Array("\u{FFFD}".utf8)
        let span = lines.lineIndices(containing: [mark]).first.map { k -> SourceSpan in
            let line = lines[k]
            let column = line.unicodeScalars.prefix { $0 != "\u{FFFD}" }.count + 1
            return SourceSpan(line: k + 1, column: column, endColumn: column + 1)
        }
        notes.insert(
            ReadingNote(
                kind: .damagedText,
                message: "文本有\(replaced)处字节不是有效的UTF-8，已读作“\u{FFFD}”；所在处的单元格可能无法读取",
                cells: [], span: span), at: 0)
    }
}
