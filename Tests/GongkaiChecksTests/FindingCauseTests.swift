import Foundation
import GongkaiChecks
import GongkaiModel
import GongkaiReading
import GongkaiRendering
import GongkaiTestSupport
import Testing

/// Findings a supervising office can send as they are: no finding from a sentence about a part,
/// one finding for one cause. Each report here is a corpus report edited into the shape of a
/// real report that once produced a false or repeated finding.
@Suite struct FindingCauseTests {
    func check(_ text: String) throws -> (Report, [Finding]) {
        let report = try ReportReader().read(text: text)
        return (report, Checker().check(report))
    }

    /// 淮安市 2024 (text), whose section 一 states its totals in full.
    let huaian = "text/huaian-shi-2024.txt"
    let huaianClosing = "均在法定期限内予以答复。"

    func huaian(adding sentence: String) throws -> String {
        let text = try Fixtures.text(huaian)
        #expect(text.contains(huaianClosing))
        return text.replacingOccurrences(of: huaianClosing, with: huaianClosing + sentence)
    }

    @Test func aCountOfOneOutcomeIsNotTheTotalClosed() throws {
        // The shape that produced N-CLOSED 「答复9件」 against a total of 35.
        let parts = try huaian(adding: "申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件，无法提供答复 5 件。")
        #expect(try check(parts).1.filter { $0.rule.hasPrefix("N-") }.isEmpty)
        // Kinds of applicant and channels after 其中 are parts too.
        let kinds = try huaian(adding: "其中自然人申请 3000 件，法人或其他组织申请 119 件；在线申请 2000 件。")
        #expect(try check(kinds).1.filter { $0.rule.hasPrefix("N-") }.isEmpty)
        // A sentence that states the total closed, wrongly, is still found.
        let total = try huaian(adding: "全年共答复 9 件。")
        let found = try #require(try check(total).1.first { $0.rule == "N-CLOSED" })
        #expect(found.actual == ReportNumber(9) && found.expected == ReportNumber(3050))
    }

    /// 苑庄镇 2020 (seed 000) enumerates its proactive disclosures with percentages.
    let yuanzhuang = "seeds/000_6de6154464c6e6c2.txt"

    @Test func aRestatedTotalIsNotACategory() throws {
        let text = try Fixtures.text(yuanzhuang)
        let original = "主动公开政府信息65条；其中，"
        #expect(text.contains(original))
        // The shape that produced 「所列各类之和为277条，超过总数」 for eight categories adding up to 148.
        let restated = text.replacingOccurrences(of: original, with: "在主动公开的65条政府信息中，全文电子化的主动公开信息数共65条，其中：")
        #expect(!(try check(restated).1.contains { $0.rule == "N-PROACTIVE" }))
        // A part's own breakdown in brackets is not another category.
        let nested = text.replacingOccurrences(of: "机构职能类信息4条", with: "机构职能类信息4条（其中领导分工2条）")
        #expect(!(try check(nested).1.contains { $0.rule == "N-PROACTIVE" }))
        // Categories that really exceed the total are still found.
        let over = text.replacingOccurrences(of: "其他类信息33条", with: "其他类信息43条")
        #expect(try check(over).1.contains { $0.rule == "N-PROACTIVE" && $0.message.contains("超过总数") })
    }

    /// 沭阳县 2025 prints 四、结转下年度继续办理 with 31 in its 总计.
    @Test func aBlankCellBehindAHardRuleIsNamedAsItsCause() throws {
        let text = try Fixtures.text("text/shuyang-xian-2025.txt")
        let row = "| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |"
        #expect(text.contains(row))
        let (report, findings) = try check(text.replacingOccurrences(of: row, with: "| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 |  |"))
        let blank = try #require(findings.firstIndex { $0.rule == "C-BLANK" && $0.cells.contains("t3.carried_out.total") })
        let hard = findings.filter { $0.rule.hasPrefix("T3-") }
        #expect(Set(hard.map(\.rule)) == ["T3-1:total", "T3-3:carried_out"])
        for f in hard {
            #expect(f.cause == blank)
            #expect(f.message.contains("「四、结转下年度继续办理·总计」为空白，按0计算"), "\(f.message)")
        }
        // Shown and counted as one problem: the blank, with the broken rules under it.
        #expect(findings.causeCounts().errors == 1)
        let shown = Diagnostics.render(findings, report: report, file: "沭阳.txt")
        #expect(shown.components(separatedBy: "note: 由此引起 error[T3-").count == 3, "\(shown)")
        #expect(!shown.contains(": error[T3-"))
    }

    /// 嘉祥县 2020 (seed 003): table 三 cell per line, seven values a row.
    func jiaxiang(editingTable3 edit: (_ row: String, _ values: inout [String]) -> Void) throws -> String {
        var lines = try Fixtures.text("seeds/003_47446167c9bccef8.txt").components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("\t一、本年新收") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("四、政府信息公开行政复议") })
        var k = start
        var label = ""
        while k < end {
            let cell = lines[k].trimmingCharacters(in: .whitespaces)
            if k + 7 <= end, lines[k..<(k + 7)].allSatisfy({ Int($0.trimmingCharacters(in: .whitespaces)) != nil }) {
                var values = lines[k..<(k + 7)].map { $0.trimmingCharacters(in: .whitespaces) }
                edit(label, &values)
                for (offset, value) in values.enumerated() { lines[k + offset] = "\t" + value }
                k += 7
                continue
            }
            if !cell.isEmpty { label = cell }
            k += 1
        }
        return lines.joined(separator: "\n")
    }

    @Test func aColumnLeftBlankThroughoutIsOneFinding() throws {
        // The five 法人或其他组织 columns left empty in every row: one C-BLANK, not one a row.
        let blank = try jiaxiang { _, values in for c in 1...5 { values[c] = "" } }
        let findings = try check(blank).1.filter { $0.rule == "C-BLANK" }
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.cells.count == 5 * 23)
        #expect(finding.message.hasPrefix("表三「商业企业」「科研机构」「社会公益组织」「法律服务机构」「其他」列（每一行）为空白"), "\(finding.message)")
        // Writing 「-」 for zero elsewhere in the same table is the same habit: still one.
        let dashes = try jiaxiang { _, values in
            for c in 1...5 { values[c] = "" }
            if values[0] == "0" { values[0] = "-" }
        }
        let both = try check(dashes).1.filter { $0.rule == "C-BLANK" }
        #expect(both.count == 1)
        #expect(both.first?.message.contains("或") == true)
    }

    @Test func oneWrongTotalIsOneCause() throws {
        // （七）总计·总计 printed 6 instead of 5: its row, its column and the corner break.
        let wrong = try jiaxiang { label, values in
            if label.hasPrefix("（七）总计") { values[6] = String(Int(values[6])! + 1) }
        }
        let (report, findings) = try check(wrong)
        let hard = findings.indices.filter { findings[$0].rule.hasPrefix("T3-") }
        #expect(Set(hard.map { findings[$0].rule }) == ["T3-1:total", "T3-2:total", "T3-3:total"])
        let principal = try #require(hard.first { findings[$0].cause == nil })
        #expect(hard.filter { findings[$0].cause == principal }.count == 2)
        #expect(findings[principal].message.contains("「（七）总计·总计」一格同时使"), "\(findings[principal].message)")
        #expect(findings.causeCounts().errors == 1)
        // In JSON every rule instance stays, each consequence naming its cause by index.
        let json = FindingsDocument.render([.init(file: "003.txt", report: report, findings: findings)])
        #expect(json.components(separatedBy: "\"cause\": \(principal)").count == 3)
        // A wrong applicant cell breaks its row and its column: one cause.
        let cell = try jiaxiang { label, values in
            if label.hasPrefix("（一）予以公开") { values[0] = String(Int(values[0])! + 2) }
        }
        let cellFindings = try check(cell).1
        #expect(Set(cellFindings.filter { $0.rule.hasPrefix("T3-") }.map(\.rule)) == ["T3-2:natural", "T3-3:granted"])
        #expect(cellFindings.causeCounts().errors == 1)
        // Two unrelated wrong numbers stay two causes.
        let two = try jiaxiang { label, values in
            if label.hasPrefix("（七）总计") { values[6] = String(Int(values[6])! + 1) }
            if label.hasPrefix("（一）予以公开") { values[0] = String(Int(values[0])! + 2) }
        }
        #expect(try check(two).1.causeCounts().errors == 2)
    }

    @Test func errorsOnlyKeepsTheirCauses() throws {
        let text = try Fixtures.text("text/shuyang-xian-2025.txt")
            .replacingOccurrences(of: "| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |", with: "| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 |  |")
        let all = try check(text).1
        let errors = all.keeping { $0.severity == .error }
        #expect(errors.filter { $0.severity == .error }.count == all.filter { $0.severity == .error }.count)
        for f in errors where f.rule.hasPrefix("T3-") {
            let cause = try #require(f.cause)
            #expect(errors[cause].rule == "C-BLANK")
        }
    }
}
