import GongkaiModel
import GongkaiReading

/// A word placed on a page — from a PDF's text layer or from OCR — with its box in page units
/// (y grows downwards) and, for OCR, the recognizer's confidence (0–100).
struct PlacedWord: Sendable {
    var text: String
    var minX: Double
    var minY: Double
    var maxX: Double
    var maxY: Double
    var confidence: Double?
    /// The printed line the word belongs to, as the extractor grouped it (unique on a page).
    var line: Int

    var height: Double { maxY - minY }
    var midX: Double { (minX + maxX) / 2 }
    var midY: Double { (minY + maxY) / 2 }
}

/// The words of one page.
struct PlacedPage: Sendable {
    var number: Int
    var words: [PlacedWord]
}

/// Rebuilds lines and table rows from words placed on pages: words level with each other form
/// a row, a wide gap separates cells, and the value columns of a table are found from its
/// fullest rows so that a value lands in its own column even where a cell beside it is empty.
enum WordGrid {
    /// One cell of a rebuilt row.
    struct Cell {
        var text: String
        var minX: Double
        var maxX: Double
        var confidence: Double?
        var isValue: Bool

        var midX: Double { (minX + maxX) / 2 }
    }

    static func layOut(_ pages: [PlacedPage], source: SourceKind) -> LaidOutText {
        let readByOCR = source == .ocr
        var out = LaidOutText(source: source)
        for page in pages {
            // Every row holds at least one word, so every line has at least one piece.
            for row in alignColumns(rows(of: page.words).map(cells(of:)), readByOCR: readByOCR) {
                let pieces = row.map { readByOCR && !$0.isValue ? OCRLexicon.correct($0.text) ?? $0.text : $0.text }
                let origins = row.map { SourceOrigin(path: "page \(page.number)", page: page.number, confidence: $0.confidence) }
                out.append(.init(pieces: pieces, origins: origins))
                joinWrappedLabel(&out, readByOCR: readByOCR)
            }
            // A page break ends a paragraph or a table row.
            out.append(.init("", origin: nil))
        }
        return out
    }

    // MARK: Rows and cells

    /// Words grouped into rows, top to bottom. The words of one printed line (as poppler or
    /// tesseract found it) stay together; lines level with each other — overlapping
    /// vertically by at least half of the smaller height, side by side without overlapping
    /// horizontally — form a row (a table row's cells are separate lines in a PDF).
    static func rows(of words: [PlacedWord]) -> [[PlacedWord]] {
        var lines: [Int: [PlacedWord]] = [:]
        for word in words { lines[word.line, default: []].append(word) }
        struct Unit {
            var words: [PlacedWord]
            var minX, minY, maxX, maxY: Double
            var midY: Double { (minY + maxY) / 2 }
        }
        let units = lines.values.map { words in
            Unit(words: words, minX: words.map(\.minX).min()!, minY: words.map(\.minY).min()!,
                 maxX: words.map(\.maxX).max()!, maxY: words.map(\.maxY).max()!)
        }.sorted { ($0.midY, $0.minX) < ($1.midY, $1.minX) }
        struct Row {
            var units: [Unit]
            var minY, maxY: Double
        }
        var rows: [Row] = []
        for unit in units {
            // The open rows still level with this line, best overlap first.
            var best: (index: Int, overlap: Double)?
            for r in rows.indices.reversed() {
                let row = rows[r]
                if row.maxY < unit.minY - (unit.maxY - unit.minY) { break }
                let overlap = min(row.maxY, unit.maxY) - max(row.minY, unit.minY)
                guard overlap >= 0.5 * min(row.maxY - row.minY, unit.maxY - unit.minY) else { continue }
                guard !row.units.contains(where: { $0.minX < unit.maxX && unit.minX < $0.maxX }) else { continue }
                if overlap > (best?.overlap ?? 0) { best = (r, overlap) }
            }
            if let b = best {
                rows[b.index].units.append(unit)
                if unit.maxY - unit.minY > rows[b.index].maxY - rows[b.index].minY {
                    rows[b.index].minY = unit.minY
                    rows[b.index].maxY = unit.maxY
                }
            } else {
                rows.append(Row(units: [unit], minY: unit.minY, maxY: unit.maxY))
            }
        }
        return rows.map { $0.units.flatMap(\.words) }
    }

    /// The cells of a row, left to right: a gap wider than the text's height separates cells,
    /// and next to a number any gap wider than half of it does (a label filling its cell
    /// stands closer to the first value than a space's width would suggest).
    static func cells(of row: [PlacedWord]) -> [Cell] {
        let words = row.sorted { $0.minX < $1.minX }
        let heights = words.map(\.height).sorted()
        let height = heights.isEmpty ? 0 : heights[heights.count / 2]
        var cells: [Cell] = []
        var confidences: [[Double]] = []
        for word in words {
            let wordIsValue = RowLabel.isValue(word.text)
            if var last = cells.last {
                let gap = word.minX - last.maxX
                let limit = (wordIsValue || last.isValue) ? 0.5 * height : height
                if gap <= limit {
                    let joiner = gap > 0.25 * height && needsSpace(last.text, word.text) ? " " : ""
                    last.text += joiner + word.text
                    last.maxX = max(last.maxX, word.maxX)
                    last.isValue = RowLabel.isValue(last.text)
                    cells[cells.count - 1] = last
                    if let c = word.confidence { confidences[confidences.count - 1].append(c) }
                    continue
                }
            }
            cells.append(Cell(text: word.text, minX: word.minX, maxX: word.maxX, confidence: nil, isValue: wordIsValue))
            confidences.append(word.confidence.map { [$0] } ?? [])
        }
        for i in cells.indices where !confidences[i].isEmpty {
            cells[i].confidence = confidences[i].reduce(0, +) / Double(confidences[i].count)
        }
        return cells
    }

    /// Words of Latin script or digits keep a space between them; CJK text does not.
    static func needsSpace(_ left: String, _ right: String) -> Bool {
        guard let a = left.unicodeScalars.last, let b = right.unicodeScalars.first else { return false }
        return a.isASCII && b.isASCII
    }

    // MARK: Value columns

    /// Puts the values of short table rows in their columns. A block of consecutive rows
    /// holding values takes its columns from its fullest row; a shorter row whose every value
    /// stands under a different column gets an empty cell for each column it leaves empty. A
    /// number spread over several columns (digits that OCR joined across empty space) is cut
    /// into one digit per column when it has exactly as many digits as columns it spans.
    /// Rows that fit no column are left as they are, for the reader to report.
    static func alignColumns(_ rows: [[Cell]], readByOCR: Bool) -> [[Cell]] {
        var rows = rows
        var start = 0
        while start < rows.count {
            guard valueCount(rows[start]) >= 2 else { start += 1; continue }
            var end = start
            // A block runs over rows with values and over the label lines wrapped between them,
            // and stops at a heading row (two or more cells, no values).
            while end + 1 < rows.count {
                let next = rows[end + 1]
                if next.count >= 2 && !next.contains(where: \.isValue) && !next.contains(where: { OCRLexicon.isConfusedDigits($0.text) }) { break }
                end += 1
            }
            align(&rows, start...end, readByOCR: readByOCR)
            start = end + 1
        }
        return rows
    }

    /// The number of values at the end of the row (an ordinal such as `1.` before a label is
    /// not one of them).
    static func valueCount(_ row: [Cell]) -> Int {
        var n = 0
        for cell in row.reversed() {
            guard cell.isValue else { break }
            n += 1
        }
        return n
    }

    static func align(_ rows: inout [[Cell]], _ block: ClosedRange<Int>, readByOCR: Bool) {
        guard let widest = block.max(by: { valueCount(rows[$0]) < valueCount(rows[$1]) }) else { return }
        let anchors = rows[widest].suffix(valueCount(rows[widest])).map(\.midX)
        guard anchors.count >= 2 else { return }
        let spacing = zip(anchors.dropFirst(), anchors).map { $0 - $1 }.min() ?? 0
        guard spacing > 0 else { return }
        let tolerance = 0.4 * spacing
        for r in block {
            if readByOCR { readConfusedDigits(&rows[r], anchors: anchors, tolerance: tolerance) }
            let row = rows[r]
            let firstValue = row.count - valueCount(row)
            let values = row.enumerated().dropFirst(firstValue)
            guard !values.isEmpty, values.count < anchors.count else { continue }
            // Values lie right of every label.
            guard row[..<firstValue].allSatisfy({ $0.maxX < anchors[0] - tolerance }) else { continue }
            var slots = [Cell?](repeating: nil, count: anchors.count)
            var fits = true
            for (_, cell) in values {
                let spanned = anchors.indices.filter { anchors[$0] >= cell.minX - tolerance && anchors[$0] <= cell.maxX + tolerance }
                if spanned.count >= 2 {
                    let digits = Array(cell.text.unicodeScalars)
                    guard digits.count == spanned.count, digits.allSatisfy({ ("0"..."9").contains($0) }) else { fits = false; break }
                    guard spanned.allSatisfy({ slots[$0] == nil }) else { fits = false; break }
                    for (k, a) in spanned.enumerated() {
                        slots[a] = Cell(text: String(digits[k]), minX: anchors[a], maxX: anchors[a], confidence: cell.confidence, isValue: true)
                    }
                    continue
                }
                guard let a = anchors.indices.min(by: { abs(anchors[$0] - cell.midX) < abs(anchors[$1] - cell.midX) }),
                      abs(anchors[a] - cell.midX) <= tolerance, slots[a] == nil
                else { fits = false; break }
                slots[a] = cell
            }
            guard fits else { continue }
            let filled = slots.enumerated().map { k, cell in
                cell ?? Cell(text: "", minX: anchors[k], maxX: anchors[k], confidence: nil, isValue: false)
            }
            rows[r] = Array(row[..<firstValue]) + filled
        }
    }

    /// A short cell standing under a value column and made only of digits and their OCR
    /// look-alikes (``OCRLexicon/confusedDigits(_:)``) is read as the digits.
    static func readConfusedDigits(_ row: inout [Cell], anchors: [Double], tolerance: Double) {
        guard let label = row.firstIndex(where: { !$0.isValue && !$0.text.isEmpty }) else { return }
        for i in row.indices where i > label && !row[i].isValue {
            guard anchors.contains(where: { abs($0 - row[i].midX) <= tolerance }),
                  let digits = OCRLexicon.confusedDigits(row[i].text)
            else { continue }
            row[i].text = digits
            row[i].isValue = true
        }
    }

    // MARK: Wrapped labels

    /// A label cell wrapped over lines prints its values on a line of their own, level with the
    /// cell's middle (`（二）部分公开（区分处理的，只计这一情形，不` / `计其他情形）` / `4 0 0 0 0 0 4`).
    /// When the text lines just above a values-only line join into a row label, they become that
    /// line's first cell.
    static func joinWrappedLabel(_ out: inout LaidOutText, readByOCR: Bool) {
        func named(_ text: String) -> String? {
            if RowLabel.namesTableRow(text) { return text }
            if readByOCR, let corrected = OCRLexicon.correct(text), RowLabel.namesTableRow(corrected) { return corrected }
            return nil
        }
        guard let last = out.lines.last else { return }
        // The values line: values only, or a label fragment that names no row followed by values.
        let values = last.pieces.drop { !RowLabel.isValue($0) && !$0.isEmpty }
        let lead = last.pieces.count - values.count
        guard values.count >= 2, values.allSatisfy({ RowLabel.isValue($0) || $0.isEmpty }), lead <= 1 else { return }
        let fragment = lead == 1 ? last.pieces[0] : ""
        if lead == 1 && named(fragment) != nil { return }
        var best: (line: Int, label: String)?
        var joined = fragment
        var k = out.lines.count - 2
        var seen = 0
        while k >= 0, seen < 3 {
            let line = out.lines[k]
            if line.pieces.allSatisfy(\.isEmpty) { k -= 1; continue }
            guard line.pieces.count == 1, let text = line.pieces.first, !RowLabel.isValue(text) else { break }
            joined = text + joined
            seen += 1
            if let label = named(joined) { best = (k, label) }
            k -= 1
        }
        guard let (start, label) = best else { return }
        let origin = out.lines[start].origins.first ?? nil
        let merged = LaidOutText.Line(pieces: [label] + values, origins: [origin] + last.origins.suffix(values.count))
        // Keep the line count (spans refer to lines): the label lines are emptied, not removed.
        for i in start..<(out.lines.count - 1) { out.lines[i] = .init("", origin: out.lines[i].origins.first ?? nil) }
        out.lines[out.lines.count - 1] = merged
    }
}
