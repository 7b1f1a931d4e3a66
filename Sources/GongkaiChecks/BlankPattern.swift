import GongkaiModel

/// C-BLANK by cause: an agency that leaves a column blank, or writes 「-」 for zero, does so by
/// one habit, and is told once. The blank cells of a table are one finding, whose message names
/// the whole table, the whole columns, the whole rows and the single cells it covers, and how
/// they are printed (empty, or the placeholder written).
enum BlankPattern {
    static func findings(_ blanks: [CellID], report: Report) -> [Finding] {
        guard !blanks.isEmpty, let format = report.format else { return [] }
        // The cells each table prints, in one pass over the template.
        var printed: [TableID: [CellID]] = [:]
        let templateIDs = report.templateCellIDs
        for k in templateIDs.indices {
            guard let table = templateIDs[k].tableID, report.value(of: templateIDs[k]) != nil else { continue }
            printed[table, default: []].append(templateIDs[k])
        }
        return TableID.allCases.compactMap { table in
            let cells = blanks.filter { $0.tableID == table }
            guard let first = cells.first else { return nil }
            let message =
                describe(cells, of: printed[table] ?? [], table: table, format: format) + "为" + forms(of: cells, in: report)
                + "：格式要求填数字（没有则填0）"
            return Finding(rule: "C-BLANK", severity: .warning, message: message, cells: cells, at: report.cells[first]?.span)
        }
    }

    /// How the cells are printed, most common first: `空白`, `「-」`, `「-」（30格）或空白（12格）`.
    static func forms(of cells: [CellID], in report: Report) -> String {
        var counts: [(shown: String, count: Int)] = []
        for id in cells {
            let raw = report.cells[id]?.raw ?? ""
            // Most blanks print nothing: no string is made for them.
            let shown: String
            if raw.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                shown = "空白"
            } else {
                let text = String(String.UnicodeScalarView(raw.unicodeScalars.filter { !$0.properties.isWhitespace }))
                shown = text.isEmpty ? "空白" : "「\(text)」"
            }
            if let k = counts.firstIndex(where: { $0.shown == shown }) { counts[k].count += 1 } else { counts.append((shown, 1)) }
        }
        guard counts.count > 1 else { return counts[0].shown }
        return counts.sorted { $0.count > $1.count }.map { "\($0.shown)（\($0.count)格）" }.joined(separator: "或")
    }

    /// Where the cells stand: `表三全部175个单元格`, `表三「商业企业」「科研机构」列（每一行）`,
    /// `表三「四、结转下年度继续办理」行（整行）`, `表三「一、本年新收…」行的自然人`; past three rows, a count.
    /// Counted in a pass over the table's cells and one over the blank ones.
    static func describe(_ cells: [CellID], of tableCells: [CellID], table: TableID, format: ReportFormat) -> String {
        let name = tableName(table)
        if cells.count == tableCells.count, cells.count > 1 { return "\(name)全部\(cells.count)个单元格" }
        var columns: [Substring] = []
        var perColumn: [Substring: (all: Int, blank: Int)] = [:]
        var perRow: [Substring: (all: Int, blank: Int)] = [:]
        for id in tableCells {
            let column = id.column
            if perColumn[column] == nil { columns.append(column) }
            perColumn[column, default: (0, 0)].all += 1
            perRow[id.row, default: (0, 0)].all += 1
        }
        for id in cells {
            perColumn[id.column, default: (0, 0)].blank += 1
            perRow[id.row, default: (0, 0)].blank += 1
        }
        // Whole columns: every row of the table that has the column is blank in it.
        let wholeColumns = columns.filter { perColumn[$0].map { $0.all > 1 && $0.blank == $0.all } ?? false }
        let whole = Set(wholeColumns)
        var parts: [String] = []
        if !wholeColumns.isEmpty {
            parts.append(name + wholeColumns.map { "「\(Names.column($0))」" }.joined() + "列（每一行）")
        }
        var rows: [Substring] = []
        var rowCells: [Substring: [CellID]] = [:]
        for id in cells where !whole.contains(id.column) {
            let row = id.row
            if rowCells[row] == nil { rows.append(row) }
            rowCells[row, default: []].append(id)
        }
        for row in rows.prefix(3) {
            let rowName = "\(name)「\(Names.row(row, format: format))」行"
            let isWhole = perRow[row].map { $0.blank == $0.all } ?? false
            parts.append(isWhole ? rowName + "（整行）" : rowName + "的" + (rowCells[row] ?? []).map { Names.column($0.column) }.joined(separator: "、"))
        }
        var text = parts.joined(separator: "，")
        if rows.count > 3 { text += "等\(rows.count)行（共\(rows.reduce(0) { $0 + (rowCells[$1]?.count ?? 0) })格）" }
        return text
    }

    static func tableName(_ table: TableID) -> String {
        switch table {
        case .t2: "表二"
        case .t3: "表三"
        case .t4: "表四"
        }
    }
}
