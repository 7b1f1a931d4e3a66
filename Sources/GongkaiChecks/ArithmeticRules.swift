import GongkaiModel

/// The hard arithmetic rules (勾稽关系) of tables 三 and 四: T3-1, T3-2, T3-3, T4-1.
/// A rule instance is skipped when one of its cells is absent or holds text; blanks count as 0.
enum ArithmeticRules {
    /// The cells each rule instance adds up, worked out once per table shape.
    struct Plan: Sendable {
        struct Column: Sendable {
            var key: String
            var name: String
            /// 新收, 上年结转, 办理结果总计, 结转下年度 (T3-1).
            var balance: [CellID]
            var total: CellID
            /// The outcome rows of the column (T3-2).
            var outcomes: [CellID]
        }
        struct Row: Sendable {
            var key: String
            var total: CellID
            /// The applicant columns of the row (T3-3).
            var applicants: [CellID]
        }
        struct Group: Sendable {
            var key: String
            var name: String
            /// 维持, 纠正, 其他, 尚未审结, 总计 (T4-1).
            var cells: [CellID]
        }
        var columns: [Column]
        var rows: [Row]
        var groups: [Group]

        init(format: ReportFormat, singleOtherHandlingRow: Bool) {
            let ids = Report(format: format, singleOtherHandlingRow: singleOtherHandlingRow).templateCellIDs
            let t3Rows = ids.filter { $0.tableID == .t3 && $0.column == "total" }.map { String($0.row) }
            let balanceRows = ["new", "carried_in", "total", "carried_out"]
            let outcomeRows = t3Rows.filter { !balanceRows.contains($0) }
            let applicantKeys = ReportTemplate.applicantColumns.map(\.key)
            // The template's own ids, which the reader's cells share: a lookup then compares
            // the ids' storage, not their text.
            let templateIDs = Dictionary(ids.map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
            func id(_ table: String, _ row: String, _ column: String) -> CellID {
                let made = CellID(table, row, column)
                return templateIDs[made.rawValue] ?? made
            }
            columns = applicantKeys.map { c in
                Column(
                    key: c, name: Names.column(Substring(c)),
                    balance: balanceRows.map { id("t3", $0, c) }, total: id("t3", "total", c),
                    outcomes: outcomeRows.map { id("t3", $0, c) })
            }
            rows = t3Rows.map { r in
                Row(key: r, total: id("t3", r, "total"), applicants: applicantKeys.dropLast().map { id("t3", r, $0) })
            }
            groups = ReportTemplate.table4Groups.map { group, name in
                Group(key: group, name: name, cells: ReportTemplate.table4Columns.map { id("t4", group, $0.key) })
            }
        }

        static let v2019 = Plan(format: .v2019, singleOtherHandlingRow: false)
        static let v2021 = Plan(format: .v2021, singleOtherHandlingRow: false)
        static let v2021SingleOtherHandlingRow = Plan(format: .v2021, singleOtherHandlingRow: true)

        static func of(_ report: Report) -> Plan? {
            switch report.format {
            case .v2019?: v2019
            case .v2021?: report.singleOtherHandlingRow ? v2021SingleOtherHandlingRow : v2021
            case nil: nil
            }
        }
    }

    static func findings(_ report: Report) -> [Finding] {
        guard let plan = Plan.of(report) else { return [] }
        var out: [Finding] = []
        // Sums are added as the values are read, with no array of the values.
        func value(_ id: CellID) -> ReportNumber? { report.value(of: id)?.arithmeticValue }
        func span(_ id: CellID) -> SourceSpan? { report.cells[id]?.span }
        /// The sum of the cells' values, or nil when one has none.
        func sum(of ids: some Collection<CellID>) -> ReportNumber? {
            var total = ReportNumber.zero
            for id in ids {
                guard let v = value(id) else { return nil }
                total = total + v
            }
            return total
        }

        for column in plan.columns {
            // T3-1
            let ids = column.balance
            if let a = value(ids[0]), let b = value(ids[1]), let t = value(ids[2]), let o = value(ids[3]), a + b != t + o {
                out.append(Finding(
                    rule: "T3-1:\(column.key)", severity: .error,
                    message: "表三「\(column.name)」列：本年新收(\(a)) + 上年结转(\(b)) = \(a + b)，不等于办理结果总计(\(t)) + 结转下年度(\(o)) = \(t + o)",
                    cells: ids, expected: a + b, actual: t + o, at: span(ids[2]) ?? span(ids[0])))
            }
            // T3-2
            if let t = value(column.total), let sum = sum(of: column.outcomes) {
                if sum != t {
                    out.append(Finding(
                        rule: "T3-2:\(column.key)", severity: .error,
                        message: "表三「\(column.name)」列：（七）总计为\(t)，但各项办理结果之和为\(sum)",
                        cells: [column.total] + column.outcomes, expected: sum, actual: t, at: span(column.total)))
                }
            }
        }
        // T3-3
        for row in plan.rows {
            guard let t = value(row.total), let sum = sum(of: row.applicants) else { continue }
            if sum != t {
                let blank = report.cells[row.total]?.value == .blank ? "（空白）" : ""
                out.append(Finding(
                    rule: "T3-3:\(row.key)", severity: .error,
                    message: "表三「\(Names.row(Substring(row.key), format: report.format))」行：总计为\(t)\(blank)，但六类申请人之和为\(sum)",
                    cells: row.applicants + [row.total], expected: sum, actual: t, at: span(row.total) ?? span(row.applicants[0])))
            }
        }
        // T4-1
        for group in plan.groups {
            guard let sum = sum(of: group.cells.prefix(4)), let total = value(group.cells[4]) else { continue }
            if sum != total {
                out.append(Finding(
                    rule: "T4-1:\(group.key)", severity: .error,
                    message: "表四「\(group.name)」：结果维持+结果纠正+其他结果+尚未审结 = \(sum)，但总计为\(total)",
                    cells: group.cells, expected: sum, actual: total, at: span(group.cells[4])))
            }
        }
        return out
    }
}
