import Foundation
import GongkaiCollection
import GongkaiModel
import GongkaiStore

/// Where an agency's report of a year stands in the tracker.
public enum TrackerState: String, Sendable, Hashable, Codable, CaseIterable {
    /// 未报送: no report stored.
    case missing
    /// 读取失败: a file for it could not be read.
    case failed
    /// 有错误: errors about the report not yet all reviewed.
    case errors
    /// 待复核: findings wait for a reviewer.
    case pending
    /// 已完成: received, every finding decided (or none).
    case done

    public var label: String {
        switch self {
        case .missing: "未报送"
        case .failed: "读取失败"
        case .errors: "有错误"
        case .pending: "待复核"
        case .done: "已完成"
        }
    }
}

/// One row of the year's tracker.
public struct AgencyStatus: Sendable {
    public var agency: Agency
    public var level: Int
    public var state: TrackerState
    public var version: Int?
    public var versions: Int
    public var counts: FindingCounts
    /// Findings (causes) without a decision.
    public var pending: Int
    public var rowID: Int?
    public var file: String?
    public var failure: String?

    public var received: Bool { version != nil }
}

/// A report with its findings, each with its decision, as `collection findings` lists them.
public struct FindingsEntry: Sendable {
    public var agencyID: String
    public var agency: String
    public var year: Int
    public var version: Int
    public var file: String
    public var findings: [CollectionFinding]
    public var reviews: [String: CollectionStore.Review]
}

extension Collection {
    /// One row per agency of the register (or of the subtree under `under`) for `year`.
    public func status(year: Int, under root: String? = nil) async throws(CollectionError) -> [AgencyStatus] {
        let register = try await register()
        let rows = try await run { () async throws(StoreError) in try await store.statusRows(year: year) }
        let failed = try await run { () async throws(StoreError) in try await store.unplaced(status: .failed, year: year) }
        let reviews = try await run { () async throws(StoreError) in try await store.reviews() }
        var byAgency: [String: CollectionStore.StatusRow] = [:]
        for r in rows { byAgency[r.agencyID] = r }
        var failures: [String: CollectionStore.StoredReport] = [:]
        for f in failed { if let a = f.agencyID { failures[a] = f } }
        let agencies = root.map { register.subtree(of: $0) } ?? register.agencies
        return agencies.map { agency in
            let level = register.level(of: agency.id) ?? 1
            guard let r = byAgency[agency.id] else {
                let failure = failures[agency.id]
                return AgencyStatus(
                    agency: agency, level: level, state: failure == nil ? .missing : .failed, version: nil, versions: 0, counts: FindingCounts(),
                    pending: 0, rowID: failure?.rowID, file: failure?.path, failure: failure?.reason)
            }
            let pending = r.fingerprints.filter { reviews[$0] == nil }.count
            let state: TrackerState = pending == 0 ? .done : r.counts.errors > 0 ? .errors : .pending
            return AgencyStatus(
                agency: agency, level: level, state: state, version: r.version, versions: r.versions, counts: r.counts, pending: pending,
                rowID: r.rowID, file: r.path, failure: nil)
        }
    }

    /// The agencies of the register with no report for `year`.
    public func missing(year: Int, under root: String? = nil) async throws(CollectionError) -> [AgencyStatus] {
        try await status(year: year, under: root).filter { !$0.received }
    }

    /// The current reports' findings, filtered by year, agency and rule (a rule id, or its
    /// part before `:` — `X-CARRY` keeps every column's).
    public func findings(
        year: Int?, agencyID: String?, rule: String?, findingClass: FindingClass? = nil
    ) async throws(CollectionError)
        -> [FindingsEntry]
    {
        let register = try await register()
        let reports = try await run { () async throws(StoreError) in try await store.findingRows(year: year, agencyID: agencyID) }
        let reviews = try await run { () async throws(StoreError) in try await store.reviews() }
        return reports.compactMap { r in
            var findings = r.findings
            if rule != nil || findingClass != nil {
                findings = Self.keeping(findings) { f in
                    (rule.map { f.rule == $0 || f.rule.split(separator: ":").first.map(String.init) == $0 } ?? true)
                        && (findingClass.map { f.findingClass == $0 } ?? true)
                }
                if findings.isEmpty { return nil }
            }
            return FindingsEntry(
                agencyID: r.agencyID, agency: register[r.agencyID]?.name ?? r.namedAgency ?? r.agencyID, year: r.year, version: r.version,
                file: r.path, findings: findings, reviews: reviews)
        }
    }

    /// The findings `isIncluded` keeps, their causes kept too and renumbered.
    static func keeping(_ findings: [CollectionFinding], _ isIncluded: (CollectionFinding) -> Bool) -> [CollectionFinding] {
        var keep = findings.map(isIncluded)
        for i in findings.indices where keep[i] { if let c = findings[i].cause { keep[c] = true } }
        var newIndex = [Int?](repeating: nil, count: findings.count)
        var out: [CollectionFinding] = []
        for i in findings.indices where keep[i] {
            newIndex[i] = out.count
            var f = findings[i]
            f.cause = f.cause.flatMap { newIndex[$0] }
            out.append(f)
        }
        return out
    }

    /// One agency's years side by side.
    public struct Comparison: Sendable {
        public struct Row: Sendable {
            public var cell: CellID
            public var label: String
            public var values: [CellValue?]
            /// Whether the values differ between any two years.
            public var differs: Bool
        }
        public var agency: Agency
        public var years: [Int]
        /// The version compared for each year, nil where none is stored.
        public var versions: [Int?]
        public var rows: [Row]
        /// The findings across reports of each year's report.
        public var crossFindings: [Int: [CollectionFinding]]
        public var measures: [Int: MeasureTotals]
    }

    public func compare(agencyID: String, years: [Int]) async throws(CollectionError) -> Comparison {
        let register = try await register()
        guard let agency = register[agencyID] else { throw .invalid(field: "agency", "名录中没有机构 \(agencyID)") }
        var reports: [Int: CollectionStore.StoredReport] = [:]
        for r in try await run({ () async throws(StoreError) in try await store.reports(year: nil, agencyID: agencyID) }) {
            if let y = r.year, years.contains(y) { reports[y] = r }
        }
        let rows: [Comparison.Row] = CellRow.columns.compactMap { id in
            let values = years.map { reports[$0]?.report?.cells[id] }
            guard values.contains(where: { $0 != nil }) else { return nil }
            let present = values.compactMap { $0 }
            return .init(cell: id, label: ExportTable.label(of: id), values: values, differs: Set(present).count > 1 || present.count < values.count)
        }
        var cross: [Int: [CollectionFinding]] = [:], measures: [Int: MeasureTotals] = [:]
        for (y, r) in reports {
            cross[y] = r.crossFindings
            if let cells = r.report?.cells { measures[y] = MeasureTotals(cells) }
        }
        return Comparison(
            agency: agency, years: years, versions: years.map { reports[$0]?.version }, rows: rows, crossFindings: cross, measures: measures)
    }

    /// The measures of an agency's year — of its own report, or summed over its subtree — with
    /// last year's beside them.
    public func measures(
        agencyID: String, year: Int, subtree: Bool
    ) async throws(CollectionError) -> (this: MeasureTotals, last: MeasureTotals, agencies: Int) {
        let register = try await register()
        guard register[agencyID] != nil else { throw .invalid(field: "agency", "名录中没有机构 \(agencyID)") }
        let ids = Self.measured(agencyID, in: register, subtree: subtree)
        var totals: [MeasureTotals] = []
        for y in [year, year - 1] {
            let reports = try await run { () async throws(StoreError) in try await store.currentReports(year: y, agencyIDs: ids) }
            var t = MeasureTotals()
            for r in reports.values { if let cells = r.report?.cells { t.add(cells) } }
            totals.append(t)
        }
        return (totals[0], totals[1], ids.count)
    }

    /// The agencies whose reports a measure adds up: one, or a subtree less the parents that
    /// report their children's sum (no double count).
    static func measured(_ agencyID: String, in register: Register, subtree: Bool) -> [String] {
        guard subtree else { return [agencyID] }
        return register.subtree(of: agencyID).filter { !$0.sumsChildren || $0.id == agencyID && register.children(of: $0.id).isEmpty }.map(\.id)
    }

    /// The outcome mix of an agency's year, or of its subtree's, summed as the measures are.
    public func outcomeMix(agencyID: String, year: Int, subtree: Bool) async throws(CollectionError) -> OutcomeMix {
        let register = try await register()
        guard register[agencyID] != nil else { throw .invalid(field: "agency", "名录中没有机构 \(agencyID)") }
        let ids = Self.measured(agencyID, in: register, subtree: subtree)
        let reports = try await run { () async throws(StoreError) in try await store.currentReports(year: year, agencyIDs: ids) }
        var mix = OutcomeMix()
        for r in reports.values { if let cells = r.report?.cells { mix.add(cells) } }
        return mix
    }

    /// The year's export rows, one per current report, in agency id order.
    public func exportRows(year: Int) async throws(CollectionError) -> [ExportRow] {
        let register = try await register()
        let raw = try await run { () async throws(StoreError) in try await store.exportRows(year: year) }
        return raw.map { r in
            let agency = register[r.agencyID]
            return ExportRow(
                agencyID: r.agencyID, agency: agency?.name ?? r.agencyID, parent: agency?.parent, year: year, version: r.version, format: r.format,
                line: r.cells)
        }
    }

    /// The files waiting for an agency or a year to be assigned.
    public func unassigned() async throws(CollectionError) -> [CollectionStore.StoredReport] {
        try await run { () async throws(StoreError) in try await store.unplaced(status: .unassigned) }
    }
}

/// A parent's cells against the sum of its children's, for one year: which children are
/// included, which are missing, and the difference cell by cell.
public struct RollUp: Sendable {
    public struct Row: Sendable {
        public var cell: CellID
        public var label: String
        public var parent: ReportNumber?
        public var sum: ReportNumber
        public var difference: ReportNumber? { parent.map { $0 - sum } }
    }
    public var agency: Agency
    public var year: Int
    public var parentReceived: Bool
    public var included: [Agency]
    public var missing: [Agency]
    public var rows: [Row]
}

extension Collection {
    /// The roll-up of an agency's direct children for a year: each number cell of the parent's
    /// current report beside the sum of the children's current reports that are present.
    public func rollUp(agencyID: String, year: Int) async throws(CollectionError) -> RollUp {
        let register = try await register()
        guard let agency = register[agencyID] else { throw .invalid(field: "agency", "名录中没有机构 \(agencyID)") }
        let children = register.children(of: agencyID)
        let reports = try await run { () async throws(StoreError) in
            try await store.currentReports(year: year, agencyIDs: [agencyID] + children.map(\.id))
        }
        let included = children.filter { reports[$0.id]?.report != nil }
        let parent = reports[agencyID]?.report?.cells
        let rows: [RollUp.Row] = CellRow.columns.compactMap { id in
            var sum = ReportNumber.zero
            var any = false
            for child in included {
                if let n = reports[child.id]?.report?.cells[id]?.arithmeticValue {
                    sum = sum + n
                    any = true
                }
            }
            let own = parent?[id]?.arithmeticValue
            guard any || own != nil else { return nil }
            return RollUp.Row(cell: id, label: ExportTable.label(of: id), parent: own, sum: sum)
        }
        return RollUp(
            agency: agency, year: year, parentReceived: parent != nil, included: included,
            missing: children.filter { reports[$0.id]?.report == nil }, rows: rows)
    }
}
