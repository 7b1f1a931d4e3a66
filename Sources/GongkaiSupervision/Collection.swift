import Crypto
import Foundation
import GongkaiChecks
import GongkaiCollection
import GongkaiDocuments
import GongkaiModel
import GongkaiStore

/// The supervisor's collection, every use case in one place: the register of agencies,
/// collecting reports (in parallel, as a queue workers on several machines can share), the
/// findings across reports, reviewing findings, and the views of a year. The CLI and the API
/// parse input, call it and present the result.
public struct Collection: Sendable {
    public let store: CollectionStore
    public let reader: DocumentReader

    public init(_ store: any RecordStore, reader: DocumentReader = DocumentReader()) {
        self.store = CollectionStore(store)
        self.reader = reader
    }

    // MARK: The register

    /// Replaces the register with a CSV file's, taken whole or refused whole with the line named.
    /// Returns how many agencies changed.
    public func importRegister(csv: String, by actor: String) async throws(CollectionError) -> (agencies: Int, changed: Int) {
        let new: Register
        do { new = try RegisterCSV.parse(csv) } catch { throw .register(error) }
        let old = try await register()
        let changed = try await run { () async throws(StoreError) in try await store.saveRegister(new, replacing: old, by: actor) }
        try await recompute()
        return (new.agencies.count, changed)
    }

    public func register() async throws(CollectionError) -> Register {
        try await run { () async throws(StoreError) in try await store.register() }
    }

    /// Adds or changes one agency, the register checked as a whole.
    public func saveAgency(_ agency: Agency, by actor: String) async throws(CollectionError) {
        let old = try await register()
        let new: Register
        do { new = try old.replacing(agency) } catch { throw .register(error) }
        _ = try await run { () async throws(StoreError) in try await store.saveRegister(new, replacing: old, by: actor) }
        try await recompute()
    }

    /// Removes an agency without children; its reports stay stored under its id.
    public func removeAgency(id: String, by actor: String) async throws(CollectionError) {
        let old = try await register()
        let new: Register
        do { new = try old.removing(id: id) } catch { throw .register(error) }
        _ = try await run { () async throws(StoreError) in try await store.saveRegister(new, replacing: old, by: actor) }
        try await recompute()
    }

    func run<T>(_ body: () async throws(StoreError) -> T) async throws(CollectionError) -> T {
        do { return try await body() } catch { throw .store(error) }
    }

    // MARK: Collecting

    /// How far a batch has come.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var path: String
    }

    /// What a batch came to.
    public struct Summary: Sendable {
        /// Stored at an agency's year.
        public var stored = 0
        /// Read, waiting to be assigned an agency or a year (their reasons in ``unassigned``).
        public var unassigned: [(path: String, reason: String)] = []
        /// Not readable, with the error.
        public var failed: [(path: String, reason: String)] = []
        /// Not read: kinds Gongkai cannot read, refused archive members.
        public var skipped: [(path: String, reason: String)] = []
        /// Already collected before (the same bytes): not read again.
        public var known = 0
        /// Files queued for workers elsewhere (`queueOnly`).
        public var queued = 0

        public var hasProblems: Bool { !failed.isEmpty || !skipped.isEmpty }
    }

    /// How many files are stored and queued per transaction.
    static let enqueueBatch = 200
    /// How many files a worker claims at a time.
    static let claimBatch = 32
    /// How often (seconds) a worker puts back files that killed workers left claimed.
    static let reclaimEvery: TimeInterval = 60

    /// Stores the gathered files once each (by SHA-256) and queues the new ones; then, unless
    /// `queueOnly`, reads them with `workers` parallel workers and recomputes the findings
    /// across reports they touch.
    public func collect(
        _ gathered: Gathered, manifest: [String: ManifestEntry] = [:], workers: Int = Collection.defaultWorkers,
        queueOnly: Bool = false, lease: TimeInterval = 600, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws(CollectionError) -> Summary {
        var summary = Summary()
        summary.skipped = gathered.skipped
        var pending: [CollectionStore.SourceFile] = []
        var queued = 0
        func flush() async throws(CollectionError) {
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let known = try await run { () async throws(StoreError) in try await store.enqueue(batch) }
            summary.known += known.count
            queued += batch.count - known.count
        }
        for file in gathered.files {
            switch file.load() {
            case .failure(let refusal): summary.skipped.append((file.path, refusal.reason))
            case .success(let bytes):
                let entry = Manifest.entry(for: file.path, in: manifest)
                let sha = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
                pending.append(
                    CollectionStore.SourceFile(
                        sha256: sha, bytes: bytes, path: file.path, agencyID: entry?.agencyID, year: entry?.year,
                        publishedOn: entry?.publishedOn?.description, sourceURL: entry?.sourceURL))
                if pending.count >= Self.enqueueBatch { try await flush() }
            }
        }
        try await flush()
        if queueOnly {
            summary.queued = queued
            return summary
        }
        let worked = try await work(workers: workers, lease: lease, expected: queued, progress: progress)
        summary.stored = worked.stored
        summary.unassigned = worked.unassigned
        summary.failed = worked.failed
        return summary
    }

    /// Reads queued files until the queue is empty, with `workers` parallel workers of this
    /// process, then recomputes the findings across reports. Several processes (on several
    /// machines, sharing a PostgreSQL database) may work one queue at once.
    public func work(
        workers: Int = Collection.defaultWorkers, worker name: String = Collection.workerName(), lease: TimeInterval = 600,
        expected: Int? = nil, progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws(CollectionError) -> Summary {
        let register = try await register()
        let matcher = AgencyMatcher(register)
        var queued = expected ?? 0
        if expected == nil { queued = try await run { () async throws(StoreError) in try await store.queueLength() } }
        let total = queued
        let counter = Counter()
        let start = Date()
        try await run { () async throws(StoreError) in try await store.reclaimStale(lease: lease, since: start) }
        let summary: Summary
        do {
            summary = try await withThrowingTaskGroup(of: Summary.self) { group in
                for k in 0..<max(1, workers) {
                    group.addTask {
                        var mine = Summary()
                        var after: Int64 = 0
                        var reclaimed = Date()
                        while true {
                            // Now and then (and once more before stopping), the files of workers
                            // killed meanwhile go back to the queue and the scan starts over.
                            if Date().timeIntervalSince(reclaimed) > Self.reclaimEvery {
                                try await store.reclaimStale(lease: lease, since: start)
                                reclaimed = Date()
                                after = 0
                            }
                            var jobs = try await store.claim(worker: "\(name)/\(k)", limit: Self.claimBatch, after: after)
                            if jobs.isEmpty && after > 0 {
                                after = 0
                                jobs = try await store.claim(worker: "\(name)/\(k)", limit: Self.claimBatch, after: 0)
                            }
                            if jobs.isEmpty { break }
                            after = jobs.map(\.seq).max() ?? after
                            let outcomes = jobs.map { self.read($0, register: register, matcher: matcher) }
                            do {
                                try await store.store(outcomes, register: register, worker: "\(name)/\(k)")
                            } catch StoreError.conflict {
                                // Taken back as stale by another worker, which stores them.
                                continue
                            }
                            for o in outcomes {
                                switch o.status {
                                case .stored: mine.stored += 1
                                case .unassigned: mine.unassigned.append((o.job.path, o.reason ?? ""))
                                case .failed: mine.failed.append((o.job.path, o.reason ?? ""))
                                }
                            }
                            let done = await counter.add(outcomes.count)
                            progress(Progress(done: done, total: max(total, done), path: outcomes.last?.job.path ?? ""))
                        }
                        return mine
                    }
                }
                var all = Summary()
                for try await s in group {
                    all.stored += s.stored
                    all.unassigned += s.unassigned
                    all.failed += s.failed
                }
                return all
            }
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.database("\(error)"))
        }
        try await recompute()
        if summary.stored >= Self.optimizeAfter { try await run { () async throws(StoreError) in try await store.optimize() } }
        return summary
    }

    /// After this many reports stored in one run, the store's statistics are brought up to date.
    static let optimizeAfter = 5_000

    /// Two workers per core: while one waits for the database, the other reads (on two cores,
    /// 1,950 reports took 1.48 s with four workers and 1.93 s with two on PostgreSQL, 0.81–0.92 s
    /// and 1.03–1.06 s on SQLite).
    public static let defaultWorkers = 2 * ProcessInfo.processInfo.activeProcessorCount

    public static func workerName() -> String { "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)" }

    actor Counter {
        var value = 0
        func add(_ n: Int) -> Int {
            value += n
            return value
        }
    }

    /// Reads one file: the report, its findings, its agency and year. Never throws: a file that
    /// cannot be read is an outcome with its error.
    func read(_ job: CollectionStore.Job, register: Register, matcher: AgencyMatcher) -> CollectionStore.Outcome {
        let report: Report
        do {
            report = try reader.read(bytes: job.bytes)
        } catch {
            return .init(job: job, status: .failed, reason: "\(error)", agencyID: job.agencyID, year: job.year, report: nil, findings: [])
        }
        let collected = CollectedReport(report)
        var findings = CollectionFinding.fromReading(report, findings: Checker().check(report))
        var agencyID: String? = nil
        var reason: String? = nil
        if let given = job.agencyID {
            if register[given] != nil { agencyID = given } else { reason = "清单中的机构编号 \(given) 不在名录中" }
        } else {
            let match = matcher.match(agency: report.agency, title: report.title)
            if case .agency(let id) = match { agencyID = id } else { reason = match.reason }
        }
        let year = job.year ?? report.year
        if year == nil && reason == nil { reason = "报告年度无法识别" }
        guard let agencyID, let year, reason == nil else {
            return .init(job: job, status: .unassigned, reason: reason, agencyID: agencyID, year: year, report: collected, findings: findings)
        }
        for i in findings.indices { findings[i].stamp(agencyID: agencyID, year: year) }
        return .init(job: job, status: .stored, reason: nil, agencyID: agencyID, year: year, report: collected, findings: findings)
    }

    // MARK: Findings across reports

    /// Recomputes the findings across reports of every key marked since (a report arrived or
    /// was replaced, the register changed), and only those. Returns how many keys.
    @discardableResult
    public func recompute() async throws(CollectionError) -> Int {
        let register = try await register()
        var total = 0
        while true {
            // A page of keys, shared out among the cores: each slice is loaded, checked and saved
            // on its own.
            let keys = try await run { () async throws(StoreError) in try await store.dirtyKeys(limit: Self.recomputePage) }
            if keys.isEmpty { break }
            total += keys.count
            let slices = stride(from: 0, to: keys.count, by: Self.recomputeSlice).map { Array(keys[$0..<min(keys.count, $0 + Self.recomputeSlice)]) }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for slice in slices {
                        group.addTask { try await self.recompute(slice, register: register) }
                    }
                    try await group.waitForAll()
                }
            } catch let error as CollectionError {
                throw error
            } catch {
                throw .store(.database("\(error)"))
            }
        }
        return total
    }

    static let recomputePage = 4_000
    static let recomputeSlice = 1_000

    /// Recomputes one slice of marked keys and clears them.
    func recompute(_ keys: [CollectionStore.DirtyKey], register: Register) async throws(CollectionError) {
        var updates: [CollectionStore.CrossUpdate] = []
        for (year, yearKeys) in Dictionary(grouping: keys, by: \.year) {
            let ids = yearKeys.map(\.agencyID)
            let childIDs = ids.flatMap { id in register[id]?.sumsChildren == true ? register.children(of: id).map(\.id) : [] }
            let now = try await run { () async throws(StoreError) in try await store.currentReports(year: year, agencyIDs: ids + childIDs) }
            let before = try await run { () async throws(StoreError) in try await store.currentReports(year: year - 1, agencyIDs: ids) }
            for key in yearKeys {
                guard let row = now[key.agencyID] else { continue }
                var own = row.findings
                guard let agency = register[key.agencyID], let placed = Self.placed(row, agency: agency) else {
                    if !row.crossFindings.isEmpty { updates.append(.init(rowID: row.rowID, findings: own, cross: [])) }
                    continue
                }
                let last = before[key.agencyID].flatMap { Self.placed($0, agency: agency) }
                var children: [PlacedReport] = [], missing: [Agency] = []
                if agency.sumsChildren {
                    for child in register.children(of: agency.id) {
                        if let r = now[child.id], let p = Self.placed(r, agency: child) { children.append(p) } else { missing.append(child) }
                    }
                }
                for i in own.indices { own[i].stamp(agencyID: agency.id, year: year) }
                let cross = CrossChecks.findings(for: placed, lastYear: last, children: children, missingChildren: missing)
                // Most reports of a national year have nothing across reports: unchanged rows
                // are not written again.
                guard own != row.findings || cross != row.crossFindings else { continue }
                updates.append(.init(rowID: row.rowID, findings: own, cross: cross))
            }
        }
        try await run { () async throws(StoreError) in try await store.saveCross(updates, clearing: keys) }
    }

    static func placed(_ row: CollectionStore.StoredReport, agency: Agency) -> PlacedReport? {
        guard let report = row.report, let year = row.year else { return nil }
        return PlacedReport(
            agency: agency, year: year, version: row.version ?? 1, report: report, publishedOn: row.publishedOn.flatMap(ReportDate.init(iso:)))
    }

    // MARK: Decisions

    /// Places a report waiting to be assigned at an agency and year.
    public func assign(rowID: Int, agencyID: String, year: Int, by actor: String) async throws(CollectionError) {
        let register = try await register()
        guard register[agencyID] != nil else { throw .invalid(field: "agency", "名录中没有机构 \(agencyID)") }
        try await run { () async throws(StoreError) in
            try await store.assign(rowID: rowID, agencyID: agencyID, year: year, register: register, by: actor)
        }
        try await recompute()
    }

    /// Chooses the current version of an agency's year (nil: the latest).
    public func chooseCurrent(agencyID: String, year: Int, version: Int?, by actor: String) async throws(CollectionError) {
        let register = try await register()
        try await run { () async throws(StoreError) in
            try await store.chooseCurrent(agencyID: agencyID, year: year, version: version, register: register, by: actor)
        }
        try await recompute()
    }

    /// Confirms or dismisses a finding by its fingerprint; a dismissal needs a comment.
    public func review(
        fingerprint: String, decision: CollectionStore.Review.Decision, comment: String, by actor: String, now: Date = Date()
    )
        async throws(CollectionError)
    {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard decision == .confirmed || !comment.isEmpty else { throw .invalid(field: "comment", "排除问题必须填写理由") }
        guard fingerprint.count == 32, fingerprint.allSatisfy(\.isHexDigit) else { throw .invalid(field: "fingerprint", "问题指纹应为32位十六进制") }
        try await run { () async throws(StoreError) in
            try await store.decide(.init(fingerprint: fingerprint, decision: decision, comment: comment, actor: actor, at: RecordJSON.iso(now)))
        }
    }

    public func undoReview(fingerprint: String, by actor: String) async throws(CollectionError) {
        try await run { () async throws(StoreError) in try await store.undo(fingerprint: fingerprint, by: actor) }
    }
}

/// Why a collection use case was refused; nothing was changed.
public enum CollectionError: Error, Sendable, CustomStringConvertible {
    case register(RegisterError)
    case invalid(field: String, String)
    case store(StoreError)

    public var description: String {
        switch self {
        case .register(let e): "名录有误：\(e)"
        case .invalid(let field, let why): "\(field)：\(why)"
        case .store(let e): e.description
        }
    }
}
