import GongkaiModel

/// C-BLANK by cause: an agency that leaves a column blank, or writes 「-」 for zero, does so by
/// one habit, and is told once. The blank cells of a table are one finding, whose message names
/// the whole table, the whole columns, the whole rows and the single cells it covers, and how
/// they are printed (empty, or the placeholder written).
enum BlankPattern {
    static func findings(_ blanks: [CellID], report: Report) -> [Finding] {
        guard !blanks.isEmpty, let format = report.format else { return [] }
        let templateIDs = report.templateCellIDs
        return TableID.allCases.compactMap { table in
            let cells = blanks.filter { $0.tableID == table }
            guard let first = cells.first else { return nil }
            let tableCells = templateIDs.filter { $0.tableID == table && report.value(of: $0) != nil }
            let message = describe(cells, of: tableCells, table: table, format: format) + "为" + forms(of: cells, in: report) + "：格式要求填数字（没有则填0）"
            return Finding(rule: "C-BLANK", severity: .warning, message: message, cells: cells, at: report.cells[first]?.span)
        }
    }

    /// How the cells are printed, most common first: `空白`, `「-」`, `「-」（30格）或空白（12格）`.
    static func forms(of cells: [CellID], in report: Report) -> String {
        var counts: [(shown: String, count: Int)] = []
        for id in cells {
            let raw = String(String.UnicodeScalarView((report.cells[id]?.raw ?? "").unicodeScalars.filter { !$0.properties.isWhitespace }))
            let shown = raw.isEmpty ? "空白" : "「\(raw)」"
            if let k = counts.firstIndex(where: { $0.shown == shown }) { counts[k].count += 1 } else { counts.append((shown, 1)) }
        }
        guard counts.count > 1 else { return counts[0].shown }
        return counts.sorted { $0.count > $1.count }.map { "\($0.shown)（\($0.count)格）" }.joined(separator: "或")
    }

    /// Where the cells stand: `表三全部175个单元格`, `表三「商业企业」「科研机构」列（每一行）`,
    /// `表三「四、结转下年度继续办理」行（整行）`, `表三「一、本年新收…」行的自然人`; past three rows, a count.
    static func describe(_ cells: [CellID], of tableCells: [CellID], table: TableID, format: ReportFormat) -> String {
        let name = tableName(table)
        if cells.count == tableCells.count, cells.count > 1 { return "\(name)全部\(cells.count)个单元格" }
        let blank = Set(cells)
        var columns: [Substring] = []
        for id in tableCells where !columns.contains(id.column) { columns.append(id.column) }
        let wholeColumns = columns.filter { column in
            let ids = tableCells.filter { $0.column == column }
            return ids.count > 1 && ids.allSatisfy(blank.contains)
        }
        var parts: [String] = []
        if !wholeColumns.isEmpty {
            parts.append(name + wholeColumns.map { "「\(Names.column($0))」" }.joined() + "列（每一行）")
        }
        var rows: [(row: Substring, cells: [CellID])] = []
        for id in cells where !wholeColumns.contains(id.column) {
            if let k = rows.firstIndex(where: { $0.row == id.row }) { rows[k].cells.append(id) } else { rows.append((id.row, [id])) }
        }
        for (row, ids) in rows.prefix(3) {
            let rowName = "\(name)「\(Names.row(row, format: format))」行"
            let whole = tableCells.filter { $0.row == row }.allSatisfy(blank.contains)
            parts.append(whole ? rowName + "（整行）" : rowName + "的" + ids.map { Names.column($0.column) }.joined(separator: "、"))
        }
        var text = parts.joined(separator: "，")
        if rows.count > 3 { text += "等\(rows.count)行（共\(rows.reduce(0) { $0 + $1.cells.count })格）" }
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
