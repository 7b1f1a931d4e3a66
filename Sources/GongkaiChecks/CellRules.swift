import GongkaiModel

/// Rules on single cells: C-NEGATIVE, C-NONINTEGER, C-NONNUMERIC (errors), C-BLANK and C-UNIT
/// (warnings). Blank cells are reported by pattern (`BlankPattern`), not one by one.
enum CellRules {
    static func findings(_ report: Report) -> [Finding] {
        guard let format = report.format else { return [] }
        let template = ReportTemplate.of(format)
        var out: [Finding] = []
        var blanks: [CellID] = []
        // By index: each id taken out of the array would be a copy of its string.
        let ids = report.templateCellIDs
        for k in ids.indices {
            guard let value = report.value(of: ids[k]) else { continue }
            var id: CellID { ids[k] }
            var name: String { Names.cell(ids[k], format: format) }
            var span: SourceSpan? { report.cells[ids[k]]?.span }
            switch value {
            case .number(let n):
                // The cell's kind is looked up only for the rare number that may break a rule.
                if n.isNegative && template.kind(of: id) != .signedCount {
                    out.append(Finding(rule: "C-NEGATIVE", severity: .error, message: "「\(name)」为负数\(n)：数量不能小于0", cells: [id], actual: n, at: span))
                }
                if !n.isInteger && template.kind(of: id) != .amount {
                    out.append(Finding(rule: "C-NONINTEGER", severity: .error, message: "「\(name)」为\(n)：件数应为整数", cells: [id], actual: n, at: span))
                }
            case .text(let t):
                out.append(Finding(rule: "C-NONNUMERIC", severity: .error, message: "「\(name)」应填数字，却填了「\(t)」", cells: [id], at: span))
            case .blank:
                blanks.append(id)
            }
        }
        out += BlankPattern.findings(blanks, report: report)
        // C-UNIT
        if let cell = report.cells["t2.procurement.amount"], case .number(let n) = cell.value, !n.isZero, cell.unit == nil {
            out.append(
                Finding(rule: "C-UNIT", severity: .warning, message: "采购总金额\(n)未注明单位（元或万元），无法判断金额大小", cells: [cell.id], actual: n, at: cell.span))
        }
        if let cell = report.cells["t2.admin_fees.amount"], case .number(let n) = cell.value {
            if format == .v2021, cell.unit == "元" {
                out.append(Finding(rule: "C-UNIT", severity: .warning, message: "本年收费金额以「元」填写，表头单位为万元", cells: [cell.id], actual: n, at: cell.span))
            } else if format == .v2021, n.doubleValue >= 1_000_000 {
                out.append(
                    Finding(
                        rule: "C-UNIT", severity: .warning, message: "本年收费金额\(n)万元（超过100亿元）不合常理，可能误以「元」填写", cells: [cell.id], actual: n, at: cell.span
                    ))
            }
        }
        return out
    }
}
