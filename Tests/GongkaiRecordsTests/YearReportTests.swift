import GongkaiChecks
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords
import Testing

@Suite struct YearReportTests {
    /// The property: whatever happened during the years, the computed report breaks no hard
    /// rule, its section 一 agrees with its tables, and one year's 结转下年度 is the next year's
    /// 上年结转.
    @Test(arguments: UInt64(1)...25)
    func computedReportsBreakNoHardRule(seed: UInt64) throws {
        let records = try SyntheticHistory.make(seed: seed, from: 2023, through: 2025)
        var previous: Report?
        for year in 2023...2025 {
            let report = try YearReport.make(year: year, records: records)
            let findings = Checker().check(report)
            #expect(
                findings.filter { $0.severity == .error }.isEmpty, "seed \(seed) \(year): \(findings.filter { $0.severity == .error }.map(\.rule))")
            #expect(findings.filter { $0.rule.hasPrefix("N-") }.isEmpty, "seed \(seed) \(year): \(findings.map(\.rule))")
            if let previous {
                for column in ReportTemplate.applicantColumns.map(\.key) {
                    #expect(report.cells[CellID("t3", "carried_in", column)]?.value == previous.cells[CellID("t3", "carried_out", column)]?.value)
                }
            }
            previous = report
        }
    }

    @Test func theTablesCountWhatHappened() throws {
        var open = ApplicationCase(id: "1", applicant: .commercial, channel: .letter, request: "r", receivedOn: day("2024-12-20"))
        var closed = ApplicationCase(id: "2", applicant: .natural, channel: .online, request: "r", receivedOn: day("2025-03-03"))
        try closed.record(.decided(on: day("2025-03-20"), outcome: Outcome(rowKey: "denied.third_party")!, basis: "第十五条"))
        var lapsed = ApplicationCase(id: "3", applicant: .natural, channel: .online, request: "r", receivedOn: day("2025-12-01"))
        try lapsed.record(.feeNoticed(on: day("2025-12-05"), yuan: 200))
        try lapsed.record(.feePaid(on: day("2025-12-10")))
        try open.record(.decided(on: day("2025-01-10"), outcome: .granted, basis: "第三十六条"))
        var review = ReviewCase(id: "R", route: .suitAfterReview, filedOn: day("2025-05-01"))
        try review.decide(.corrected, on: day("2025-09-01"), text: "确认违法")
        let pending = ReviewCase(id: "R2", route: .review, filedOn: day("2025-11-01"))
        var doc = ProactiveItem(id: "D", title: "办法", category: .regulations, formedOn: day("2023-05-01"), documentKind: .rule)
        doc.repealedOn = day("2025-06-30")
        var tally = YearTally(year: 2025)
        tally.licensingDecisions = 12
        tally.adminFeesTenThousandYuan = ReportNumber(parsing: "3.5")!
        let records = OfficeRecords(
            agency: "某某镇人民政府", applications: [open, closed, lapsed], items: [doc], tallies: [tally], reviews: [review, pending])
        let report = try YearReport.make(year: 2025, records: records)
        func value(_ id: CellID) -> ReportNumber? { report.cells[id]?.value.arithmeticValue }
        #expect(value("t3.carried_in.commercial") == ReportNumber(1))
        #expect(value("t3.granted.commercial") == ReportNumber(1))
        #expect(value("t3.new.natural") == ReportNumber(2))
        #expect(value("t3.denied.third_party.natural") == ReportNumber(1))
        #expect(value("t3.carried_out.natural") == ReportNumber(1))
        #expect(value("t3.total.total") == ReportNumber(2))
        #expect(value("t4.suit_after_review.corrected") == ReportNumber(1))
        #expect(value("t4.review.pending") == ReportNumber(1) && value("t4.review.total") == ReportNumber(1))
        #expect(value("t2.rules.repealed") == ReportNumber(1) && value("t2.rules.in_force") == ReportNumber(0))
        #expect(value("t2.licensing.decisions") == ReportNumber(12))
        #expect(value("t2.admin_fees.amount") == ReportNumber(parsing: "3.5"))
        #expect(report.section(.otherMatters)?.text.contains("本年度收取政府信息公开信息处理费200元") == true)
        #expect(report.section(.overview)?.text.contains("新收政府信息公开申请2件，上年结转1件，办结2件，结转下年度继续办理1件") == true)
        // And it is written in the official format.
        let markdown = String(decoding: try ReportWriter(format: .md).write(report), as: UTF8.self)
        #expect(markdown.hasPrefix("# 某某镇人民政府2025年政府信息公开工作年度报告"))
        #expect(throws: RecordsError.self) { try YearReport.make(year: 2020, records: records) }
    }
}
