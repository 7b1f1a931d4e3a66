import Foundation
import GongkaiCollection
import GongkaiModel

/// The supervisor's collection kept in the office's database, on SQLite or PostgreSQL alike:
/// written once over ``SQLRunner``. Every write is one transaction; a report, its findings and
/// its job's completion are stored together or not at all.
public struct CollectionStore: Sendable {
    let sql: any SQLRunner

    /// The collection kept in `store`'s database.
    public init(_ store: any RecordStore) {
        guard let runner = store as? any SQLRunner else { preconditionFailure("every record store runs SQL") }
        sql = runner
    }

    static func json<T: Encodable>(_ value: T) -> String { RecordJSON.encode(value) }

    // MARK: The register

    public func register() async throws(StoreError) -> Register {
        var agencies: [Agency] = []
        // Columns, not a JSON document per agency: a national register has a hundred thousand.
        for r in try await sql.rows("SELECT id, name, parent, kind, aliases, sums_children FROM agency ORDER BY position") {
            guard let kind = AgencyKind(rawValue: r[3].string ?? "") else { throw .database("agency \(r[0].string ?? ""): unknown kind") }
            let aliases = (r[4].string ?? "").split(separator: ";").map(String.init)
            agencies.append(
                Agency(id: r[0].string ?? "", name: r[1].string ?? "", parent: r[2].string, kind: kind, aliases: aliases, sumsChildren: r[5].int == 1)
            )
        }
        do { return try Register(agencies) } catch { throw .database("the stored register is inconsistent: \(error)") }
    }

    /// Stores `new` in place of `old` in one transaction: only the agencies that changed are
    /// written, each audited, and the cross-report findings of every report they touch (their
    /// own, their parents' roll-ups, old and new) are marked to be recomputed. Reports are never
    /// removed: they point at agencies by id.
    public func saveRegister(_ new: Register, replacing old: Register, by actor: String) async throws(StoreError) -> Int {
        var statements: [Statement] = []
        var touched: Set<String> = []
        let stamp = UUID().uuidString
        for (position, agency) in new.agencies.enumerated() {
            let before = old[agency.id]
            guard before != agency || old.agencies.firstIndex(where: { $0.id == agency.id }) != position else { continue }
            let data = Self.json(agency)
            statements.append(
                Statement(
                    """
                    INSERT INTO agency (id, position, name, parent, kind, aliases, sums_children) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, parent = excluded.parent,
                      kind = excluded.kind, aliases = excluded.aliases, sums_children = excluded.sums_children
                    """,
                    [
                        .text(agency.id), .integer(Int64(position)), .text(agency.name), SQLValue(agency.parent), .text(agency.kind.rawValue),
                        .text(agency.aliases.joined(separator: ";")), .integer(agency.sumsChildren ? 1 : 0),
                    ]))
            if before != agency {
                statements.append(
                    audit(
                        actor: actor, entity: "agency", id: agency.id, action: before == nil ? "create" : "update", before: before.map(Self.json),
                        after: data))
                touched.insert(agency.id)
                if let p = agency.parent { touched.insert(p) }
                if let p = before?.parent { touched.insert(p) }
            }
        }
        for agency in old.agencies where new[agency.id] == nil {
            statements.append(Statement("DELETE FROM agency WHERE id = ?", [.text(agency.id)]))
            statements.append(audit(actor: actor, entity: "agency", id: agency.id, action: "remove", before: Self.json(agency), after: nil))
            touched.insert(agency.id)
            if let p = agency.parent { touched.insert(p) }
        }
        for chunk in Array(touched).chunked(500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            statements.append(
                Statement(
                    """
                    INSERT INTO cross_dirty (agency_id, year, stamp) SELECT DISTINCT agency_id, year, ? FROM collected
                    WHERE agency_id IN (\(marks)) AND version IS NOT NULL
                    ON CONFLICT (agency_id, year) DO UPDATE SET stamp = excluded.stamp
                    """, [.text(stamp)] + chunk.map(SQLValue.text)))
        }
        guard !statements.isEmpty else { return 0 }
        _ = try await sql.transaction(statements)
        return touched.count
    }

    func audit(actor: String, entity: String, id: String, action: String, before: String?, after: String?) -> Statement {
        Statement(
            "INSERT INTO audit (at, actor, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(RecordJSON.now()), .text(actor), .text(entity), .text(id), .text(action), SQLValue(before), SQLValue(after)])
    }

    // MARK: Collecting

    /// A file to collect, with what a manifest says of it.
    public struct SourceFile: Sendable {
        public var sha256: String
        public var bytes: [UInt8]
        public var path: String
        public var agencyID: String?
        public var year: Int?
        public var publishedOn: String?
        public var sourceURL: String?

        public init(sha256: String, bytes: [UInt8], path: String, agencyID: String?, year: Int?, publishedOn: String?, sourceURL: String?) {
            self.sha256 = sha256
            self.bytes = bytes
            self.path = path
            self.agencyID = agencyID
            self.year = year
            self.publishedOn = publishedOn
            self.sourceURL = sourceURL
        }
    }

    /// Stores the files (once per SHA-256) and queues each new one for reading, in one
    /// transaction; returns the hashes that were already known, which are not read again.
    public func enqueue(_ files: [SourceFile]) async throws(StoreError) -> Set<String> {
        guard !files.isEmpty else { return [] }
        // One statement per table for the whole batch: on PostgreSQL each statement is a round
        // trip, and two per file made a national year's queue take many minutes to fill.
        var unique: [String: SourceFile] = [:]
        for f in files where unique[f.sha256] == nil { unique[f.sha256] = f }
        let batch = files.filter { unique.removeValue(forKey: $0.sha256) != nil }
        let now = RecordJSON.now()
        var blobs: [SQLValue] = [], jobs: [SQLValue] = []
        for f in batch {
            blobs += [.text(f.sha256), .integer(Int64(f.bytes.count)), .text(f.path), .blob(f.bytes), .text(now)]
            jobs += [.text(f.sha256), .text(f.path), SQLValue(f.agencyID), SQLValue(f.year), SQLValue(f.publishedOn), SQLValue(f.sourceURL)]
        }
        let results = try await sql.transaction([
            Statement(
                "INSERT INTO source_file (sha256, size, name, bytes, stored_at) VALUES \(Self.rows(batch.count, 5)) ON CONFLICT (sha256) DO NOTHING",
                blobs),
            Statement(
                """
                INSERT INTO collect_job (sha256, path, agency_id, year, published_on, source_url, state)
                SELECT v.*, 'queued' FROM (VALUES \(Self.rows(batch.count, 6, types: ["", "", "", "INTEGER", "", ""]))) AS v WHERE true
                ON CONFLICT (sha256) DO NOTHING RETURNING sha256
                """, jobs),
        ])
        let added = Set(results[1].compactMap { $0.first?.string })
        return Set(files.map(\.sha256)).subtracting(added)
    }

    /// One statement per key on SQLite, where a statement costs no round trip and each finds its
    /// rows through the index (a condition on many keys at once, as a row value `IN (VALUES …)` or
    /// as an `OR` chain, made SQLite read the whole table); on PostgreSQL, where each statement is
    /// a round trip, one statement for all of them with `(columns) IN (VALUES …)`, which it
    /// answers from the index. `sql` holds `{keys}` where the condition goes; a condition on
    /// `current` beside it is written `+current`, or SQLite takes the (year, current) index and
    /// reads the whole year for every key.
    func keyed(_ sql: String, columns: [String], keys: [[SQLValue]], before: [SQLValue] = []) -> [Statement] {
        guard !keys.isEmpty else { return [] }
        if self.sql.isPostgres {
            let condition = "(\(columns.joined(separator: ", "))) IN (VALUES \(Self.rows(keys.count, columns.count)))"
            return [Statement(sql.replacingOccurrences(of: "{keys}", with: condition), before + keys.flatMap { $0 })]
        }
        let condition = columns.map { "\($0) = ?" }.joined(separator: " AND ")
        return keys.map { Statement(sql.replacingOccurrences(of: "{keys}", with: condition), before + $0) }
    }

    /// `(?, ?, …), (?, ?, …)`: `count` rows of `width` placeholders, the first row's cast to
    /// `types` where given (PostgreSQL cannot tell a NULL's type in a VALUES list).
    static func rows(_ count: Int, _ width: Int, types: [String] = []) -> String {
        let first = (0..<width).map { i in i < types.count && !types[i].isEmpty ? "CAST(? AS \(types[i]))" : "?" }.joined(separator: ", ")
        let rest = Array(repeating: "?", count: width).joined(separator: ", ")
        return (["(" + first + ")"] + Array(repeating: "(" + rest + ")", count: max(0, count - 1))).joined(separator: ", ")
    }

    /// A queued file claimed by a worker.
    public struct Job: Sendable {
        public var sha256: String
        public var path: String
        public var agencyID: String?
        public var year: Int?
        public var publishedOn: String?
        public var sourceURL: String?
        /// The job's place in the queue.
        public var seq: Int64
        public var bytes: [UInt8]
    }

    /// Puts files claimed `lease` seconds ago, and before `start`, back in the queue: their
    /// worker was killed (a lease of 0 takes back what workers killed earlier left, never what
    /// a fellow worker holds now). Returns how many.
    @discardableResult
    public func reclaimStale(lease: TimeInterval, since start: Date) async throws(StoreError) -> Int {
        let stale = RecordJSON.iso(min(Date().addingTimeInterval(-lease), start))
        return try await sql.rows(
            "UPDATE collect_job SET state = 'queued', worker = NULL WHERE state = 'claimed' AND claimed_at <= ? RETURNING seq", [.text(stale)]
        ).count
    }

    /// Claims up to `limit` queued files for `worker`, the oldest first after `seq` `after`
    /// (the highest this worker has claimed: files are claimed in order, so an index scan that
    /// starts there passes none of the entries PostgreSQL keeps for rows already claimed, which
    /// made every claim slower as a national year drained). On PostgreSQL the rows are taken with
    /// `FOR UPDATE SKIP LOCKED`: workers on several machines share the queue without waiting on
    /// each other or taking the same file.
    public func claim(worker: String, limit: Int, after: Int64) async throws(StoreError) -> [Job] {
        let rows = try await sql.rows(
            """
            UPDATE collect_job SET state = 'claimed', worker = ?, claimed_at = ?
            WHERE sha256 IN (SELECT sha256 FROM collect_job WHERE state = 'queued' AND seq > ? ORDER BY seq LIMIT ? {skip_locked})
            RETURNING sha256, path, agency_id, year, published_on, source_url, seq
            """, [.text(worker), .text(RecordJSON.iso(Date())), .integer(after), .integer(Int64(limit))])
        guard !rows.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rows.count).joined(separator: ",")
        var bytes: [String: [UInt8]] = [:]
        for r in try await sql.rows("SELECT sha256, bytes FROM source_file WHERE sha256 IN (\(marks))", rows.map { $0[0] }) {
            bytes[r[0].string ?? ""] = r[1].bytes ?? []
        }
        return rows.map { r in
            Job(
                sha256: r[0].string ?? "", path: r[1].string ?? "", agencyID: r[2].string, year: r[3].int, publishedOn: r[4].string,
                sourceURL: r[5].string, seq: Int64(r[6].int ?? 0), bytes: bytes[r[0].string ?? ""] ?? [])
        }
    }

    /// What reading a claimed file came to.
    public struct Outcome: Sendable {
        public enum Status: String, Sendable {
            /// Read, and placed at its agency and year.
            case stored
            /// Read, but its agency or year could not be told: waits to be assigned.
            case unassigned
            /// Not readable: recorded with the error.
            case failed
        }
        public var job: Job
        public var status: Status
        public var reason: String?
        public var agencyID: String?
        public var year: Int?
        public var report: CollectedReport?
        public var findings: [CollectionFinding]

        public init(job: Job, status: Status, reason: String?, agencyID: String?, year: Int?, report: CollectedReport?, findings: [CollectionFinding])
        {
            self.job = job
            self.status = status
            self.reason = reason
            self.agencyID = agencyID
            self.year = year
            self.report = report
            self.findings = findings
        }
    }

    /// Stores the outcomes of one batch in one transaction: each report with its findings as
    /// the next version of its agency's year (current unless another version was chosen), its
    /// job done, and the keys whose cross-report findings it touches marked: its own, the next
    /// year's (X-CARRY), its parent's (X-ROLLUP). A killed worker leaves its batch stored whole
    /// or not at all.
    public func store(_ outcomes: [Outcome], register: Register, worker: String) async throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        // The jobs first: still this worker's, or the batch is not stored (another worker took
        // them back as stale and stores them).
        var statements: [Statement] = [
            Statement(
                """
                UPDATE collect_job SET state = 'done'
                WHERE sha256 IN (\(Array(repeating: "?", count: outcomes.count).joined(separator: ", "))) AND state = 'claimed' AND worker = ?
                RETURNING sha256
                """, outcomes.map { .text($0.job.sha256) } + [.text(worker)],
                requireRow: .conflict("collect jobs taken back by another worker"), requiredRows: outcomes.count)
        ]
        let now = RecordJSON.now(), stamp = UUID().uuidString
        func key(_ o: Outcome) -> String? { o.status == .stored ? o.agencyID.flatMap { a in o.year.map { "\(a)|\($0)" } } : nil }
        var keyCount: [String: Int] = [:]
        for o in outcomes { if let k = key(o) { keyCount[k, default: 0] += 1 } }
        // Locks are taken in one order by every writer, so that two never wait on each other:
        // the versions of each agency's year first (numbered one writer at a time), the marks
        // of the keys to recompute last, sorted.
        if !keyCount.isEmpty {
            let locks = Array(repeating: "pg_advisory_xact_lock(hashtext(?))", count: keyCount.count).joined(separator: ", ")
            statements.append(Statement("SELECT \(locks)", keyCount.keys.sorted().map(SQLValue.text), postgresOnly: true))
        }
        // A report placed alone in the batch for its agency's year is the next version and, unless
        // another version was chosen, the current one: the earlier current versions of all such
        // keys are let go in one statement, and the reports inserted in one more (on PostgreSQL
        // every statement is a round trip). A key with several reports in the batch (rare) takes
        // them one by one.
        let alone = outcomes.filter { key($0).map { keyCount[$0] == 1 } ?? true }
        let together = outcomes.filter { key($0).map { keyCount[$0]! > 1 } ?? false }
        let aloneKeys = alone.compactMap { o in key(o) != nil ? (o.agencyID!, o.year!) : nil }
        statements += keyed(
            """
            UPDATE collected SET current = 0 WHERE +current = 1 AND {keys}
              AND NOT EXISTS (SELECT 1 FROM current_choice c WHERE c.agency_id = collected.agency_id AND c.year = collected.year)
            """, columns: ["agency_id", "year"], keys: aloneKeys.map { [SQLValue.text($0.0), .integer(Int64($0.1))] })
        if !alone.isEmpty { statements.append(insert(alone, now: now)) }
        for o in together {
            statements.append(insert([o], now: now))
            statements += currentStatements(agencyID: o.agencyID!, year: o.year!)
        }
        var touched: [String: (String, Int)] = [:]
        for o in outcomes where key(o) != nil {
            for k in touchedKeys(agencyID: o.agencyID!, year: o.year!, register: register) { touched["\(k.0)|\(k.1)"] = k }
        }
        statements += dirtyStatements(keys: touched.keys.sorted().compactMap { touched[$0] }, stamp: stamp)
        _ = try await sql.transaction(statements)
    }

    /// One statement inserting the outcomes: a placed report as the next version of its
    /// agency's year, current unless a version was chosen.
    func insert(_ outcomes: [Outcome], now: String) -> Statement {
        var rows: [String] = [], arguments: [SQLValue] = []
        for o in outcomes {
            let report = o.report
            let counts = FindingCounts(o.findings)
            let placed = o.status == .stored
            let version =
                placed ? "(SELECT COALESCE(MAX(x.version), 0) + 1 FROM collected x WHERE x.agency_id = ? AND x.year = ?)" : "CAST(NULL AS INTEGER)"
            let current =
                placed ? "(SELECT CASE WHEN EXISTS (SELECT 1 FROM current_choice c WHERE c.agency_id = ? AND c.year = ?) THEN 0 ELSE 1 END)" : "0"
            rows.append(
                "(?, ?, ?, ?, ?, CAST(? AS INTEGER), \(version), \(current), ?, ?, ?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, "
                    + "CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?)")
            arguments += [
                .text(o.job.sha256), .text(o.job.path), .text(o.status.rawValue), SQLValue(o.reason), SQLValue(o.agencyID), SQLValue(o.year),
            ]
            if placed { arguments += [SQLValue(o.agencyID), SQLValue(o.year), SQLValue(o.agencyID), SQLValue(o.year)] }
            arguments += [
                SQLValue(o.job.publishedOn), SQLValue(o.job.sourceURL), SQLValue(report?.agency), SQLValue(report?.format?.rawValue),
                SQLValue(report?.title), SQLValue(report?.year), SQLValue(report?.publicationDate?.description), SQLValue(report?.source),
                SQLValue(report?.cells.line), SQLValue(report.map { $0.sections.joined(separator: Self.sectionSeparator) }),
                .text(Self.json(o.findings)), .text("[]"), .integer(Int64(counts.errors)), .integer(Int64(counts.warnings)),
                .integer(Int64(counts.doubts)), .text(Self.fingerprints(o.findings)), .text(now),
            ]
        }
        return Statement(
            """
            INSERT INTO collected (sha256, path, status, reason, agency_id, year, version, current, published_on, source_url, named_agency,
              format, title, printed_year, printed_on, source_kind, cells, sections, findings, cross_findings, errors, warnings,
              doubts, fingerprints, collected_at)
            VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (sha256) DO NOTHING
            """, arguments)
    }

    func touchedKeys(agencyID: String, year: Int, register: Register) -> [(String, Int)] {
        var keys = [(agencyID, year), (agencyID, year + 1)]
        if let p = register[agencyID]?.parent { keys.append((p, year)) }
        return keys
    }

    /// Marks keys to be recomputed, in one statement, in key order.
    func dirtyStatements(keys: [(String, Int)], stamp: String) -> [Statement] {
        // A key once: PostgreSQL refuses an upsert that touches one row twice.
        var seen: Set<String> = []
        let keys = keys.filter { seen.insert("\($0.0)|\($0.1)").inserted }
        guard !keys.isEmpty else { return [] }
        // Only keys with a current report are marked: a year not collected yet, or a parent
        // without its own report, has nothing to recompute (its own arrival marks it).
        return keyed(
            """
            INSERT INTO cross_dirty (agency_id, year, stamp)
            SELECT agency_id, year, ? FROM collected WHERE +current = 1 AND {keys}
            ORDER BY agency_id, year
            ON CONFLICT (agency_id, year) DO UPDATE SET stamp = excluded.stamp
            """, columns: ["agency_id", "year"],
            keys: keys.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { [SQLValue.text($0.0), .integer(Int64($0.1))] },
            before: [.text(stamp)])
    }

    /// Makes the chosen version of an agency's year current, or else the latest. Only stored
    /// reports have a version: the conditions name the version, not the status, so that both
    /// databases answer from the version index instead of reading every stored report.
    func currentStatements(agencyID: String, year: Int) -> [Statement] {
        [
            Statement(
                """
                UPDATE collected SET current = CASE WHEN version = COALESCE(
                    (SELECT c.version FROM current_choice c WHERE c.agency_id = ? AND c.year = ?),
                    (SELECT MAX(x.version) FROM collected x WHERE x.agency_id = ? AND x.year = ?)) THEN 1 ELSE 0 END
                WHERE agency_id = ? AND year = ? AND version IS NOT NULL
                """,
                [.text(agencyID), .integer(Int64(year)), .text(agencyID), .integer(Int64(year)), .text(agencyID), .integer(Int64(year))])
        ]
    }

    /// The fingerprints a reviewer decides on: every cause that is an error, a warning or a
    /// reading doubt (notes of severity info need no decision).
    public static func fingerprints(_ findings: [CollectionFinding]) -> String {
        findings.enumerated().filter { $0.element.cause == nil && $0.element.severity != .info }.map(\.element.fingerprint).joined(
            separator: " ")
    }

    /// Jobs marked done without their report stored, or reports stored with their job not done:
    /// none, whenever a transaction commits whole (the crash test counts them).
    public func inconsistentJobs() async throws(StoreError) -> Int {
        let rows = try await sql.rows(
            """
            SELECT (SELECT COUNT(*) FROM collect_job j WHERE j.state = 'done' AND NOT EXISTS (SELECT 1 FROM collected c WHERE c.sha256 = j.sha256))
                 + (SELECT COUNT(*) FROM collected c JOIN collect_job j ON j.sha256 = c.sha256 WHERE j.state <> 'done')
            """)
        return rows.first?.first?.int ?? 0
    }

    /// Upkeep after a large batch: the planner's statistics (and, on PostgreSQL, the visibility
    /// map that lets the tracker's counts come from the indexes alone).
    public func optimize() async throws(StoreError) {
        try await sql.maintain(tables: ["collected", "collect_job", "cross_dirty", "agency"])
    }

    /// How many files wait in the queue, unclaimed or claimed.
    public func queueLength() async throws(StoreError) -> Int {
        try await sql.rows("SELECT COUNT(*) FROM collect_job WHERE state <> 'done'")[0][0].int ?? 0
    }

    // MARK: Cross-report findings

    /// A key whose cross-report findings wait to be recomputed, with the mark's stamp.
    public struct DirtyKey: Sendable, Hashable {
        public var agencyID: String
        public var year: Int
        public var stamp: String
    }

    /// The first marked keys in the primary key's order (any other order sorted the whole table,
    /// two hundred thousand keys after a national year, for every thousand taken).
    public func dirtyKeys(limit: Int) async throws(StoreError) -> [DirtyKey] {
        try await sql.rows("SELECT agency_id, year, stamp FROM cross_dirty ORDER BY agency_id, year LIMIT ?", [.integer(Int64(limit))]).map {
            DirtyKey(agencyID: $0[0].string ?? "", year: $0[1].int ?? 0, stamp: $0[2].string ?? "")
        }
    }

    /// A collected report as stored.
    public struct StoredReport: Sendable {
        public var rowID: Int
        public var sha256: String
        public var path: String
        public var status: String
        public var reason: String?
        public var agencyID: String?
        public var year: Int?
        public var version: Int?
        public var current: Bool
        public var publishedOn: String?
        public var sourceURL: String?
        public var namedAgency: String?
        public var report: CollectedReport?
        public var findings: [CollectionFinding]
        public var crossFindings: [CollectionFinding]
        public var counts: FindingCounts
        public var collectedAt: String

        /// The report's findings, then those across reports, causes renumbered.
        public var allFindings: [CollectionFinding] { findings + crossFindings }
    }

    static let reportColumns = """
        id, sha256, path, status, reason, agency_id, year, version, current, published_on, source_url, named_agency, format, title,
        printed_year, printed_on, source_kind, cells, sections, findings, cross_findings, errors, warnings, doubts, collected_at
        """

    /// Between a report's sections in their column (a control character no report prints).
    static let sectionSeparator = "\u{1E}"

    static func storedReport(_ r: [SQLValue]) throws(StoreError) -> StoredReport {
        StoredReport(
            rowID: r[0].int ?? 0, sha256: r[1].string ?? "", path: r[2].string ?? "", status: r[3].string ?? "", reason: r[4].string,
            agencyID: r[5].string, year: r[6].int, version: r[7].int, current: r[8].int == 1, publishedOn: r[9].string,
            sourceURL: r[10].string, namedAgency: r[11].string,
            report: r[17].string.map { cells in
                CollectedReport(
                    format: r[12].string.flatMap(ReportFormat.init(rawValue:)), year: r[14].int, agency: r[11].string, title: r[13].string,
                    publicationDate: r[15].string.flatMap { ReportDate(iso: $0) }, source: r[16].string ?? "",
                    sections: (r[18].string ?? "").utf8.split(separator: 0x1E, omittingEmptySubsequences: false).map {
                        String(decoding: $0, as: UTF8.self)
                    },
                    cells: CellRow(line: cells))
            },
            findings: try RecordJSON.decode([CollectionFinding].self, r[19].string ?? "[]"),
            crossFindings: try RecordJSON.decode([CollectionFinding].self, r[20].string ?? "[]"),
            counts: FindingCounts(errors: r[21].int ?? 0, warnings: r[22].int ?? 0, doubts: r[23].int ?? 0), collectedAt: r[24].string ?? "")
    }

    /// The current reports of the agencies on a year, found through the version index
    /// (`+current` keeps the planner off the year index, which would read the whole year for
    /// every chunk of agencies).
    public func currentReports(year: Int, agencyIDs: [String]) async throws(StoreError) -> [String: StoredReport] {
        var out: [String: StoredReport] = [:]
        for chunk in agencyIDs.chunked(500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for r in try await sql.rows(
                "SELECT \(Self.reportColumns) FROM collected WHERE agency_id IN (\(marks)) AND year = ? AND +current = 1",
                chunk.map(SQLValue.text) + [.integer(Int64(year))])
            {
                let s = try Self.storedReport(r)
                out[s.agencyID ?? ""] = s
            }
        }
        return out
    }

    /// A report's findings with those across reports recomputed.
    public struct CrossUpdate: Sendable {
        public var rowID: Int
        /// The report's own findings, fingerprinted for its agency and year.
        public var findings: [CollectionFinding]
        public var cross: [CollectionFinding]

        public init(rowID: Int, findings: [CollectionFinding], cross: [CollectionFinding]) {
            self.rowID = rowID
            self.findings = findings
            self.cross = cross
        }
    }

    /// Stores recomputed cross-report findings and clears the keys whose stamps are unchanged
    /// (a key marked again meanwhile stays, to be computed again).
    /// Rows are written in id order and keys cleared in key order, as every writer does.
    public func saveCross(_ updates: [CrossUpdate], clearing keys: [DirtyKey]) async throws(StoreError) {
        let keys = keys.sorted { ($0.agencyID, $0.year) < ($1.agencyID, $1.year) }
        var statements: [Statement] = updates.sorted { $0.rowID < $1.rowID }.map { u in
            let all = u.findings + u.cross
            let counts = FindingCounts(all)
            return Statement(
                "UPDATE collected SET findings = ?, cross_findings = ?, errors = ?, warnings = ?, doubts = ?, fingerprints = ? WHERE id = ?",
                [
                    .text(Self.json(u.findings)), .text(Self.json(u.cross)), .integer(Int64(counts.errors)), .integer(Int64(counts.warnings)),
                    .integer(Int64(counts.doubts)),
                    .text(Self.fingerprints(all)), .integer(Int64(u.rowID)),
                ])
        }
        statements += keyed(
            "DELETE FROM cross_dirty WHERE {keys}", columns: ["agency_id", "year", "stamp"],
            keys: keys.map { [SQLValue.text($0.agencyID), .integer(Int64($0.year)), .text($0.stamp)] })
        guard !statements.isEmpty else { return }
        _ = try await sql.transaction(statements)
    }

    // MARK: Reading the collection

    /// One row of the year's status: what is stored for an agency.
    public struct StatusRow: Sendable {
        public var rowID: Int
        public var agencyID: String
        public var version: Int
        public var versions: Int
        public var counts: FindingCounts
        public var fingerprints: [String]
        public var path: String
    }

    /// The current report of every agency on `year`, with its counts and fingerprints. Versions
    /// are counted from the version index alone (only stored reports have one): counted with a
    /// condition on the status, SQLite chose the status index and read every stored report for
    /// each agency.
    public func statusRows(year: Int) async throws(StoreError) -> [StatusRow] {
        let rows = try await sql.rows(
            """
            SELECT c.id, c.agency_id, c.version, n.versions, c.errors, c.warnings, c.doubts, c.fingerprints, c.path
            FROM collected c
            JOIN (SELECT agency_id, COUNT(version) AS versions FROM collected WHERE year = ? AND version IS NOT NULL GROUP BY agency_id) n
              ON n.agency_id = c.agency_id
            WHERE c.year = ? AND c.current = 1
            """, [.integer(Int64(year)), .integer(Int64(year))])
        return rows.map { r in
            StatusRow(
                rowID: r[0].int ?? 0, agencyID: r[1].string ?? "", version: r[2].int ?? 0, versions: r[3].int ?? 0,
                counts: FindingCounts(errors: r[4].int ?? 0, warnings: r[5].int ?? 0, doubts: r[6].int ?? 0),
                fingerprints: (r[7].string ?? "").split(separator: " ").map(String.init), path: r[8].string ?? "")
        }
    }

    /// Files that could not be read or placed: failed ones, and reports waiting to be assigned.
    public func unplaced(status: Outcome.Status, year: Int? = nil) async throws(StoreError) -> [StoredReport] {
        var sqlText = "SELECT \(Self.reportColumns) FROM collected WHERE status = ?"
        var arguments: [SQLValue] = [.text(status.rawValue)]
        if let year {
            sqlText += " AND (year = ? OR year IS NULL)"
            arguments.append(.integer(Int64(year)))
        }
        var out: [StoredReport] = []
        for r in try await sql.rows(sqlText + " ORDER BY id", arguments) { out.append(try Self.storedReport(r)) }
        return out
    }

    /// The condition selecting placed reports (those with a version), of a year and an agency
    /// where given, and its arguments.
    static func placedReports(year: Int?, agencyID: String?, currentOnly: Bool) -> (String, [SQLValue]) {
        var conditions = ["version IS NOT NULL"], arguments: [SQLValue] = []
        if currentOnly { conditions.append("current = 1") }
        if let year {
            conditions.append("year = ?")
            arguments.append(.integer(Int64(year)))
        }
        if let agencyID {
            conditions.append("agency_id = ?")
            arguments.append(.text(agencyID))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// Stored reports, current ones only unless `allVersions`, filtered by year and agency.
    public func reports(year: Int?, agencyID: String?, allVersions: Bool = false) async throws(StoreError) -> [StoredReport] {
        let (condition, arguments) = Self.placedReports(year: year, agencyID: agencyID, currentOnly: !allVersions)
        var out: [StoredReport] = []
        for r in try await sql.rows("SELECT \(Self.reportColumns) FROM collected WHERE \(condition) ORDER BY agency_id, year, version", arguments) {
            out.append(try Self.storedReport(r))
        }
        return out
    }

    /// A report's findings with where it stands, read without its cells and text.
    public struct FindingRow: Sendable {
        public var agencyID: String
        public var namedAgency: String?
        public var year: Int
        public var version: Int
        public var path: String
        public var findings: [CollectionFinding]
    }

    /// The current reports' findings (their own, then those across reports), by agency and year.
    public func findingRows(year: Int?, agencyID: String?) async throws(StoreError) -> [FindingRow] {
        let (condition, arguments) = Self.placedReports(year: year, agencyID: agencyID, currentOnly: true)
        var out: [FindingRow] = []
        for r in try await sql.rows(
            """
            SELECT agency_id, named_agency, year, version, path, findings, cross_findings FROM collected
            WHERE \(condition) ORDER BY agency_id, year
            """, arguments)
        {
            out.append(
                FindingRow(
                    agencyID: r[0].string ?? "", namedAgency: r[1].string, year: r[2].int ?? 0, version: r[3].int ?? 0, path: r[4].string ?? "",
                    findings: try RecordJSON.decode([CollectionFinding].self, r[5].string ?? "[]")
                        + RecordJSON.decode([CollectionFinding].self, r[6].string ?? "[]")))
        }
        return out
    }

    public func report(rowID: Int) async throws(StoreError) -> StoredReport? {
        try await sql.rows("SELECT \(Self.reportColumns) FROM collected WHERE id = ?", [.integer(Int64(rowID))]).first.map(Self.storedReport)
    }

    /// The year's current reports as export rows' raw parts: agency id, version, format and the
    /// cells' line; read without decoding a document per report.
    public func exportRows(year: Int) async throws(StoreError) -> [(agencyID: String, version: Int, format: String?, cells: String)] {
        try await sql.rows(
            "SELECT agency_id, version, format, cells FROM collected WHERE year = ? AND current = 1 ORDER BY agency_id", [.integer(Int64(year))]
        ).map { ($0[0].string ?? "", $0[1].int ?? 0, $0[2].string, $0[3].string ?? "") }
    }

    /// The bytes of a stored source file.
    public func sourceFile(sha256: String) async throws(StoreError) -> [UInt8]? {
        try await sql.rows("SELECT bytes FROM source_file WHERE sha256 = ?", [.text(sha256)]).first?[0].bytes
    }

    // MARK: Decisions

    /// Places a report that waited to be assigned (or moves one) at an agency and year, audited.
    public func assign(rowID: Int, agencyID: String, year: Int, register: Register, by actor: String) async throws(StoreError) {
        guard let row = try await report(rowID: rowID) else { throw .notFound("collected report \(rowID)") }
        guard row.status != "failed" else { throw .invalid(field: "report", "文件读取失败，无法指定机构") }
        let stamp = UUID().uuidString
        var statements = [
            Statement("SELECT pg_advisory_xact_lock(hashtext(?))", [.text("\(agencyID)|\(year)")], postgresOnly: true),
            Statement(
                """
                UPDATE collected SET status = 'stored', reason = NULL, agency_id = ?, year = ?, current = 0,
                  version = (SELECT COALESCE(MAX(version), 0) + 1 FROM collected WHERE agency_id = ? AND year = ?) WHERE id = ?
                """, [.text(agencyID), .integer(Int64(year)), .text(agencyID), .integer(Int64(year)), .integer(Int64(rowID))]),
            audit(
                actor: actor, entity: "collected", id: String(rowID), action: "assign",
                before: "\(row.agencyID ?? "")|\(row.year.map(String.init) ?? "")", after: "\(agencyID)|\(year)"),
        ]
        statements += currentStatements(agencyID: agencyID, year: year)
        var keys = touchedKeys(agencyID: agencyID, year: year, register: register)
        if let a = row.agencyID, let y = row.year, row.status == "stored" {
            statements += currentStatements(agencyID: a, year: y)
            keys += touchedKeys(agencyID: a, year: y, register: register)
        }
        statements += dirtyStatements(keys: keys, stamp: stamp)
        _ = try await sql.transaction(statements)
    }

    /// Chooses which version of an agency's year is current (nil: the latest again), audited.
    public func chooseCurrent(agencyID: String, year: Int, version: Int?, register: Register, by actor: String) async throws(StoreError) {
        var statements: [Statement] = []
        if let version {
            statements.append(
                Statement(
                    "SELECT id FROM collected WHERE agency_id = ? AND year = ? AND version = ? AND status = 'stored'",
                    [.text(agencyID), .integer(Int64(year)), .integer(Int64(version))],
                    requireRow: .notFound("\(agencyID) \(year)年 第\(version)版")))
            statements.append(
                Statement(
                    "INSERT INTO current_choice (agency_id, year, version) VALUES (?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET version = excluded.version",
                    [.text(agencyID), .integer(Int64(year)), .integer(Int64(version))]))
        } else {
            statements.append(Statement("DELETE FROM current_choice WHERE agency_id = ? AND year = ?", [.text(agencyID), .integer(Int64(year))]))
        }
        statements.append(
            audit(
                actor: actor, entity: "collected", id: "\(agencyID)|\(year)", action: "choose-current", before: nil,
                after: version.map(String.init) ?? "latest"))
        statements += currentStatements(agencyID: agencyID, year: year)
        statements += dirtyStatements(keys: touchedKeys(agencyID: agencyID, year: year, register: register), stamp: UUID().uuidString)
        _ = try await sql.transaction(statements)
    }

    /// A reviewer's decision on a finding.
    public struct Review: Sendable, Hashable, Codable {
        public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
            case confirmed, dismissed
            public var label: String { self == .confirmed ? "已确认" : "已排除" }
        }
        public var fingerprint: String
        public var decision: Decision
        public var comment: String
        public var actor: String
        public var at: String

        public init(fingerprint: String, decision: Decision, comment: String, actor: String, at: String) {
            self.fingerprint = fingerprint
            self.decision = decision
            self.comment = comment
            self.actor = actor
            self.at = at
        }
    }

    public func reviews() async throws(StoreError) -> [String: Review] {
        var out: [String: Review] = [:]
        for r in try await sql.rows("SELECT fingerprint, decision, comment, actor, at FROM finding_review") {
            let fingerprint = r[0].string ?? ""
            out[fingerprint] = Review(
                fingerprint: fingerprint, decision: Review.Decision(rawValue: r[1].string ?? "") ?? .confirmed, comment: r[2].string ?? "",
                actor: r[3].string ?? "", at: r[4].string ?? "")
        }
        return out
    }

    /// Records a decision (replacing an earlier one), audited with the one before.
    public func decide(_ review: Review) async throws(StoreError) {
        let after = Self.json(review)
        _ = try await sql.transaction([
            Statement(
                """
                INSERT INTO audit (at, actor, entity, entity_id, action, before, after)
                VALUES (?, ?, 'finding_review', ?, ?, (SELECT decision || ': ' || comment FROM finding_review WHERE fingerprint = ?), ?)
                """,
                [
                    .text(review.at), .text(review.actor), .text(review.fingerprint), .text(review.decision.rawValue), .text(review.fingerprint),
                    .text(after),
                ]),
            Statement(
                """
                INSERT INTO finding_review (fingerprint, decision, comment, actor, at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (fingerprint) DO UPDATE SET decision = excluded.decision, comment = excluded.comment, actor = excluded.actor, at = excluded.at
                """, [.text(review.fingerprint), .text(review.decision.rawValue), .text(review.comment), .text(review.actor), .text(review.at)]),
        ])
    }

    /// Takes a decision back, audited; refused when there is none.
    public func undo(fingerprint: String, by actor: String) async throws(StoreError) {
        _ = try await sql.transaction([
            Statement(
                """
                INSERT INTO audit (at, actor, entity, entity_id, action, before, after)
                SELECT ?, ?, 'finding_review', fingerprint, 'undo', decision || ': ' || comment, NULL FROM finding_review WHERE fingerprint = ?
                """, [.text(RecordJSON.now()), .text(actor), .text(fingerprint)]),
            Statement(
                "DELETE FROM finding_review WHERE fingerprint = ? RETURNING fingerprint", [.text(fingerprint)],
                requireRow: .notFound("对问题 \(fingerprint) 没有复核决定可撤销")),
        ])
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
