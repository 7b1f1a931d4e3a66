import GongkaiModel

extension TableReader {
    // MARK: Table 二

    /// Reads table 二 from tokens `range`: each row label takes the values printed with it.
    mutating func readTable2(_ range: Range<Int>) {
        let template = ReportTemplate.of(format)
        var i = range.lowerBound
        while i < range.upperBound {
            let t = tokens[i]
            guard case .t2Row(let key)? = t.match,
                let row = template.table2.first(where: { $0.key == key })
            else {
                i += 1
                continue
            }
            tablesFound.insert(.t2)
            let (pieces, next, style) = values(after: i, end: range.upperBound)
            if rowsSeen[.t2, default: []].contains(key) {
                if !pieces.isEmpty {
                    notes.append(ReadingNote(kind: .duplicateRow, message: "「\(text(t))」行出现两次，取第一次", cells: row.cellIDs, span: t.span))
                }
            } else if !pieces.isEmpty {
                if assign(pieces, to: row.cellIDs, style: style, label: t, identity: nil) {
                    rowsSeen[.t2, default: []].insert(key)
                }
            }
            i = max(next, i + 1)
        }
    }

    // MARK: Table 三

    /// Reads table 三 from tokens `range`. Values printed before their row labels (PDF reading
    /// order prints group labels after the numbers) are placed in the rows the template puts
    /// between the labelled rows around them, when their count fits exactly.
    mutating func readTable3(_ range: Range<Int>) {
        let template = ReportTemplate.of(format)
        var assignedAt: [(key: String, index: Int)] = []
        var orphans: [(index: Int, pieces: [ValuePiece])] = []
        var pendingOrphans: [ValuePiece] = []
        var pendingIndex = 0
        func flushOrphans() {
            if pendingOrphans.contains(where: { !$0.isEmpty }) { orphans.append((pendingIndex, pendingOrphans)) }
            pendingOrphans = []
        }
        let rowIdentity: ([ReportNumber]) -> Bool = { v in v.count == 7 && v[0..<6].sum() == v[6] }
        var i = range.lowerBound
        while i < range.upperBound {
            let t = tokens[i]
            let match = t.match
            var key: String?
            switch match {
            case .t3Row(let k)?: key = k
            case .t3Group(.other)?: key = "other_handling"
            case .t3Group?: tablesFound.insert(.t3)
            default: break
            }
            guard let rowKey = key else {
                if t.style == .single, !t.isEmpty, t.isValue {
                    if pendingOrphans.isEmpty { pendingIndex = i }
                    pendingOrphans.append(ValuePiece(t, glued: false))
                } else if !t.isEmpty, !t.isPageMarker, match != nil || !t.isValue {
                    flushOrphans()
                }
                i += 1
                continue
            }
            flushOrphans()
            tablesFound.insert(.t3)
            let (pieces, next, style) = values(after: i, end: range.upperBound)
            i = max(next, i + 1)
            if pieces.isEmpty { continue }
            var k = rowKey
            if k == "other_handling" && format == .v2021 { singleOtherHandlingRow = true }
            if k.hasPrefix("other_handling.") && format == .v2019 { k = "other_handling" }
            let ids = ReportTemplate.table3CellIDs(row: k)
            if rowsSeen[.t3, default: []].contains(k) {
                notes.append(ReadingNote(kind: .duplicateRow, message: "「\(text(t))」行出现两次，取第一次", cells: ids, span: t.span))
                continue
            }
            var rowPieces = pieces
            if style == .single, case .surplus(let first, let rest) = fit(pieces, columns: 7, style: style) {
                rowPieces = Array(pieces[first])
                pendingIndex = i - 1
                pendingOrphans = Array(pieces[rest])
                flushOrphans()
            }
            if assign(rowPieces, to: ids, style: style, label: t, identity: rowIdentity) {
                rowsSeen[.t3, default: []].insert(k)
                assignedAt.append((k, i - 1))
            }
        }
        flushOrphans()
        placeOrphans(orphans, assignedAt: assignedAt, template: template)
        resolveAmbiguousTable3Rows()
    }

    private mutating func placeOrphans(
        _ orphans: [(index: Int, pieces: [ValuePiece])], assignedAt: [(key: String, index: Int)], template: ReportTemplate
    ) {
        var rowKeys = template.table3.map(\.key)
        if singleOtherHandlingRow {
            rowKeys = rowKeys.filter { !$0.hasPrefix("other_handling.") }
            if let i = rowKeys.firstIndex(of: "total") { rowKeys.insert("other_handling", at: i) }
        }
        for orphan in orphans {
            let values = orphan.pieces.filter { !$0.isEmpty }
            let before = assignedAt.last { $0.index < orphan.index }
            let after = assignedAt.first { $0.index > orphan.index }
            let lower = before.flatMap { b in rowKeys.firstIndex(of: b.key) } ?? -1
            let upper = after.flatMap { a in rowKeys.firstIndex(of: a.key) } ?? rowKeys.count
            let missing =
                lower + 1 < upper
                ? rowKeys[(lower + 1)..<upper].filter { !rowsSeen[.t3, default: []].contains($0) }
                : []
            let ids = missing.flatMap { ReportTemplate.table3CellIDs(row: $0) }
            guard !missing.isEmpty, values.count == missing.count * 7, orphan.pieces.count == values.count else {
                notes.append(
                    ReadingNote(
                        kind: .strayValues,
                        message: "表三中有\(values.count)个数值不在任何行标签之后，无法确定所属行：未读取",
                        cells: ids, span: values.first?.span))
                continue
            }
            for (id, piece) in zip(ids, values) { set(id, from: piece, provenance: .placed) }
            for k in missing { rowsSeen[.t3, default: []].insert(k) }
            let labels = missing.compactMap { k in template.table3.first { $0.key == k }?.label ?? (k == "other_handling" ? "（六）其他处理" : nil) }
            notes.append(
                ReadingNote(
                    kind: .placedByStructure,
                    message: "\(values.count)个数值印在行标签之前（PDF阅读顺序），按表格结构归入：\(labels.joined(separator: "、"))",
                    cells: ids, span: values.first?.span))
        }
    }

    // MARK: Table 四

    /// Reads table 四 from tokens `range`: one row of 15 values, three groups of 5, or, where the
    /// values are interleaved with header fragments, the only placement the groups' sums admit.
    mutating func readTable4(_ range: Range<Int>) {
        let groups = ReportTemplate.table4Groups.map(\.0)
        let ids = ReportTemplate.table4CellIDs
        var runs: [(group: String?, pieces: [ValuePiece], style: Token.Style)] = []
        var current: [ValuePiece] = []
        var currentStyle: Token.Style = .single
        var lastGroup: String?
        var headerSeen = false
        var glued = false
        func close() {
            // In a laid-out table an empty cell is a blank value; only cells beyond the 15
            // columns are merged-cell residue. In copied text, empty pieces are separators.
            let columns = emptyCellsAreCells ? ids.count : 0
            while current.count > columns, current.first?.isEmpty == true { current.removeFirst() }
            while current.count > columns, current.last?.isEmpty == true { current.removeLast() }
            if !current.allSatisfy(\.isEmpty) || current.count == columns && columns > 0 {
                runs.append((lastGroup, current, currentStyle))
            }
            current = []
        }
        for i in range {
            let t = tokens[i]
            if t.isPageMarker { continue }
            if t.style == .glued, !t.isEmpty, isDigitRun(t), headerSeen {
                close()
                current = [ValuePiece(t, glued: true)]
                glued = true
                close()
                continue
            }
            if t.isValue {
                if current.isEmpty { currentStyle = t.style }
                current.append(ValuePiece(t, glued: false))
                continue
            }
            close()
            if case .t4Group(let g)? = t.match {
                headerSeen = true
                lastGroup = g
            } else {
                let n = LabelNormalization.normalize(text(t))
                if LabelMatcher.isTable4HeaderFragment(n) || n.utf8Contains("行政诉讼") { headerSeen = true }
            }
        }
        close()
        guard headerSeen || !runs.isEmpty else { return }
        tablesFound.insert(.t4)
        let label = tokens[range.lowerBound]
        let sums: ([ReportNumber]) -> Bool = { v in
            v.count == 15 && (0..<3).allSatisfy { (g: Int) -> Bool in v[(g * 5)..<(g * 5 + 4)].sum() == v[g * 5 + 4] }
        }
        if glued, runs.count == 1 {
            _ = assign(runs[0].pieces, to: ids, style: .glued, label: label, identity: sums)
            return
        }
        let counts = runs.map(\.pieces.count)
        if counts == [15] {
            _ = assign(runs[0].pieces, to: ids, style: .pipe, label: label, identity: nil)
            return
        }
        if counts == [5, 5, 5] {
            let named = runs.compactMap(\.group)
            let order = Set(named).count == 3 ? named : groups
            for (run, group) in zip(runs, order) {
                let gids = ReportTemplate.table4Columns.map { CellID("t4", group, $0.key) }
                for (id, piece) in zip(gids, run.pieces) { set(id, from: piece) }
            }
            return
        }
        let all = runs.flatMap(\.pieces)
        if all.count == 15, all.allSatisfy({ !$0.isEmpty }) {
            // Values interleaved with header fragments: which column each stands in is lost. The
            // sums may still tell the three groups apart, but never which group is which column.
            let numbers = all.map { ReportNumber(parsing: ValueTextDigits.digits(text($0))) }
            let partitions = Table4Placement.partitions(numbers)
            let described =
                partitions.count == 1
                ? "；按“维持+纠正+其他+尚未审结=总计”可分出三组（" + partitions[0].map { $0.map { String(text(all[$0])) }.joined(separator: "/") }.joined(separator: "，")
                    + "），但无法判断各组属于哪一列"
                : ""
            notes.append(
                ReadingNote(
                    kind: .longRow,
                    message: "表四的数值与表头碎片交错（阅读顺序已丢失），无法确定各值所在列" + described + "：未读取",
                    cells: ids, span: all.first?.span))
            return
        }
        if !all.isEmpty {
            notes.append(
                ReadingNote(
                    kind: all.count < 15 ? .shortRow : .longRow,
                    message: "表四印有\(all.count)个值，应有15个，且无法唯一确定其所属列：未读取",
                    cells: ids, span: all.first?.span))
        }
    }
}

/// The digits of a value cell's text (for number parsing of placed values).
enum ValueTextDigits {
    static func digits(_ text: Substring) -> Substring {
        if case .number(let n)? = ValueText.parse(text) { return Substring(n.digits) }
        return text
    }
}

/// The ways 15 table-四 values printed out of column order can form three groups that each keep
/// their printed order and satisfy 维持 + 纠正 + 其他 + 尚未审结 = 总计 (groups unordered).
enum Table4Placement {
    static func partitions(_ values: [ReportNumber?]) -> [[[Int]]] {
        guard values.count == 15, values.allSatisfy({ $0 != nil }) else { return [] }
        let v = values.map { $0! }
        var solutions: [[[Int]]] = []
        // A group keeps its printed order, so its last member is its 总计. Each group is built
        // from the lowest index not yet taken, which yields each unordered partition once.
        func groups(from remaining: [Int], taken: [[Int]]) {
            if solutions.count > 4 { return }
            guard let first = remaining.first else {
                solutions.append(taken)
                return
            }
            let rest = Array(remaining.dropFirst())
            var chosen: [Int] = []
            chosen.reserveCapacity(4)
            // `partial`: the sum of the group's first member and the chosen parts so far.
            func choose(_ start: Int, _ partial: ReportNumber) {
                if chosen.count == 3 {
                    // The fourth member chosen is the group's 总计: it must equal the parts' sum.
                    var k = start
                    while k < rest.count {
                        if v[rest[k]] == partial {
                            let members = [first] + chosen + [rest[k]]
                            let left = rest.filter { !members.contains($0) }
                            groups(from: left, taken: taken + [members])
                        }
                        k += 1
                    }
                    return
                }
                var k = start
                while k < rest.count && rest.count - k >= 4 - chosen.count {
                    chosen.append(rest[k])
                    choose(k + 1, partial + v[rest[k]])
                    chosen.removeLast()
                    k += 1
                }
            }
            choose(0, v[first])
        }
        groups(from: Array(0..<15), taken: [])
        return solutions
    }
}

extension TableReader {
    /// Fused table-三 rows whose row identity leaves several splits are decided together by the
    /// column identities (T3-1, T3-2): a combination is taken only when it is the only one.
    mutating func resolveAmbiguousTable3Rows() {
        let pending = notes.enumerated().filter {
            $0.element.kind == .ambiguousDigits && $0.element.cells.first?.tableID == .t3 && !$0.element.candidates.isEmpty
        }
        guard !pending.isEmpty else { return }
        // At most 100,000 combinations, counted with the bound checked at each step (the product
        // of a garbled table's candidate counts overflows an Int).
        var combinations = 1
        for entry in pending {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: entry.element.candidates.count)
            guard !overflow, product <= 100_000 else { return }
            combinations = product
        }
        let template = ReportTemplate.of(format)
        var outcomeRows = template.table3.map(\.key).filter { !["new", "carried_in", "total", "carried_out"].contains($0) }
        if singleOtherHandlingRow {
            outcomeRows = outcomeRows.filter { !$0.hasPrefix("other_handling.") } + ["other_handling"]
        }
        let columnCount = ReportTemplate.applicantColumns.count
        var known: [CellID: ReportNumber] = [:]
        for (id, cell) in cells where id.tableID == .t3 { known[id] = cell.value.arithmeticValue }
        // Each column's cells, looked up once (a row at a time): `holds` runs for every
        // combination tried.
        let balanceRows = ["new", "carried_in", "total", "carried_out"].map(ReportTemplate.table3CellIDs(row:))
        let outcomeRowIDs = outcomeRows.map(ReportTemplate.table3CellIDs(row:))
        let balanceIDs = (0..<columnCount).map { c in balanceRows.map { $0[c] } }
        let outcomeIDs = (0..<columnCount).map { c in outcomeRowIDs.map { $0[c] } }
        func holds(_ values: [CellID: ReportNumber]) -> Bool {
            for c in 0..<columnCount {
                let balance = balanceIDs[c]
                let total = values[balance[2]]
                if let a = values[balance[0]], let b = values[balance[1]], let t = total, let o = values[balance[3]], a + b != t + o { return false }
                let parts = outcomeIDs[c].map { values[$0] }
                if let t = total, parts.allSatisfy({ $0 != nil }), parts.compactMap({ $0 }).sum() != t { return false }
            }
            return true
        }
        var solutions: [[Int]] = []
        var choice = [Int](repeating: 0, count: pending.count)
        func recurse(_ k: Int, _ values: [CellID: ReportNumber]) {
            if solutions.count > 1 { return }
            if k == pending.count {
                if holds(values) { solutions.append(choice) }
                return
            }
            for (index, candidate) in pending[k].element.candidates.enumerated() {
                var next = values
                for (id, text) in zip(pending[k].element.cells, candidate) { next[id] = ReportNumber(parsing: text) }
                choice[k] = index
                recurse(k + 1, next)
            }
        }
        recurse(0, known)
        guard solutions.count == 1 else { return }
        for (k, entry) in pending.enumerated() {
            let note = entry.element
            let candidate = note.candidates[solutions[0][k]]
            let span = note.span ?? SourceSpan(line: 0, column: 0, endColumn: 0)
            for (id, text) in zip(note.cells, candidate) { set(id, number: text, at: span, provenance: .recovered) }
            rowsSeen[.t3, default: []].insert(String(note.cells[0].row))
        }
        let resolved = Set(pending.map(\.offset))
        notes = notes.enumerated().filter { !resolved.contains($0.offset) }.map(\.element)
    }
}
