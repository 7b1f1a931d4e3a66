import GongkaiModel

/// Everything an office records: the applications, the proactive-disclosure register, the
/// year's tallies and the review and litigation cases.
public struct OfficeRecords: Sendable {
    public var agency: String
    public var applications: [ApplicationCase]
    public var items: [ProactiveItem]
    public var tallies: [YearTally]
    public var reviews: [ReviewCase]
    /// Fees (信息处理费) collected, in yuan, by the day they were paid.
    public var feesPaid: [(on: ReportDate, yuan: Int)] { applications.compactMap(\.feePaid) }

    public init(
        agency: String, applications: [ApplicationCase] = [], items: [ProactiveItem] = [], tallies: [YearTally] = [], reviews: [ReviewCase] = []
    ) {
        self.agency = agency
        self.applications = applications
        self.items = items
        self.tallies = tallies
        self.reviews = reviews
    }
}

/// The year's report computed from the records: tables 二, 三 and 四 in the 2021 format
/// (〔2021〕30号, the format of every report from the 2021 one on), section 一 summarizing the
/// same figures, section 六 the fees collected. Right by construction: the checker finds no
/// hard-rule error in it.
public enum YearReport {
    /// The texts the office writes itself (section 五 and anything to add to 一 and 六).
    public struct Texts: Sendable {
        public var overview: String?
        public var problems: String?
        public var otherMatters: String?
        public init(overview: String? = nil, problems: String? = nil, otherMatters: String? = nil) {
            self.overview = overview
            self.problems = problems
            self.otherMatters = otherMatters
        }
    }

    public static func make(year: Int, records: OfficeRecords, texts: Texts = Texts()) throws(RecordsError) -> Report {
        let fees = records.feesPaid.filter { $0.on.year == year }.reduce(0) { $0 + $1.yuan }
        return try make(
            year: year, agency: records.agency, applications: ApplicationCounts(records.applications, year: year),
            feesYuan: fees, items: records.items, tallies: records.tallies, reviews: records.reviews, texts: texts)
    }

    /// The report from table 三's counts (worked out by a database, say) and the registers.
    public static func make(
        year: Int, agency: String, applications: ApplicationCounts, feesYuan fees: Int, items: [ProactiveItem], tallies: [YearTally],
        reviews: [ReviewCase], texts: Texts = Texts()
    ) throws(RecordsError) -> Report {
        guard year >= 2021 else {
            throw .unsupportedYear(
                year,
                "reports for \(year) used the 2019 format, whose table 二 (made/published counts, items of the year before) is not kept in the registers"
            )
        }
        let format = ReportFormat.v2021
        var report = Report(format: format, year: year, agency: agency)
        report.title = "\(agency)\(year)年政府信息公开工作年度报告"
        var values: [CellID: Int] = [:]
        let template = ReportTemplate.of(format)
        for id in template.cellIDs { values[id] = 0 }
        let end = ReportDate(year: year, month: 12, day: 31)

        // Table 三.
        for (row, byKind) in applications.counts {
            for (kind, n) in byKind {
                values[CellID("t3", row, kind.columnKey), default: 0] += n
                values[CellID("t3", row, "total"), default: 0] += n
            }
        }

        // Table 四: cases decided in the year by result, and those pending at its end.
        for r in reviews where r.filedOn <= end {
            let column: String
            if let decided = r.decidedOn, let result = r.result, decided <= end {
                guard decided.year == year else { continue }
                column = result.rawValue
            } else {
                column = "pending"
            }
            values[CellID("t4", r.route.rawValue, column), default: 0] += 1
            values[CellID("t4", r.route.rawValue, "total"), default: 0] += 1
        }

        // Table 二.
        for item in items {
            guard let kind = item.documentKind else { continue }
            if item.formedOn.year == year { values[CellID("t2", kind.rawValue, "issued"), default: 0] += 1 }
            if let repealed = item.repealedOn, repealed.year == year { values[CellID("t2", kind.rawValue, "repealed"), default: 0] += 1 }
            if item.formedOn <= end && (item.repealedOn.map { $0 > end } ?? true) {
                values[CellID("t2", kind.rawValue, "in_force"), default: 0] += 1
            }
        }
        let tally = tallies.first { $0.year == year } ?? YearTally(year: year)
        values["t2.licensing.decisions"] = tally.licensingDecisions
        values["t2.penalty.decisions"] = tally.penaltyDecisions
        values["t2.coercion.decisions"] = tally.coercionDecisions

        for (id, value) in values {
            report.cells[id] = Cell(id: id, value: .number(ReportNumber(value)), raw: String(value), span: nil)
        }
        report.cells["t2.admin_fees.amount"] = Cell(
            id: "t2.admin_fees.amount", value: .number(tally.adminFeesTenThousandYuan), raw: tally.adminFeesTenThousandYuan.description, span: nil)
        report.tablesFound = Set(TableID.allCases)

        // Sections: 一 states the year's figures in the words the narrative rules read.
        func total(_ row: String) -> Int { values[CellID("t3", row, "total")] ?? 0 }
        let published = items.filter { $0.publishedOn?.year == year }.count
        var overview = [
            "（一）主动公开情况。本年度主动公开政府信息\(published)条。",
            "（二）依申请公开情况。本年度新收政府信息公开申请\(total("new"))件，上年结转\(total("carried_in"))件，办结\(total("total"))件，结转下年度继续办理\(total("carried_out"))件。",
        ]
        if let own = texts.overview { overview.append(own) }
        var other = ["本年度收取政府信息公开信息处理费\(fees)元。"]
        if let own = texts.otherMatters { other.append(own) }
        report.sections = SectionKind.allCases.map { kind in
            let text: String
            switch kind {
            case .overview: text = overview.joined(separator: "\n")
            case .problems: text = texts.problems ?? "（在此写明本年度政府信息公开工作存在的主要问题和改进措施。）"
            case .otherMatters: text = other.joined(separator: "\n")
            default: text = ""
            }
            return Section(
                kind: kind, heading: kind.standardHeading, headingSpan: SourceSpan(line: 0, column: 0, endColumn: 0), text: text, lines: 0...0)
        }
        return report
    }
}

/// Why records could not be turned into a report.
public enum RecordsError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedYear(Int, String)

    public var description: String {
        switch self {
        case .unsupportedYear(let year, let why): "no report for \(year) from the records: \(why)"
        }
    }
}

/// Table 三 as counts: row key (2021 format) → applicant kind → requests.
public struct ApplicationCounts: Hashable, Sendable {
    public var counts: [String: [ApplicantKind: Int]] = [:]

    public init() {}

    public mutating func add(_ n: Int = 1, row: String, _ kind: ApplicantKind) {
        counts[row, default: [:]][kind, default: 0] += n
    }

    public subscript(row: String, kind: ApplicantKind) -> Int { counts[row]?[kind] ?? 0 }

    /// The counts of `year`: 新收 (received in the year), 上年结转 (received before and open at
    /// the end of the year before), the outcome of each request closed in the year, and 结转下年度
    /// (open at the year's end). 新收 + 上年结转 = 办结 + 结转下年度 by construction.
    public init(_ cases: [ApplicationCase], year: Int) {
        let start = ReportDate(year: year, month: 1, day: 1), end = ReportDate(year: year, month: 12, day: 31)
        let lastYearEnd = start.adding(days: -1)
        for c in cases {
            if c.receivedOn.year == year { add(row: "new", c.applicant) }
            if c.receivedOn < start && c.isOpen(atEndOf: lastYearEnd) { add(row: "carried_in", c.applicant) }
            if let closing = c.closing, closing.on.year == year {
                add(row: closing.outcome.rowKey, c.applicant)
                add(row: "total", c.applicant)
            }
            if c.isOpen(atEndOf: end) { add(row: "carried_out", c.applicant) }
        }
    }
}
