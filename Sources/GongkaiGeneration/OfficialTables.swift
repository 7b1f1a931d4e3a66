import GongkaiModel

/// One cell of an official table as printed: header or label text, or the value of a report cell,
/// with the rows and columns it spans.
public struct GridCell: Sendable, Equatable {
    public var text: String
    /// The report cell whose value this grid cell shows; nil for header and label cells.
    public var cell: CellID?
    public var rowSpan: Int
    public var columnSpan: Int
    public var isHeader: Bool

    init(_ text: String, rows: Int = 1, columns: Int = 1, header: Bool = true) {
        self.text = text
        self.cell = nil
        self.rowSpan = rows
        self.columnSpan = columns
        self.isHeader = header
    }

    init(value id: CellID, columns: Int = 1) {
        self.text = ""
        self.cell = id
        self.rowSpan = 1
        self.columnSpan = columns
        self.isHeader = false
    }
}

/// A table as the national format lays it out (research/templates.md §1–§3): the rows of grid
/// cells in reading order, where a cell covered by a span above or to the left is not listed.
public struct TableGrid: Sendable {
    public var table: TableID
    public var columnCount: Int
    public var rows: [[GridCell]]
    /// Relative column widths, for writers that size columns.
    public var columnWidths: [Int]

    /// The first grid column of each listed cell, row by row (cells covered by a span from
    /// above are skipped, as the rows list them).
    public var columns: [[Int]] {
        var covered: [Int: (rows: Int, columns: Int)] = [:]
        return rows.map { row in
            var starts: [Int] = []
            var column = 0
            for cell in row {
                while let cover = covered[column] {
                    covered[column] = cover.rows > 1 ? (cover.rows - 1, cover.columns) : nil
                    column += cover.columns
                }
                starts.append(column)
                if cell.rowSpan > 1 { covered[column] = (cell.rowSpan - 1, cell.columnSpan) }
                column += cell.columnSpan
            }
            // Spans reaching past the row's last listed cell still count this row.
            for (c, cover) in covered where c >= column {
                covered[c] = cover.rows > 1 ? (cover.rows - 1, cover.columns) : nil
            }
            return starts
        }
    }
}

/// The three tables of 国办公开办函〔2019〕60号 and 〔2021〕30号 with their merged cells.
public enum OfficialTables {
    /// The corner note of table 三 about its 勾稽关系.
    public static let table3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    public static func grids(_ format: ReportFormat, singleOtherHandlingRow: Bool = false) -> [TableGrid] {
        [table2(format), table3(format, singleOtherHandlingRow: singleOtherHandlingRow), table4()]
    }

    static func table2(_ format: ReportFormat) -> TableGrid {
        let template = ReportTemplate.of(format)
        func row(_ key: String) -> RowTemplate { template.table2.first { $0.key == key }! }
        var rows: [[GridCell]] = []
        // Each block: 第二十条第（x）项, then the header row, then its data rows.
        let blocks: [(String, [String])] =
            format == .v2021
            ? [("（一）", ["rules", "normative_docs"]), ("（五）", ["licensing"]), ("（六）", ["penalty", "coercion"]), ("（八）", ["admin_fees"])]
            : [
                ("（一）", ["rules", "normative_docs"]), ("（五）", ["licensing", "other_services"]), ("（六）", ["penalty", "coercion"]),
                ("（八）", ["admin_fees"]), ("（九）", ["procurement"]),
            ]
        let width = 4
        for (item, keys) in blocks {
            rows.append([GridCell("第二十条第\(item)项", columns: width)])
            let columns = row(keys[0]).columns
            var header = [GridCell("信息内容")]
            header += columns.enumerated().map { k, c in
                GridCell(c.label, columns: k == columns.count - 1 ? width - columns.count : 1)
            }
            rows.append(header)
            for key in keys {
                let r = row(key)
                var cells = [GridCell(r.label, header: false)]
                cells += r.cellIDs.enumerated().map { k, id in
                    GridCell(value: id, columns: k == r.cellIDs.count - 1 ? width - r.cellIDs.count : 1)
                }
                rows.append(cells)
            }
        }
        return TableGrid(table: .t2, columnCount: width, rows: rows, columnWidths: [3, 2, 2, 2])
    }

    static func table3(_ format: ReportFormat, singleOtherHandlingRow: Bool) -> TableGrid {
        let template = ReportTemplate.of(format)
        func row(_ key: String) -> RowTemplate { template.table3.first { $0.key == key }! }
        func values(_ key: String) -> [GridCell] {
            ReportTemplate.applicantColumns.map { GridCell(value: CellID("t3", key, $0.key)) }
        }
        var rows: [[GridCell]] = [
            [GridCell(table3Note, rows: 3, columns: 3), GridCell("申请人情况", columns: 7)],
            [GridCell("自然人", rows: 2), GridCell("法人或其他组织", columns: 5), GridCell("总计", rows: 2)],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map { GridCell($0) },
        ]
        rows.append([GridCell(row("new").label, columns: 3, header: false)] + values("new"))
        rows.append([GridCell(row("carried_in").label, columns: 3, header: false)] + values("carried_in"))
        // 三、本年度办理结果 spans its outcome rows; （三）（四）（五）（六） span their reasons.
        let groups: [(label: String, keys: [String])] =
            [
                ("（三）不予公开", ReportTemplate.outcomeRowsBeforeOther.map(\.0).filter { $0.hasPrefix("denied.") }),
                ("（四）无法提供", ReportTemplate.outcomeRowsBeforeOther.map(\.0).filter { $0.hasPrefix("unavailable.") }),
                ("（五）不予处理", ReportTemplate.outcomeRowsBeforeOther.map(\.0).filter { $0.hasPrefix("rejected.") }),
            ] + (format == .v2021 && !singleOtherHandlingRow ? [("（六）其他处理", ReportTemplate.otherHandlingSubRows)] : [])
        let single = format == .v2019 || singleOtherHandlingRow
        let outcomeRows = 2 + groups.map(\.keys.count).reduce(0, +) + (single ? 1 : 0) + 1
        var first = true
        func outcome(_ cells: [GridCell]) {
            rows.append((first ? [GridCell("三、本年度办理结果", rows: outcomeRows, header: false)] : []) + cells)
            first = false
        }
        for key in ["granted", "partial"] {
            outcome([GridCell(row(key).label, columns: 2, header: false)] + values(key))
        }
        for group in groups {
            for (k, key) in group.keys.enumerated() {
                let lead = k == 0 ? [GridCell(group.label, rows: group.keys.count, header: false)] : []
                outcome(lead + [GridCell(row(key).label, header: false)] + values(key))
            }
        }
        if single {
            outcome([GridCell("（六）其他处理", columns: 2, header: false)] + values("other_handling"))
        }
        outcome([GridCell(row("total").label, columns: 2, header: false)] + values("total"))
        rows.append([GridCell(row("carried_out").label, columns: 3, header: false)] + values("carried_out"))
        return TableGrid(table: .t3, columnCount: 10, rows: rows, columnWidths: [3, 7, 12, 2, 2, 2, 2, 2, 2, 2])
    }

    static func table4() -> TableGrid {
        let columns = ReportTemplate.table4Columns.map(\.label)
        var rows: [[GridCell]] = [
            [GridCell("行政复议", columns: 5), GridCell("行政诉讼", columns: 10)],
            columns.map { GridCell($0, rows: 2) } + [GridCell("未经复议直接起诉", columns: 5), GridCell("复议后起诉", columns: 5)],
            (columns + columns).map { GridCell($0) },
        ]
        rows.append(
            ReportTemplate.table4Groups.flatMap { group, _ in
                ReportTemplate.table4Columns.map { GridCell(value: CellID("t4", group, $0.key)) }
            })
        return TableGrid(table: .t4, columnCount: 15, rows: rows, columnWidths: Array(repeating: 1, count: 15))
    }
}
