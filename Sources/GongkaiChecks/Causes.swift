import GongkaiModel

/// Links the hard-rule findings that one cause explains to the finding of that cause, so that
/// a report is told of each problem once:
///
/// - a rule broken because a cell was left blank (it counts as 0, and stands on the side of the
///   identity that falls short) follows from that cell's `C-BLANK`, and its message says so;
/// - rules broken together by one wrong number — a cell that every rule it takes part in
///   breaks, by the same amount — follow from the first of them, whose message names the cell.
///
/// Every rule instance stays a finding of its own; only `cause` and the messages change.
enum Causes {
    static func link(_ findings: inout [Finding], report: Report) {
        guard let plan = ArithmeticRules.Plan.of(report), let format = report.format else { return }
        var blankFinding: [CellID: Int] = [:]
        for i in findings.indices where findings[i].rule == "C-BLANK" {
            for id in findings[i].cells { blankFinding[id] = i }
        }
        var findingOfRule: [String: Int] = [:]
        var unexplained: [Int] = []
        for i in findings.indices {
            guard let identity = plan.identity(for: findings[i].rule),
                let sums = ArithmeticRules.Evaluation(identity, in: report), !sums.holds
            else { continue }
            findingOfRule[identity.rule] = i
            let short = sums.parts < sums.totals ? identity.parts : identity.totals
            let blanks = short.filter { report.value(of: $0) == .blank }
            if let first = blanks.first, let cause = blankFinding[first] {
                findings[i].cause = cause
                let named = blanks.prefix(2).map { "「\(Names.cell($0, format: format))」" }.joined(separator: "、")
                findings[i].message += "（\(named)\(blanks.count > 2 ? "等\(blanks.count)格" : "")为空白，按0计算）"
            } else {
                unexplained.append(i)
            }
        }
        guard unexplained.count >= 2 else { return }
        // One wrong number: a cell whose every rule is broken, each by the amount that one new
        // value of the cell would mend.
        let evaluations = plan.identities.map { ArithmeticRules.Evaluation($0, in: report) }
        let open = Set(unexplained)
        var candidates: [(cell: CellID, findings: [Int])] = []
        var seen: Set<CellID> = []
        for i in unexplained {
            for id in findings[i].cells where seen.insert(id).inserted {
                guard let value = report.value(of: id)?.arithmeticValue else { continue }
                var members: [Int] = []
                var change: ReportNumber?
                var explains = true
                for k in plan.identities.indices where plan.identities[k].contains(id) {
                    guard let sums = evaluations[k], !sums.holds, let f = findingOfRule[plan.identities[k].rule], open.contains(f) else {
                        explains = false
                        break
                    }
                    let needed = plan.identities[k].parts.contains(id) ? sums.totals - sums.parts : sums.parts - sums.totals
                    if let change, change != needed {
                        explains = false
                        break
                    }
                    change = needed
                    members.append(f)
                }
                guard explains, members.count >= 2, let change, !(value + change).isNegative else { continue }
                candidates.append((id, members.sorted()))
            }
        }
        var linked: Set<Int> = []
        for candidate in candidates.sorted(by: { $0.findings.count > $1.findings.count }) {
            guard candidate.findings.allSatisfy({ !linked.contains($0) }) else { continue }
            let principal = candidate.findings[0]
            let others = candidate.findings.dropFirst().map { findings[$0].rule }
            findings[principal].message +=
                "；「\(Names.cell(candidate.cell, format: format))」一格同时使\(others.joined(separator: "、"))不成立，这\(candidate.findings.count)处不符可能出于此格的一个数字"
            for f in candidate.findings.dropFirst() { findings[f].cause = principal }
            linked.formUnion(candidate.findings)
        }
    }
}
