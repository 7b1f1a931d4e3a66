import GongkaiChecks
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords
import Testing

/// A small deterministic random number generator, so that a failing history can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random office histories over 2023–2025: every path of the lifecycle, cases still open at a
/// year's end, reviews decided or pending, documents issued and repealed.
enum RandomHistory {
    static func make(seed: UInt64, applications: Int = 300) throws -> OfficeRecords {
        var g = SplitMix64(state: seed)
        let first = day("2023-01-01").dayNumber, last = day("2025-12-31").dayNumber
        func date(after d: ReportDate, within days: ClosedRange<Int>) -> ReportDate { d.adding(days: Int.random(in: days, using: &g)) }
        let decisions = Outcome.all.filter { $0 != .noCorrection && $0 != .noFee }
        var cases: [ApplicationCase] = []
        for i in 0..<applications {
            let received = ReportDate(dayNumber: Int.random(in: first...last, using: &g))
            var c = ApplicationCase(
                id: "A\(i)", applicant: ApplicantKind.allCases.randomElement(using: &g)!, channel: Channel.allCases.randomElement(using: &g)!,
                request: "申请\(i)", receivedOn: received)
            var d = received
            func next(_ days: ClosedRange<Int>) -> ReportDate { d = date(after: d, within: days); return d }
            func decide() throws { try c.record(.decided(on: next(0...40), outcome: decisions.randomElement(using: &g)!, basis: "依据")) }
            switch Int.random(in: 0..<20, using: &g) {
            case 0..<10: try decide()
            case 10..<12:
                let notice = next(1...6)
                try c.record(.correctionRequested(on: notice, dueBy: notice.adding(days: 15)))
                if Bool.random(using: &g) {
                    try c.record(.correctionReceived(on: next(1...14)))
                    try decide()
                } else {
                    try c.record(.correctionLapsed(on: notice.adding(days: 16)))
                }
            case 12..<14:
                try c.record(.consultationStarted(on: next(1...10), party: .thirdPartyConsultation))
                try c.record(.consultationEnded(on: next(1...25)))
                if Bool.random(using: &g) { try c.record(.extended(on: next(0...5), workingDays: Int.random(in: 1...20, using: &g), approvedBy: "负责人")) }
                try decide()
            case 14..<16:
                try c.record(.feeNoticed(on: next(1...10), yuan: InformationProcessingFee.perApplication(monthlyCount: Int.random(in: 11...45, using: &g))))
                if Bool.random(using: &g) {
                    try c.record(.feePaid(on: next(1...20)))
                    try decide()
                } else {
                    try c.record(.feeLapsed(on: next(21...30)))
                }
            case 16: try c.record(.withdrawn(on: next(0...30)))
            default: break  // still open
            }
            cases.append(c)
        }
        var reviews: [ReviewCase] = []
        for i in 0..<40 {
            var r = ReviewCase(id: "R\(i)", route: ReviewCase.Route.allCases.randomElement(using: &g)!, applicationCaseID: cases.randomElement(using: &g)!.id,
                               filedOn: ReportDate(dayNumber: Int.random(in: first...last, using: &g)))
            if Int.random(in: 0..<4, using: &g) > 0 { try r.decide(ReviewCase.Result.allCases.randomElement(using: &g)!, on: date(after: r.filedOn, within: 10...200)) }
            reviews.append(r)
        }
        var items: [ProactiveItem] = []
        for i in 0..<30 {
            var item = ProactiveItem(id: "P\(i)", title: "文件\(i)", category: .regulations, formedOn: ReportDate(dayNumber: Int.random(in: first...last, using: &g)),
                                     documentKind: Bool.random(using: &g) ? .rule : .normativeDocument)
            for (k, person) in ["甲", "乙", "丙"].enumerated() { try item.approve(by: person, on: item.formedOn.adding(days: k), chain: .standard) }
            try item.publish(on: item.formedOn.adding(days: Int.random(in: 3...40, using: &g)), chain: .standard)
            if Int.random(in: 0..<3, using: &g) == 0 { item.repealedOn = date(after: item.formedOn, within: 30...500) }
            items.append(item)
        }
        let tallies = (2023...2025).map { y in
            var t = YearTally(year: y)
            t.licensingDecisions = Int.random(in: 0...5000, using: &g)
            t.penaltyDecisions = Int.random(in: 0...800, using: &g)
            t.coercionDecisions = Int.random(in: 0...50, using: &g)
            t.adminFeesTenThousandYuan = ReportNumber(parsing: "\(Int.random(in: 0...900, using: &g)).\(Int.random(in: 10...99, using: &g))")!
            return t
        }
        return OfficeRecords(agency: "某某县人民政府", applications: cases, items: items, tallies: tallies, reviews: reviews)
    }
}

@Suite struct YearReportTests {
    /// The property: whatever happened during the years, the computed report breaks no hard
    /// rule, its section 一 agrees with its tables, and one year's 结转下年度 is the next year's
    /// 上年结转.
    @Test(arguments: UInt64(1)...25)
    func computedReportsBreakNoHardRule(seed: UInt64) throws {
        let records = try RandomHistory.make(seed: seed)
        var previous: Report?
        for year in 2023...2025 {
            let report = try YearReport.make(year: year, records: records)
            let findings = Checker().check(report)
            #expect(findings.filter { $0.severity == .error }.isEmpty, "seed \(seed) \(year): \(findings.filter { $0.severity == .error }.map(\.rule))")
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
        let records = OfficeRecords(agency: "某某镇人民政府", applications: [open, closed, lapsed], items: [doc], tallies: [tally], reviews: [review, pending])
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
