import GongkaiModel

/// A report of the collection with where it stands: its agency, year and version.
public struct PlacedReport: Sendable {
    public var agency: Agency
    public var year: Int
    public var version: Int
    public var report: CollectedReport
    /// The publication date a manifest gave, which outranks the date printed in the report.
    public var publishedOn: ReportDate?

    public init(agency: Agency, year: Int, version: Int, report: CollectedReport, publishedOn: ReportDate? = nil) {
        self.agency = agency
        self.year = year
        self.version = version
        self.report = report
        self.publishedOn = publishedOn
    }

    public var reference: ReportReference { ReportReference(agencyID: agency.id, agency: agency.name, year: year, version: version) }
}

/// The rules across reports of rules.md: X-CARRY, X-INFORCE, X-ITEMS, X-ROLLUP, Q-DUPLICATE and
/// D-LATE. Each finding is about the later report (or the parent), names the other report and
/// both reports' cells, and is fingerprinted for review.
public enum CrossChecks {
    static let columns = ReportTemplate.applicantColumns.map(\.key)

    /// Every cross-report finding of `report`: against last year's report of the same agency,
    /// against its children's reports when it sums them, and its publication date.
    public static func findings(
        for report: PlacedReport, lastYear: PlacedReport?, children: [PlacedReport], missingChildren: [Agency]
    ) -> [CollectionFinding] {
        var out: [CollectionFinding] = []
        if let last = lastYear, last.year == report.year - 1 {
            out += carry(report, last) + inForce(report, last) + items(report, last) + duplicate(report, last)
        }
        if report.agency.sumsChildren {
            out += rollup(report, children: children, missing: missingChildren)
        }
        out += late(report)
        for i in out.indices { out[i].stamp(agencyID: report.agency.id, year: report.year) }
        return out
    }

    static func format(_ n: ReportNumber?) -> String { n?.description ?? "—" }

    /// X-CARRY: this year's 上年结转 against last year's 结转下年度继续办理, column by column.
    static func carry(_ this: PlacedReport, _ last: PlacedReport) -> [CollectionFinding] {
        columns.compactMap { column in
            let inID = CellID("t3", "carried_in", column), outID = CellID("t3", "carried_out", column)
            guard let now = this.report.cells.number(inID), let before = last.report.cells.number(outID), now != before else { return nil }
            return CollectionFinding(
                rule: "X-CARRY:\(column)", severity: .warning, findingClass: .report,
                message: "本年「上年结转」\(now)件（\(inID.rawValue)）与\(last.year)年报告的「结转下年度继续办理」\(before)件（\(outID.rawValue)）不一致",
                cells: [inID.rawValue], expected: before.description, actual: now.description, other: last.reference,
                otherCells: [outID.rawValue])
        }
    }

    /// X-INFORCE (2021 format, both years): 现行有效件数 = last year's + 本年制发 − 本年废止.
    static func inForce(_ this: PlacedReport, _ last: PlacedReport) -> [CollectionFinding] {
        guard this.report.format == .v2021, last.report.format == .v2021 else { return [] }
        return ["rules", "normative_docs"].compactMap { row in
            let valid = CellID("t2", row, "in_force"), issued = CellID("t2", row, "issued"), repealed = CellID("t2", row, "repealed")
            guard let now = this.report.cells.number(valid), let before = last.report.cells.number(valid),
                let made = this.report.cells.number(issued), let gone = this.report.cells.number(repealed)
            else { return nil }
            let expected = before + made - gone
            guard expected != now else { return nil }
            let name = row == "rules" ? "规章" : "行政规范性文件"
            return CollectionFinding(
                rule: "X-INFORCE:\(row)", severity: .warning, findingClass: .report,
                message: "\(name)现行有效件数\(now)，应为\(last.year)年的\(before) + 本年制发\(made) − 本年废止\(gone) = \(expected)",
                cells: [valid.rawValue, issued.rawValue, repealed.rawValue], expected: expected.description, actual: now.description,
                other: last.reference, otherCells: [valid.rawValue])
        }
    }

    /// X-ITEMS (2019 format, both years): last year's 上一年项目数量 + 本年增/减 = this year's
    /// 上一年项目数量.
    static func items(_ this: PlacedReport, _ last: PlacedReport) -> [CollectionFinding] {
        guard this.report.format == .v2019, last.report.format == .v2019 else { return [] }
        return ["licensing", "other_services", "penalty", "coercion", "admin_fees"].compactMap { row in
            let prior = CellID("t2", row, "prior_items"), change = CellID("t2", row, "change")
            guard let now = this.report.cells.number(prior), let before = last.report.cells.number(prior),
                let delta = last.report.cells.number(change)
            else { return nil }
            let expected = before + delta
            guard expected != now else { return nil }
            return CollectionFinding(
                rule: "X-ITEMS:\(row)", severity: .warning, findingClass: .report,
                message: "「上一年项目数量」\(now)，应为\(last.year)年报告的上一年项目数量\(before)加本年增/减\(delta)，即\(expected)",
                cells: [prior.rawValue], expected: expected.description, actual: now.description, other: last.reference,
                otherCells: [prior.rawValue, change.rawValue])
        }
    }

    /// The cells a roll-up adds up: every count and amount of the parent's format.
    static func summedCells(_ format: ReportFormat) -> [CellID] {
        ReportTemplate.of(format).cellIDs
    }

    /// X-ROLLUP: a parent that sums its children against their sum, cell by cell, when every
    /// child's report of the year is present; otherwise one note that it cannot be verified,
    /// naming the children missing.
    static func rollup(_ parent: PlacedReport, children: [PlacedReport], missing: [Agency]) -> [CollectionFinding] {
        guard !missing.isEmpty || !children.isEmpty else { return [] }
        guard missing.isEmpty else {
            let names = missing.map(\.name)
            return [
                CollectionFinding(
                    rule: "X-ROLLUP", severity: .info, findingClass: .report,
                    message:
                        "缺少\(missing.count)个下级机构的\(parent.year)年报告，无法核对汇总：\(names.prefix(10).joined(separator: "、"))\(names.count > 10 ? "等" : "")",
                    expected: nil, actual: nil)
            ]
        }
        guard let format = parent.report.format else { return [] }
        var out: [CollectionFinding] = []
        for id in summedCells(format) {
            guard let own = parent.report.cells.number(id) else { continue }
            var sum = ReportNumber.zero
            var complete = true
            for child in children {
                guard let v = child.report.cells.number(id) else {
                    complete = false
                    break
                }
                sum = sum + v
            }
            guard complete, sum != own else { continue }
            out.append(
                CollectionFinding(
                    rule: "X-ROLLUP:\(id.rawValue)", severity: .warning, findingClass: .report,
                    message: "本级报告 \(id.rawValue) 为\(own)，\(children.count)个下级机构报告合计\(sum)，相差\(own - sum)",
                    cells: [id.rawValue], expected: sum.description, actual: own.description, otherCells: [id.rawValue]))
        }
        return out
    }

    /// D-LATE: published after the statutory date of the agency's kind.
    static func late(_ report: PlacedReport) -> [CollectionFinding] {
        guard let published = report.publishedOn ?? report.report.publicationDate else { return [] }
        let deadline = report.agency.kind.publicationDeadline(for: report.year)
        guard published > deadline else { return [] }
        return [
            CollectionFinding(
                rule: "D-LATE", severity: .warning, findingClass: .report,
                message: "\(report.year)年报告于\(published)公开，晚于法定期限\(deadline)（\(report.agency.kind.rawValue)）",
                expected: deadline.description, actual: published.description)
        ]
    }

    /// The sections Q-DUPLICATE compares: those written afresh each year.
    public static let comparedSections: [SectionKind] = [.overview, .problems, .otherMatters]

    /// Q-DUPLICATE: a section whose text repeats last year's beyond ``TextOverlap/threshold``.
    static func duplicate(_ this: PlacedReport, _ last: PlacedReport) -> [CollectionFinding] {
        comparedSections.compactMap { kind in
            let now = this.report.section(kind), before = last.report.section(kind)
            guard let overlap = TextOverlap.share(of: now, in: before), overlap >= TextOverlap.threshold else { return nil }
            let percent = Int((overlap * 100).rounded(.down))
            return CollectionFinding(
                rule: "Q-DUPLICATE:\(kind.key)", severity: .warning, findingClass: .report,
                message: "「\(kind.standardHeading)」与\(last.year)年报告重复\(percent)%（阈值\(Int(TextOverlap.threshold * 100))%）",
                expected: nil, actual: "\(percent)%", other: last.reference)
        }
    }
}

extension SectionKind {
    /// The section's key in rule ids and JSON.
    public var key: String {
        switch self {
        case .overview: "overview"
        case .proactive: "proactive"
        case .applications: "applications"
        case .reviewAndLitigation: "review"
        case .problems: "problems"
        case .otherMatters: "other"
        }
    }
}

/// How much of one text another repeats: the share of its character 8-grams (white space and
/// punctuation ignored) found in the other.
public enum TextOverlap {
    /// Measured on the corpus (Docs/Collection.md): sections written afresh by the same agency
    /// in another year share at most 34 % (洪泽区 2024 with 2023, whose sections follow the same
    /// outline); last year's section with its year and numbers changed still shares over 80 %. 60 % lies
    /// between, where the peers' own rules put it (a section under 60 % similar is "changed";
    /// more than 50 % repeated loses points in 宿迁's scoring).
    public static let threshold = 0.6
    /// Shorter sections are boilerplate by nature (“无”, one sentence): not compared.
    public static let minimumLength = 60
    static let n = 8

    public static func share(of text: String, in other: String) -> Double? {
        let a = letters(text), b = letters(other)
        guard a.count >= minimumLength, b.count >= n else { return nil }
        let grams = Set(shingles(b))
        let mine = shingles(a)
        guard !mine.isEmpty else { return nil }
        let found = mine.reduce(0) { $0 + (grams.contains($1) ? 1 : 0) }
        return Double(found) / Double(mine.count)
    }

    static func letters(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    static func shingles(_ s: [Unicode.Scalar]) -> [Int] {
        guard s.count >= n else { return [] }
        return (0...(s.count - n)).map { i in
            var h = Hasher()
            for k in i..<(i + n) { h.combine(s[k].value) }
            return h.finalize()
        }
    }
}
