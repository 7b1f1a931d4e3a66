import GongkaiModel

/// The hard arithmetic rules (勾稽关系) of tables 三 and 四: T3-1, T3-2, T3-3, T4-1.
/// A rule instance is skipped when one of its cells is absent or holds text; blanks count as 0.
enum ArithmeticRules {
    /// One instance of a hard rule: the cells of `parts` add up to the cells of `totals`.
    struct Identity: Sendable {
        enum Kind: Sendable {
            /// T3-1: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度, in one column.
            case balance
            /// T3-2: the outcome rows add up to （七）总计, in one column.
            case outcomes
            /// T3-3: the six applicant columns add up to the 总计 column, in one row.
            case applicants
            /// T4-1: 维持 + 纠正 + 其他 + 尚未审结 = 总计, in one group of table 四.
            case table4
        }
        /// The rule id with its column, row or group (`T3-1:total`).
        var rule: String
        var kind: Kind
        /// The column's, row's or group's Chinese name, for messages.
        var name: String
        var parts: [CellID]
        var totals: [CellID]
        /// The cell a finding points at: the total the rule checks.
        var marked: CellID { totals[0] }
        var cells: [CellID] {
            switch kind {
            case .balance: parts + totals
            case .outcomes: totals + parts
            case .applicants, .table4: parts + totals
            }
        }

        func contains(_ id: CellID) -> Bool { parts.contains(id) || totals.contains(id) }
    }

    /// The values of an identity's two sides in one report, or nil where a cell is absent or
    /// holds text.
    struct Evaluation {
        var parts: ReportNumber
        var totals: ReportNumber
        var holds: Bool { parts == totals }

        init?(_ identity: Identity, in report: Report) {
            func sum(_ ids: [CellID]) -> ReportNumber? {
                var total = ReportNumber.zero
                for k in ids.indices {
                    guard let v = report.value(of: ids[k])?.arithmeticValue else { return nil }
                    total = total + v
                }
                return total
            }
            guard let p = sum(identity.parts), let t = sum(identity.totals) else { return nil }
            parts = p
            totals = t
        }
    }

    /// The rule instances of one table shape, worked out once per shape.
    struct Plan: Sendable {
        var identities: [Identity]
        /// Identity by rule id, for the cause analysis.
        var byRule: [String: Int]

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
            var identities: [Identity] = []
            for c in applicantKeys {
                let name = Names.column(Substring(c))
                identities.append(
                    Identity(
                        rule: "T3-1:\(c)", kind: .balance, name: name,
                        parts: [id("t3", "new", c), id("t3", "carried_in", c)],
                        totals: [id("t3", "total", c), id("t3", "carried_out", c)]))
                identities.append(
                    Identity(
                        rule: "T3-2:\(c)", kind: .outcomes, name: name,
                        parts: outcomeRows.map { id("t3", $0, c) }, totals: [id("t3", "total", c)]))
            }
            for r in t3Rows {
                identities.append(
                    Identity(
                        rule: "T3-3:\(r)", kind: .applicants, name: Names.row(Substring(r), format: format),
                        parts: applicantKeys.dropLast().map { id("t3", r, $0) }, totals: [id("t3", r, "total")]))
            }
            for (group, name) in ReportTemplate.table4Groups {
                let cells = ReportTemplate.table4Columns.map { id("t4", group, $0.key) }
                identities.append(Identity(rule: "T4-1:\(group)", kind: .table4, name: name, parts: Array(cells.prefix(4)), totals: [cells[4]]))
            }
            self.identities = identities
            byRule = Dictionary(identities.indices.map { (identities[$0].rule, $0) }, uniquingKeysWith: { first, _ in first })
        }

        func identity(for rule: String) -> Identity? { byRule[rule].map { identities[$0] } }

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
        for identity in plan.identities {
            guard let sums = Evaluation(identity, in: report), !sums.holds else { continue }
            out.append(
                Finding(
                    rule: identity.rule, severity: .error, message: message(identity, sums, report: report),
                    cells: identity.cells, expected: sums.parts, actual: sums.totals,
                    at: report.cells[identity.marked]?.span ?? report.cells[identity.parts[0]]?.span))
        }
        return out
    }

    static func message(_ identity: Identity, _ sums: Evaluation, report: Report) -> String {
        func value(_ id: CellID) -> ReportNumber { report.value(of: id)?.arithmeticValue ?? .zero }
        switch identity.kind {
        case .balance:
            let (a, b) = (value(identity.parts[0]), value(identity.parts[1]))
            let (t, o) = (value(identity.totals[0]), value(identity.totals[1]))
            return "表三「\(identity.name)」列：本年新收(\(a)) + 上年结转(\(b)) = \(sums.parts)，不等于办理结果总计(\(t)) + 结转下年度(\(o)) = \(sums.totals)"
        case .outcomes:
            return "表三「\(identity.name)」列：（七）总计为\(sums.totals)，但各项办理结果之和为\(sums.parts)"
        case .applicants:
            return "表三「\(identity.name)」行：总计为\(sums.totals)，但六类申请人之和为\(sums.parts)"
        case .table4:
            return "表四「\(identity.name)」：结果维持+结果纠正+其他结果+尚未审结 = \(sums.parts)，但总计为\(sums.totals)"
        }
    }
}
