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
        var lines: [LaidOutText.Line] = []
        var columns = CarriedColumns()
        for page in withoutRunningHeaders(pages) {
            // Every row holds at least one word, so every line has at least one piece.
            for row in alignColumns(rows(of: page.words).map(cells(of:)), readByOCR: readByOCR, columns: &columns) {
                let pieces = row.map { readByOCR && !$0.isValue ? OCRLexicon.correct($0.text) ?? $0.text : $0.text }
                let origins = row.map { SourceOrigin(path: "page \(page.number)", page: page.number, confidence: $0.confidence) }
                lines.append(.init(pieces: pieces, origins: origins))
                joinWrappedLabel(&lines, readByOCR: readByOCR)
            }
            // A page break ends a paragraph or a table row.
            lines.append(.init("", origin: nil))
        }
        return LaidOutText(source: source, lines: lines)
    }

    /// The pages without their running header: a printed line that stands first on every page
    /// (of two or more) with the same text — a page header such as a draft's mark, which would
    /// otherwise be read into the middle of a paragraph running over the page break.
    static func withoutRunningHeaders(_ pages: [PlacedPage]) -> [PlacedPage] {
        guard pages.count >= 2 else { return pages }
        // The first line, if it stands apart from the rest of the page as a header does (a gap
        // of at least one and a half of its height below it), not as a table's first row.
        func firstLine(_ page: PlacedPage) -> (line: Int, text: String)? {
            guard let top = page.words.min(by: { $0.minY < $1.minY }) else { return nil }
            let words = page.words.filter { $0.line == top.line }.sorted { $0.minX < $1.minX }
            let bottom = words.map(\.maxY).max() ?? top.maxY
            let below = page.words.filter { $0.line != top.line }.map(\.minY).min() ?? .infinity
            guard below - bottom >= 1.5 * top.height else { return nil }
            return (top.line, words.map(\.text).joined())
        }
        // A header of up to three lines, line by line from the top.
        var pages = pages
        for _ in 0..<3 {
            let firsts = pages.map(firstLine)
            guard let header = firsts.first??.text, !header.isEmpty, firsts.allSatisfy({ $0?.text == header }) else { break }
            for k in pages.indices { pages[k].words.removeAll { $0.line == firsts[k]?.line } }
        }
        return pages
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
            Unit(
                words: words, minX: words.map(\.minX).min()!, minY: words.map(\.minY).min()!,
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
    /// holding values takes its columns from its fullest row — or, when every row of the block
    /// fits them, from more columns: those of the header row just above (one per header cell
    /// after the first), or those of the block before (`columns`, carried over a page break, as
    /// a table continued on the next page keeps its columns). A shorter row whose every value
    /// stands under a different column gets an empty cell for each column it leaves empty. A
    /// number spread over several columns (digits that OCR joined across empty space) is cut
    /// into one digit per column when it has exactly as many digits as columns it spans.
    /// Rows that fit no column are left as they are, for the reader to report.
    static func alignColumns(_ rows: [[Cell]], readByOCR: Bool, columns: inout CarriedColumns) -> [[Cell]] {
        var rows = rows
        var start = 0
        func headerAnchors(_ row: [Cell]) -> [Double]? {
            row.count >= 3 && !row.contains(where: \.isValue) ? row.dropFirst().map(\.midX) : nil
        }
        defer { columns.header = rows.last.flatMap(headerAnchors) }
        while start < rows.count {
            // A row of one value counts when a row label stands before it (行政事业性收费 33).
            let values = valueCount(rows[start])
            guard values >= 2 || (values == 1 && rows[start].count >= 2 && RowLabel.namesTableRow(rows[start][0].text))
            else {
                start += 1
                continue
            }
            var end = start
            // A block runs over rows with values and over the label lines wrapped between them,
            // and stops at a heading row (two or more cells, no values, no row label).
            while end + 1 < rows.count {
                let next = rows[end + 1]
                if next.count >= 2 && !next.contains(where: \.isValue)
                    && !next.contains(where: { OCRLexicon.isConfusedDigits($0.text) || RowLabel.namesTableRow($0.text) })
                {
                    break
                }
                end += 1
            }
            // The header row above, on this page or at the foot of the page before; the columns
            // of the page before only for a table continued at the top of this page.
            let header = start > 0 ? headerAnchors(rows[start - 1]) : columns.header
            let continued = start <= 1 && rows[..<start].allSatisfy { $0.count == 1 && !$0[0].isValue } ? columns.values : nil
            let even = evenlySpacedColumns(rows, start...end)
            if !(start <= 1 && rows[..<start].allSatisfy({ $0.count == 1 && !$0[0].isValue })) { columns.named = [] }
            align(&rows, start...end, readByOCR: readByOCR, wider: [header, continued, even].compactMap { $0 }, columns: &columns)
            if (start...end).filter({ valueCount(rows[$0]) >= 2 }).count == 1 { fillEvenlySpacedRow(&rows, start) }
            start = end + 1
        }
        return rows
    }

    /// Columns a page hands to the next: those of its last block of values, those of its last
    /// row when that is a header row, and the named columns its last block was placed under.
    struct CarriedColumns {
        var values: [Double]?
        var header: [Double]?
        /// Header cells naming a table-三 column, with the column's index.
        var named: [(index: Int, cell: Cell)] = []
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

    static func align(_ rows: inout [[Cell]], _ block: ClosedRange<Int>, readByOCR: Bool, wider: [[Double]], columns: inout CarriedColumns) {
        guard let widest = block.max(by: { valueCount(rows[$0]) < valueCount(rows[$1]) }) else { return }
        var anchors = rows[widest].suffix(valueCount(rows[widest])).map(\.midX)
        for candidate in wider where candidate.count > anchors.count {
            let fitsAll = block.allSatisfy { r in valueCount(rows[r]) == 0 || slots(of: rows[r], anchors: candidate) != nil }
            if fitsAll {
                anchors = candidate
                break
            }
        }
        if anchors.count < 2 { placeUnderNamedColumn(&rows, block, columns: &columns) }
        guard anchors.count >= 2 else { return }
        columns.values = anchors
        for r in block {
            if readByOCR, let tolerance = tolerance(anchors) { readConfusedDigits(&rows[r], anchors: anchors, tolerance: tolerance) }
            let row = rows[r]
            let firstValue = row.count - valueCount(row)
            guard firstValue < row.count, row.count - firstValue < anchors.count, let slots = slots(of: row, anchors: anchors) else { continue }
            let filled = slots.enumerated().map { k, cell in
                cell ?? Cell(text: "", minX: anchors[k], maxX: anchors[k], confidence: nil, isValue: false)
            }
            rows[r] = Array(row[..<firstValue]) + filled
        }
    }

    /// A block of table-三 rows with one value each (every other cell blank) has no columns of
    /// its own: each value goes under the applicant column whose header (总计, 自然人 …) stands
    /// above it in the header lines, and the row gets an empty cell for every other column.
    /// The named columns of the page before serve a table continued at the top of a page.
    static func placeUnderNamedColumn(_ rows: inout [[Cell]], _ block: ClosedRange<Int>, columns: inout CarriedColumns) {
        var named: [(index: Int, cell: Cell)] = []
        var k = block.lowerBound - 1
        while k >= max(0, block.lowerBound - 10), !rows[k].contains(where: \.isValue) {
            for cell in rows[k] {
                if let index = RowLabel.applicantColumn(cell.text) { named.append((index, cell)) }
            }
            k -= 1
        }
        if named.isEmpty { named = columns.named }
        guard !named.isEmpty else { return }
        columns.named = named
        var placed: [Int: [Cell]] = [:]
        for r in block where valueCount(rows[r]) > 0 {
            let row = rows[r]
            guard valueCount(row) == 1, let value = row.last,
                let column = named.first(where: { value.midX >= $0.cell.minX && value.midX <= $0.cell.maxX })
            else { return }
            var cells = Array(row.dropLast())
            for c in 0..<RowLabel.applicantColumnCount {
                cells.append(c == column.index ? value : Cell(text: "", minX: value.midX, maxX: value.midX, confidence: nil, isValue: false))
            }
            placed[r] = cells
        }
        for (r, cells) in placed { rows[r] = cells }
    }

    /// How far from a column's middle a value may stand: 40% of the narrowest spacing.
    static func tolerance(_ anchors: [Double]) -> Double? {
        let spacing = zip(anchors.dropFirst(), anchors).map { $0 - $1 }.min() ?? 0
        return spacing > 0 ? 0.4 * spacing : nil
    }

    /// The row's values placed under the columns (nil where a column is empty), or nil when a
    /// value stands under no column, two values under one, or a label reaches into the columns.
    static func slots(of row: [Cell], anchors: [Double]) -> [Cell?]? {
        guard let tolerance = tolerance(anchors) else { return nil }
        let firstValue = row.count - valueCount(row)
        let values = row[firstValue...]
        guard values.count <= anchors.count else { return nil }
        // Values lie right of every label.
        guard row[..<firstValue].allSatisfy({ $0.maxX < anchors[0] - tolerance }) else { return nil }
        var slots = [Cell?](repeating: nil, count: anchors.count)
        for cell in values {
            let spanned = anchors.indices.filter { anchors[$0] >= cell.minX - tolerance && anchors[$0] <= cell.maxX + tolerance }
            if spanned.count >= 2 {
                let digits = Array(cell.text.unicodeScalars)
                guard digits.count == spanned.count, digits.allSatisfy({ ("0"..."9").contains($0) }),
                    spanned.allSatisfy({ slots[$0] == nil })
                else { return nil }
                for (k, a) in spanned.enumerated() {
                    slots[a] = Cell(text: String(digits[k]), minX: anchors[a], maxX: anchors[a], confidence: cell.confidence, isValue: true)
                }
                continue
            }
            guard let a = anchors.indices.min(by: { abs(anchors[$0] - cell.midX) < abs(anchors[$1] - cell.midX) }),
                abs(anchors[a] - cell.midX) <= tolerance, slots[a] == nil
            else { return nil }
            slots[a] = cell
        }
        return slots
    }

    /// The columns of a block whose values stand at whole multiples of one spacing (the
    /// official form's value columns are equally wide): every position a value of the block
    /// takes, and the positions between them that every row leaves empty (a column blank in
    /// every row, such as 科研机构 in a report with no application from research bodies). Nil
    /// when the positions are not evenly spaced.
    static func evenlySpacedColumns(_ rows: [[Cell]], _ block: ClosedRange<Int>) -> [Double]? {
        let mids = block.flatMap { r in rows[r].suffix(valueCount(rows[r])).map(\.midX) }.sorted()
        guard let widest = block.max(by: { valueCount(rows[$0]) < valueCount(rows[$1]) }) else { return nil }
        let own = rows[widest].suffix(valueCount(rows[widest])).map(\.midX)
        guard own.count >= 2, let spacing = zip(own.dropFirst(), own).map({ $0 - $1 }).min(), spacing > 0 else { return nil }
        // Positions within 30% of a spacing are one column.
        var columns: [Double] = []
        for x in mids {
            if let last = columns.last, x - last <= 0.3 * spacing { continue }
            columns.append(x)
        }
        var filled: [Double] = []
        for (i, x) in columns.enumerated() {
            if i > 0 {
                let steps = (x - columns[i - 1]) / spacing
                let k = steps.rounded()
                guard k >= 1, abs(steps - k) <= 0.2 else { return nil }
                for j in 1..<Int(k) { filled.append(columns[i - 1] + Double(j) * spacing) }
            }
            filled.append(x)
        }
        return filled.count > own.count ? filled : nil
    }

    /// A row of values alone, with no other value row to take columns from (table 四's one
    /// row under its headers), whose empty cells left wider gaps: when the values stand at
    /// whole multiples of one spacing, an empty cell is put in each skipped column, and in the
    /// columns between the row's ends and the edges of the header lines above.
    static func fillEvenlySpacedRow(_ rows: inout [[Cell]], _ r: Int) {
        // (Empty cells the column alignment put in are placed again here.)
        let row = rows[r].filter { !$0.text.isEmpty }
        guard row.count >= 4, row.allSatisfy(\.isValue), r > 0 else { return }
        let mids = row.map(\.midX)
        let gaps = zip(mids.dropFirst(), mids).map { $0 - $1 }
        let spacing = gaps.sorted()[gaps.count / 2]
        guard spacing > 0 else { return }
        func steps(_ distance: Double) -> Int? {
            let k = (distance / spacing).rounded()
            return abs(distance / spacing - k) <= 0.2 ? Int(k) : nil
        }
        let skipped = gaps.map(steps)
        guard skipped.allSatisfy({ $0 != nil && $0! >= 1 }) else { return }
        // The header lines just above: their text spans the table's width.
        var header: [Cell] = []
        var k = r - 1
        while k >= max(0, r - 6), !rows[k].contains(where: { $0.isValue }) {
            header += rows[k]
            k -= 1
        }
        guard let left = header.map({ $0.minX }).min(), let right = header.map({ $0.maxX }).max() else { return }
        let first = mids[0], last = mids[mids.count - 1]
        let before = max(0, Int(((first - left) / spacing - 0.5).rounded()))
        let after = max(0, Int(((right - last) / spacing - 0.5).rounded()))
        guard skipped.contains(where: { $0! > 1 }) || before > 0 || after > 0 else { return }
        func empty(_ x: Double) -> Cell { Cell(text: "", minX: x, maxX: x, confidence: nil, isValue: false) }
        var out: [Cell] = []
        for k in 0..<before { out.append(empty(first - Double(before - k) * spacing)) }
        for (i, cell) in row.enumerated() {
            if i > 0 {
                for k in 1..<skipped[i - 1]! { out.append(empty(mids[i - 1] + Double(k) * spacing)) }
            }
            out.append(cell)
        }
        for k in 0..<after { out.append(empty(last + Double(k + 1) * spacing)) }
        rows[r] = out
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
    /// line's first cell. Pieces of the group cells wrapped beside them (`（六）其他处` / `理`,
    /// `果 开`) stay in front as cells of their own.
    static func joinWrappedLabel(_ lines: inout [LaidOutText.Line], readByOCR: Bool) {
        guard let last = lines.last else { return }
        if joinLabelTail(&lines, readByOCR: readByOCR) { return }
        // The values line: values only, or a label fragment that names no row followed by values,
        // possibly after short pieces of group cells.
        let values = last.pieces.drop { !RowLabel.isValue($0) && !$0.isEmpty }
        let lead = last.pieces.count - values.count
        guard values.count >= 2, values.allSatisfy({ RowLabel.isValue($0) || $0.isEmpty }) else { return }
        guard lead <= 1 || last.pieces[..<(lead - 1)].allSatisfy(isGroupFragment) else { return }
        let fragment = lead >= 1 ? last.pieces[lead - 1] : ""
        if lead >= 1 && named(fragment, readByOCR: readByOCR) != nil { return }
        var best: (line: Int, label: String, groups: [String])?
        var joined = fragment
        var k = lines.count - 2
        var seen = 0
        while k >= 0, seen < 3 {
            let line = lines[k]
            if line.pieces.allSatisfy(\.isEmpty) {
                k -= 1
                continue
            }
            // The label's first line may carry group cells beside it (（六）其他处理 | 1.申请人…).
            let groups = Array(line.pieces.dropLast())
            guard groups.allSatisfy({ RowLabel.namesGroup($0) || isGroupFragment($0) }),
                let text = line.pieces.last, !RowLabel.isValue(text)
            else { break }
            joined = text + joined
            seen += 1
            if let label = named(joined, readByOCR: readByOCR) { best = (k, label, groups) }
            if !groups.isEmpty { break }
            k -= 1
        }
        guard let (start, label, groups) = best else { return }
        let origins = lines[start].origins
        let fragments = Array(last.pieces.prefix(max(0, lead - 1)))
        let merged = LaidOutText.Line(
            pieces: groups + fragments + [label] + values,
            origins: Array(origins.prefix(groups.count)) + Array(last.origins.prefix(fragments.count))
                + [origins.last ?? nil] + last.origins.suffix(values.count))
        // Keep the line count (spans refer to lines): the label lines are emptied, not removed.
        for i in start..<(lines.count - 1) { lines[i] = .init("", origin: lines[i].origins.first ?? nil) }
        lines[lines.count - 1] = merged
    }

    /// A row label wrapped below the line with its values (`5.要求行政机关确认或重 0 0 0 …` /
    /// `新出具已获取信息`): when the label names no row and joined with the text line after it
    /// does, the joined label replaces it and the text line is emptied.
    static func joinLabelTail(_ lines: inout [LaidOutText.Line], readByOCR: Bool) -> Bool {
        let n = lines.count
        guard n >= 2, lines[n - 1].pieces.count == 1, let tail = lines[n - 1].pieces.first,
            !tail.isEmpty, !RowLabel.isValue(tail)
        else { return false }
        var line = lines[n - 2]
        guard let labelIndex = line.pieces.lastIndex(where: { !RowLabel.isValue($0) && !$0.isEmpty }),
            line.pieces.count - labelIndex - 1 >= 2,
            line.pieces[(labelIndex + 1)...].allSatisfy({ RowLabel.isValue($0) || $0.isEmpty }),
            named(line.pieces[labelIndex], readByOCR: readByOCR) == nil,
            let label = named(line.pieces[labelIndex] + tail, readByOCR: readByOCR)
        else { return false }
        line.pieces[labelIndex] = label
        lines[n - 2] = line
        lines[n - 1] = .init("", origin: lines[n - 1].origins.first ?? nil)
        return true
    }

    /// The row the text names, if any (read-by-OCR text corrected from the lexicon).
    static func named(_ text: String, readByOCR: Bool) -> String? {
        if RowLabel.namesTableRow(text) { return text }
        if readByOCR, let corrected = OCRLexicon.correct(text), RowLabel.namesTableRow(corrected) { return corrected }
        return nil
    }

    /// A piece of a group cell wrapped in a narrow column: one to three characters, no value.
    static func isGroupFragment(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.count <= 3 && !RowLabel.isValue(text)
    }
}
