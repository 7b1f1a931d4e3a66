import GongkaiModel

/// A small deterministic random number generator, so that a failing history can be replayed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Synthetic office histories, reproducible from a seed, for tests, demonstrations and
/// benchmarks: requests received on every day of the years, every path of the lifecycle (补正
/// answered or lapsed, consultations, extensions, fees paid or not, withdrawals), cases still
/// open at a year's end, reviews decided or pending, documents issued and repealed.
public enum SyntheticHistory {
    public static func make(seed: UInt64, from firstYear: Int, through lastYear: Int, applications: Int = 300) throws(CaseError) -> OfficeRecords {
        var records = try make(seed: seed, applications: applications, idPrefix: "A", from: firstYear, through: lastYear)
        records.agency = "某某县人民政府"
        return records
    }

    /// `applications` requests with ids `\(idPrefix)0000001` …, and the registers.
    public static func make(
        seed: UInt64, applications: Int, idPrefix: String, from firstYear: Int, through lastYear: Int
    ) throws(CaseError) -> OfficeRecords {
        var g = SplitMix64(state: seed)
        let first = ReportDate(year: firstYear, month: 1, day: 1).dayNumber, last = ReportDate(year: lastYear, month: 12, day: 31).dayNumber
        func date(after d: ReportDate, within days: ClosedRange<Int>) -> ReportDate { d.adding(days: Int.random(in: days, using: &g)) }
        let decisions = Outcome.all.filter { $0 != .noCorrection && $0 != .noFee }
        var cases: [ApplicationCase] = []
        for i in 0..<applications {
            let received = ReportDate(dayNumber: Int.random(in: first...last, using: &g))
            var c = ApplicationCase(
                id: idPrefix + String(repeating: "0", count: max(0, 7 - String(i + 1).count)) + String(i + 1),
                applicant: ApplicantKind.allCases.randomElement(using: &g)!, channel: Channel.allCases.randomElement(using: &g)!,
                request: "申请\(i)", receivedOn: received)
            var d = received
            func next(_ days: ClosedRange<Int>) -> ReportDate {
                d = date(after: d, within: days)
                return d
            }
            func decide() throws(CaseError) { try c.record(.decided(on: next(0...40), outcome: decisions.randomElement(using: &g)!, basis: "依据")) }
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
                if Bool.random(using: &g) {
                    try c.record(.extended(on: next(0...5), workingDays: Int.random(in: 1...20, using: &g), approvedBy: "负责人"))
                }
                try decide()
            case 14..<16:
                try c.record(
                    .feeNoticed(on: next(1...10), yuan: InformationProcessingFee.perApplication(monthlyCount: Int.random(in: 11...45, using: &g))))
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
            var r = ReviewCase(
                id: "R\(i)", route: ReviewCase.Route.allCases.randomElement(using: &g)!, applicationCaseID: cases.randomElement(using: &g)?.id,
                filedOn: ReportDate(dayNumber: Int.random(in: first...last, using: &g)))
            if Int.random(in: 0..<4, using: &g) > 0 {
                try r.decide(ReviewCase.Result.allCases.randomElement(using: &g)!, on: date(after: r.filedOn, within: 10...200))
            }
            reviews.append(r)
        }
        var items: [ProactiveItem] = []
        for i in 0..<30 {
            var item = ProactiveItem(
                id: "P\(i)", title: "文件\(i)", category: .regulations, formedOn: ReportDate(dayNumber: Int.random(in: first...last, using: &g)),
                documentKind: Bool.random(using: &g) ? .rule : .normativeDocument)
            for (k, person) in ["甲", "乙", "丙"].enumerated() { try item.approve(by: person, on: item.formedOn.adding(days: k), chain: .standard) }
            try item.publish(on: item.formedOn.adding(days: Int.random(in: 3...40, using: &g)), chain: .standard)
            if Int.random(in: 0..<3, using: &g) == 0 { item.repealedOn = date(after: item.formedOn, within: 30...500) }
            items.append(item)
        }
        let tallies = (firstYear...lastYear).map { y in
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
