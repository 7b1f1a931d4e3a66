import Foundation
import GongkaiChecks
import GongkaiModel
import GongkaiReading
import GongkaiRendering
import GongkaiTestSupport
import Testing

/// The checker on the corpus, and every rule failing and passing on real text.
@Suite struct CheckerTests {
    static let hardRules = ["T3-1", "T3-2", "T3-3", "T4-1"]

    func findings(_ text: String) throws -> [Finding] { Checker().check(try ReportReader().read(text: text)) }
    func rules(_ text: String) throws -> Set<String> { Set(try findings(text).map(\.rule)) }

    @Test(arguments: Fixtures.textDocuments)
    func hardFindingsAreTheGoldViolations(_ document: URL) throws {
        let gold = try Fixtures.gold(for: document)
        let found = Checker().check(try ReportReader().read(bytes: Fixtures.bytes(document)))
            .filter { f in f.severity == .error && Self.hardRules.contains { f.rule.hasPrefix($0 + ":") } }
            .map(\.rule)
        #expect(found.sorted() == gold.violations.sorted())
    }

    /// 嘉祥县 2020 (seed 003), a clean 2019-format report, edited line by line.
    let seed = "seeds/003_47446167c9bccef8.txt"

    func seedText(replacingLine number: Int, with text: String) throws -> String {
        var lines = try Fixtures.text(seed).components(separatedBy: "\n")
        lines[number - 1] = text
        return lines.joined(separator: "\n")
    }

    /// Blank cells are one finding a table, with every blank cell of it.
    @Test func blanksAreOneFindingPerTable() throws {
        func blankFindings(blanking lineNumbers: [Int]) throws -> [Finding] {
            var lines = try Fixtures.text(seed).components(separatedBy: "\n")
            for n in lineNumbers { lines[n - 1] = "\t-" }
            return try findings(lines.joined(separator: "\n")).filter { $0.rule == "C-BLANK" }
        }
        // Lines 136 and 137: two cells of 一、本年新收; line 145: one of 二、上年结转.
        let oneRow = try blankFindings(blanking: [136, 137])
        #expect(oneRow.count == 1)
        #expect(oneRow.first?.cells.count == 2)
        #expect(oneRow.first?.cells.allSatisfy { $0.tableID == .t3 && $0.row == "new" } == true)
        #expect(oneRow.first?.message.contains("「一、本年新收政府信息公开申请数量」行的商业企业、科研机构为「-」") == true, "\(oneRow)")
        let twoRows = try blankFindings(blanking: [136, 145])
        #expect(twoRows.map { $0.cells.map { String($0.row) } } == [["new", "carried_in"]])
    }

    /// The caret names the cell it stands under: a row's first blank for C-BLANK, the total
    /// for an arithmetic rule.
    @Test func diagnosticsNameTheMarkedCell() throws {
        // Seed 000 prints 「-」 in every cell of table 三.
        let blankForm = try ReportReader().read(text: Fixtures.text("seeds/000_6de6154464c6e6c2.txt"))
        let blanks = Checker().check(blankForm).filter { $0.rule == "C-BLANK" && $0.cells.first == "t3.new.natural" }
        let shown = Diagnostics.render(blanks, report: blankForm, file: "000.txt")
        #expect(shown.contains("^ t3.new.natural\n"), "\(shown)")
        // Seed 003 with 一、本年新收 · 自然人 5 → 6: T3-3 marks the row's total.
        let broken = try ReportReader().read(text: seedText(replacingLine: 135, with: "\t6"))
        let t33 = Checker().check(broken).filter { $0.rule.hasPrefix("T3-3") }
        #expect(!t33.isEmpty)
        #expect(Diagnostics.render(t33, report: broken, file: "003.txt").contains("^ t3.new.total"))
        // A short row (seed 004): the caret under the row's label names no cell of the row.
        let shortRows = try ReportReader().read(text: Fixtures.text("seeds/004_3375cf5c5b31bb59.txt"))
        let shape = Checker().check(shortRows).filter { $0.rule == "S-TABLE-SHAPE" && $0.cells.contains("t3.granted.total") }
        #expect(shape.count == 1)
        #expect(Diagnostics.render(shape, report: shortRows, file: "004.txt").hasSuffix("^\n"))
    }

    @Test func cleanReportHasNoErrors() throws {
        #expect(try findings(Fixtures.text(seed)).filter { $0.severity == .error }.isEmpty)
    }

    @Test func t3Rules() throws {
        // Line 135: 一、本年新收 · 自然人 5 → 6 breaks T3-1 (自然人) and T3-3 (new).
        let broken = try seedText(replacingLine: 135, with: "\t6")
        let r = try findings(broken)
        let t31 = try #require(r.first { $0.rule == "T3-1:natural" })
        #expect(t31.expected == ReportNumber(6) && t31.actual == ReportNumber(5))
        #expect(t31.at?.line == 154 || t31.at?.line == 135 || t31.at != nil)
        #expect(r.contains { $0.rule == "T3-3:new" })
        #expect(!r.contains { $0.rule.hasPrefix("T3-2") })
        // Line 160: （一）予以公开 · 总计 5 → 4 breaks T3-2 (total) and T3-3 (granted).
        let broken2 = try seedText(replacingLine: 160, with: "\t4")
        let r2 = try rules(broken2)
        #expect(r2.contains("T3-2:total") && r2.contains("T3-3:granted"))
    }

    @Test func t4Rule() throws {
        var lines = try Fixtures.text(seed).components(separatedBy: "\n")
        let row = try #require(lines.lastIndex { $0.contains("总计") && $0.contains("复议后起诉") == false && $0 == "\t总计" })
        _ = row
        // The table-四 data row is the 15 lines after the last header cell; make 行政复议·结果维持 1.
        let header = try #require(lines.lastIndex { $0 == "\t总计" })
        let firstValue = try #require(lines[(header + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "0" })
        lines[firstValue] = "\t1"
        let r = try findings(lines.joined(separator: "\n"))
        #expect(r.contains { $0.rule == "T4-1:review" && $0.expected == ReportNumber(1) && $0.actual == .zero })
    }

    @Test func cellRules() throws {
        #expect(try rules(seedText(replacingLine: 136, with: "\t-2")).contains("C-NEGATIVE"))
        #expect(try rules(seedText(replacingLine: 136, with: "\t1.5")).contains("C-NONINTEGER"))
        #expect(try rules(seedText(replacingLine: 136, with: "\t-")).contains("C-BLANK"))
        // 2019 本年增/减 may be negative.
        #expect(!(try rules(seedText(replacingLine: 69, with: "\t-3")).contains("C-NEGATIVE")))
        // 采购总金额 1396218 without a unit.
        #expect(try rules(Fixtures.text(seed)).contains("C-UNIT"))
        #expect(!(try rules(seedText(replacingLine: 112, with: "\t1396218元")).contains("C-UNIT")))
        // Text in a tab-separated row.
        var tab = try Fixtures.text("seeds/002_90d56799dfeaff74.txt")
        tab = tab.replacingOccurrences(of: "规范性文件\t0\t0\t1", with: "规范性文件\t0\t见附件\t1")
        #expect(try rules(tab).contains("C-NONNUMERIC"))
    }

    @Test func structureRules() throws {
        let text = try Fixtures.text(seed)
        #expect(try rules(text.replacingOccurrences(of: "六、其他需要报告的事项", with: "其他")).contains("S-SECTIONS"))
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("四、政府信息公开行政复议") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("五、") })
        let withoutTable4 = (lines[..<(start + 1)] + lines[end...]).joined(separator: "\n")
        #expect(try rules(withoutTable4).contains("S-TABLE-MISSING"))
        #expect(!(try rules(text).contains("S-TABLE-MISSING")))
        #expect(try rules(Fixtures.text("seeds/004_3375cf5c5b31bb59.txt")).contains("S-TABLE-SHAPE"))
        #expect(try rules(Fixtures.text("seeds/001_9faf02cabaa37c2a.txt")).contains("S-HEADING"))
        #expect(!(try rules(Fixtures.text("text/pingtan-2021-flat.txt")).contains("S-HEADING")))
        // A 2021 report printed in the 2019 tables.
        #expect(try rules(text.replacingOccurrences(of: "2020年", with: "2022年")).contains("S-FORMAT"))
        #expect(!(try rules(text).contains("S-FORMAT")))
    }

    @Test func narrativeRules() throws {
        let text = try Fixtures.text("text/huaian-shi-2024.txt")
        #expect(try findings(text).filter { $0.rule.hasPrefix("N-") }.isEmpty)
        let wrong = text.replacingOccurrences(of: "全市共受理政府信息公开申请 3119 件", with: "全市共受理政府信息公开申请 3219 件")
        let n = try #require(try findings(wrong).first { $0.rule == "N-NEW" })
        #expect(n.actual == ReportNumber(3219) && n.expected == ReportNumber(3119))
        let carried = text.replacingOccurrences(of: "含上年度结转申请 34 件", with: "含上年度结转申请 43 件")
        #expect(try rules(carried).contains("N-CARRIED-IN"))
        // 苑庄镇 2020 quotes proactive counts with percentages that agree; break one.
        let seed0 = try Fixtures.text("seeds/000_6de6154464c6e6c2.txt")
        #expect(!(try rules(seed0).contains("N-PROACTIVE")))
        #expect(try rules(seed0.replacingOccurrences(of: "2条，占信息总量的3%", with: "2条，占信息总量的13%")).contains("N-PROACTIVE"))
    }

    @Test func qualityRules() throws {
        let seed4 = try Fixtures.text("seeds/004_3375cf5c5b31bb59.txt")
        #expect(try rules(seed4).contains("Q-FEE"))
        #expect(!(try rules(Fixtures.text("text/shuyang-xian-2025.txt")).contains("Q-FEE")))
        let text = try Fixtures.text(seed)
        let lines = text.components(separatedBy: "\n")
        let s5 = try #require(lines.firstIndex { $0.hasPrefix("五、") })
        let s6 = try #require(lines.firstIndex { $0.hasPrefix("六、") })
        let empty5 = (lines[...s5] + ["无。"] + lines[s6...]).joined(separator: "\n")
        #expect(try rules(empty5).contains("Q-SEC5-EMPTY"))
        #expect(!(try rules(text).contains("Q-SEC5-EMPTY")))
        #expect(try rules(text.replacingOccurrences(of: "为2020年1月1日", with: "为2019年1月1日")).contains("Q-YEAR"))
        // 苍台镇 (a township) reporting 规章.
        #expect(try rules(seed4.replacingOccurrences(of: "规章\t0\t0\t0", with: "规章\t1\t0\t1")).contains("Q-PLAUSIBLE"))
        #expect(!(try rules(seed4).contains("Q-PLAUSIBLE")))
        // 漳平市西园镇 2020, signed 2021年1月9日: on time; moved to March it is late.
        let seed2 = try Fixtures.text("seeds/002_90d56799dfeaff74.txt")
        #expect(!(try rules(seed2).contains("D-LATE")))
        #expect(try rules(seed2.replacingOccurrences(of: "2021年1月9日", with: "2021年3月9日")).contains("D-LATE"))
    }
}
