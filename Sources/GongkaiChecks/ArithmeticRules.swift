import GongkaiModel

/// The hard arithmetic rules (勾稽关系) of tables 三 and 四: T3-1, T3-2, T3-3, T4-1.
/// A rule instance is skipped when one of its cells is absent or holds text; blanks count as 0.
enum ArithmeticRules {
    static func findings(_ report: Report) -> [Finding] {
        guard report.format != nil else { return [] }
        var out: [Finding] = []
        let columns = ReportTemplate.applicantColumns.map(\.key)
        func value(_ id: CellID) -> ReportNumber? { report.cells[id]?.value.arithmeticValue }
        func span(_ id: CellID) -> SourceSpan? { report.cells[id]?.span }
        let outcomeRows = report.templateCellIDs
            .filter { $0.table == "t3" && $0.column == "total" }
            .map { String($0.row) }
            .filter { !["new", "carried_in", "total", "carried_out"].contains($0) }

        for c in columns {
            let col = Names.column(Substring(c))
            // T3-1
            let ids = ["new", "carried_in", "total", "carried_out"].map { CellID("t3", $0, c) }
            if let a = value(ids[0]), let b = value(ids[1]), let t = value(ids[2]), let o = value(ids[3]), a + b != t + o {
                out.append(Finding(
                    rule: "T3-1:\(c)", severity: .error,
                    message: "表三「\(col)」列：本年新收(\(a)) + 上年结转(\(b)) = \(a + b)，不等于办理结果总计(\(t)) + 结转下年度(\(o)) = \(t + o)",
                    cells: ids, expected: a + b, actual: t + o, at: span(ids[2]) ?? span(ids[0])))
            }
            // T3-2
            let totalID = CellID("t3", "total", c)
            let partIDs = outcomeRows.map { CellID("t3", $0, c) }
            let parts = partIDs.map(value)
            if let t = value(totalID), parts.allSatisfy({ $0 != nil }) {
                let sum = parts.compactMap { $0 }.sum()
                if sum != t {
                    out.append(Finding(
                        rule: "T3-2:\(c)", severity: .error,
                        message: "表三「\(col)」列：（七）总计为\(t)，但各项办理结果之和为\(sum)",
                        cells: [totalID] + partIDs, expected: sum, actual: t, at: span(totalID)))
                }
            }
        }
        // T3-3
        let rows = report.templateCellIDs.filter { $0.table == "t3" && $0.column == "total" }.map { String($0.row) }
        for r in rows {
            let totalID = CellID("t3", r, "total")
            let partIDs = columns.dropLast().map { CellID("t3", r, $0) }
            let parts = partIDs.map(value)
            guard let t = value(totalID), parts.allSatisfy({ $0 != nil }) else { continue }
            let sum = parts.compactMap { $0 }.sum()
            if sum != t {
                let blank = report.cells[totalID]?.value == .blank ? "（空白）" : ""
                out.append(Finding(
                    rule: "T3-3:\(r)", severity: .error,
                    message: "表三「\(Names.row(Substring(r), format: report.format))」行：总计为\(t)\(blank)，但六类申请人之和为\(sum)",
                    cells: partIDs + [totalID], expected: sum, actual: t, at: span(totalID) ?? span(partIDs[0])))
            }
        }
        // T4-1
        for (group, name) in ReportTemplate.table4Groups {
            let ids = ReportTemplate.table4Columns.map { CellID("t4", group, $0.key) }
            let v = ids.map(value)
            guard v.allSatisfy({ $0 != nil }) else { continue }
            let sum = v.prefix(4).compactMap { $0 }.sum()
            let total = v[4]!
            if sum != total {
                out.append(Finding(
                    rule: "T4-1:\(group)", severity: .error,
                    message: "表四「\(name)」：结果维持+结果纠正+其他结果+尚未审结 = \(sum)，但总计为\(total)",
                    cells: ids, expected: sum, actual: total, at: span(ids[4])))
            }
        }
        return out
    }
}
