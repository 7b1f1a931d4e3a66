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
        for row in try await sql.rows("SELECT data FROM agency ORDER BY position") {
            agencies.append(try RecordJSON.decode(Agency.self, row[0].string ?? ""))
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
                    "INSERT INTO agency (id, position, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position, data = excluded.data",
                    [.text(agency.id), .integer(Int64(position)), .text(data)]))
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
                    WHERE status = 'stored' AND agency_id IN (\(marks))
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
        var statements: [Statement] = []
        let now = RecordJSON.now()
        for f in files {
            statements.append(
                Statement(
                    "INSERT INTO source_file (sha256, size, name, bytes, stored_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                    [.text(f.sha256), .integer(Int64(f.bytes.count)), .text(f.path), .blob(f.bytes), .text(now)]))
            statements.append(
                Statement(
                    """
                    INSERT INTO collect_job (sha256, path, agency_id, year, published_on, source_url, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'queued') ON CONFLICT (sha256) DO NOTHING RETURNING sha256
                    """,
                    [.text(f.sha256), .text(f.path), SQLValue(f.agencyID), SQLValue(f.year), SQLValue(f.publishedOn), SQLValue(f.sourceURL)]))
        }
        let results = try await sql.transaction(statements)
        var known: Set<String> = []
        for (i, f) in files.enumerated() where results[2 * i + 1].isEmpty { known.insert(f.sha256) }
        return known
    }

    /// A queued file claimed by a worker.
    public struct Job: Sendable {
        public var sha256: String
        public var path: String
        public var agencyID: String?
        public var year: Int?
        public var publishedOn: String?
        public var sourceURL: String?
        public var bytes: [UInt8]
    }

    /// Claims up to `limit` queued files for `worker`, and files claimed longer than `lease`
    /// seconds ago by a worker that has not finished them (it was killed). On PostgreSQL the
    /// rows are taken with `FOR UPDATE SKIP LOCKED`: workers on several machines share the
    /// queue without waiting on each other or taking the same file.
    public func claim(worker: String, limit: Int, lease: TimeInterval) async throws(StoreError) -> [Job] {
        let now = Date()
        let stale = RecordJSON.iso(now.addingTimeInterval(-lease))
        let rows = try await sql.rows(
            """
            UPDATE collect_job SET state = 'claimed', worker = ?, claimed_at = ?
            WHERE sha256 IN (SELECT sha256 FROM collect_job WHERE state = 'queued' OR (state = 'claimed' AND claimed_at <= ?)
                             ORDER BY seq LIMIT ? {skip_locked})
            RETURNING sha256, path, agency_id, year, published_on, source_url
            """, [.text(worker), .text(RecordJSON.iso(now)), .text(stale), .integer(Int64(limit))])
        guard !rows.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: rows.count).joined(separator: ",")
        var bytes: [String: [UInt8]] = [:]
        for r in try await sql.rows("SELECT sha256, bytes FROM source_file WHERE sha256 IN (\(marks))", rows.map { $0[0] }) {
            bytes[r[0].string ?? ""] = r[1].bytes ?? []
        }
        return rows.map { r in
            Job(
                sha256: r[0].string ?? "", path: r[1].string ?? "", agencyID: r[2].string, year: r[3].int, publishedOn: r[4].string,
                sourceURL: r[5].string, bytes: bytes[r[0].string ?? ""] ?? [])
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
    public func store(_ outcomes: [Outcome], register: Register) async throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        var statements: [Statement] = []
        let now = RecordJSON.now(), stamp = UUID().uuidString
        for o in outcomes {
            let report = o.report
            let findingsJSON = Self.json(o.findings)
            let counts = FindingCounts(o.findings)
            let fingerprints = Self.fingerprints(o.findings)
            let placed = o.status == .stored
            if placed, let a = o.agencyID, let y = o.year {
                // Versions of one agency's year are numbered one writer at a time.
                statements.append(Statement("SELECT pg_advisory_xact_lock(hashtext(?))", [.text("\(a)|\(y)")], postgresOnly: true))
            }
            let version = placed ? "(SELECT COALESCE(MAX(version), 0) + 1 FROM collected WHERE agency_id = ? AND year = ?)" : "NULL"
            var arguments: [SQLValue] = [
                .text(o.job.sha256), .text(o.job.path), .text(o.status.rawValue), SQLValue(o.reason), SQLValue(o.agencyID), SQLValue(o.year),
            ]
            if placed { arguments += [SQLValue(o.agencyID), SQLValue(o.year)] }
            arguments += [
                SQLValue(o.job.publishedOn), SQLValue(o.job.sourceURL), SQLValue(report?.agency), SQLValue(report?.format?.rawValue),
                SQLValue(report.map(Self.json)), SQLValue(report?.cells.line), .text(findingsJSON), .text("[]"),
                .integer(Int64(counts.errors)), .integer(Int64(counts.warnings)), .integer(Int64(counts.doubts)), .text(fingerprints), .text(now),
            ]
            statements.append(
                Statement(
                    """
                    INSERT INTO collected (sha256, path, status, reason, agency_id, year, version, published_on, source_url, named_agency,
                      format, data, cells, findings, cross_findings, errors, warnings, doubts, fingerprints, collected_at)
                    VALUES (?, ?, ?, ?, ?, ?, \(version), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sha256) DO NOTHING
                    """, arguments))
            if placed, let a = o.agencyID, let y = o.year {
                statements += currentStatements(agencyID: a, year: y)
                statements += dirtyStatements(keys: touchedKeys(agencyID: a, year: y, register: register), stamp: stamp)
            }
            statements.append(Statement("UPDATE collect_job SET state = 'done' WHERE sha256 = ?", [.text(o.job.sha256)]))
        }
        _ = try await sql.transaction(statements)
    }

    func touchedKeys(agencyID: String, year: Int, register: Register) -> [(String, Int)] {
        var keys = [(agencyID, year), (agencyID, year + 1)]
        if let p = register[agencyID]?.parent { keys.append((p, year)) }
        return keys
    }

    func dirtyStatements(keys: [(String, Int)], stamp: String) -> [Statement] {
        keys.map { key in
            Statement(
                "INSERT INTO cross_dirty (agency_id, year, stamp) VALUES (?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET stamp = excluded.stamp",
                [.text(key.0), .integer(Int64(key.1)), .text(stamp)])
        }
    }

    /// Makes the chosen version of an agency's year current, or else the latest.
    func currentStatements(agencyID: String, year: Int) -> [Statement] {
        [
            Statement(
                """
                UPDATE collected SET current = CASE WHEN version = COALESCE(
                    (SELECT c.version FROM current_choice c WHERE c.agency_id = ? AND c.year = ?),
                    (SELECT MAX(x.version) FROM collected x WHERE x.agency_id = ? AND x.year = ? AND x.status = 'stored')) THEN 1 ELSE 0 END
                WHERE agency_id = ? AND year = ? AND status = 'stored'
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

    public func dirtyKeys(limit: Int) async throws(StoreError) -> [DirtyKey] {
        try await sql.rows("SELECT agency_id, year, stamp FROM cross_dirty ORDER BY year, agency_id LIMIT ?", [.integer(Int64(limit))]).map {
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

    static let reportColumns =
        "id, sha256, path, status, reason, agency_id, year, version, current, published_on, source_url, named_agency, data, findings, cross_findings, errors, warnings, doubts, collected_at"

    static func storedReport(_ r: [SQLValue]) throws(StoreError) -> StoredReport {
        StoredReport(
            rowID: r[0].int ?? 0, sha256: r[1].string ?? "", path: r[2].string ?? "", status: r[3].string ?? "", reason: r[4].string,
            agencyID: r[5].string, year: r[6].int, version: r[7].int, current: r[8].int == 1, publishedOn: r[9].string,
            sourceURL: r[10].string, namedAgency: r[11].string,
            report: try r[12].string.map { (s: String) throws(StoreError) in try RecordJSON.decode(CollectedReport.self, s) },
            findings: try RecordJSON.decode([CollectionFinding].self, r[13].string ?? "[]"),
            crossFindings: try RecordJSON.decode([CollectionFinding].self, r[14].string ?? "[]"),
            counts: FindingCounts(errors: r[15].int ?? 0, warnings: r[16].int ?? 0, doubts: r[17].int ?? 0), collectedAt: r[18].string ?? "")
    }

    /// The current reports of the agencies on a year.
    public func currentReports(year: Int, agencyIDs: [String]) async throws(StoreError) -> [String: StoredReport] {
        var out: [String: StoredReport] = [:]
        for chunk in agencyIDs.chunked(500) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for r in try await sql.rows(
                "SELECT \(Self.reportColumns) FROM collected WHERE year = ? AND current = 1 AND agency_id IN (\(marks))",
                [.integer(Int64(year))] + chunk.map(SQLValue.text))
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
    public func saveCross(_ updates: [CrossUpdate], clearing keys: [DirtyKey]) async throws(StoreError) {
        var statements: [Statement] = updates.map { u in
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
        statements += keys.map { k in
            Statement(
                "DELETE FROM cross_dirty WHERE agency_id = ? AND year = ? AND stamp = ?",
                [.text(k.agencyID), .integer(Int64(k.year)), .text(k.stamp)])
        }
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

    /// The current report of every agency on `year`, with its counts and fingerprints.
    public func statusRows(year: Int) async throws(StoreError) -> [StatusRow] {
        let rows = try await sql.rows(
            """
            SELECT c.id, c.agency_id, c.version, (SELECT COUNT(*) FROM collected v WHERE v.agency_id = c.agency_id AND v.year = c.year AND v.status = 'stored'),
              c.errors, c.warnings, c.doubts, c.fingerprints, c.path
            FROM collected c WHERE c.year = ? AND c.current = 1
            """, [.integer(Int64(year))])
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

    /// Stored reports, current ones only unless `allVersions`, filtered by year and agency.
    public func reports(year: Int?, agencyID: String?, allVersions: Bool = false) async throws(StoreError) -> [StoredReport] {
        var conditions = ["status = 'stored'"], arguments: [SQLValue] = []
        if !allVersions { conditions.append("current = 1") }
        if let year {
            conditions.append("year = ?")
            arguments.append(.integer(Int64(year)))
        }
        if let agencyID {
            conditions.append("agency_id = ?")
            arguments.append(.text(agencyID))
        }
        var out: [StoredReport] = []
        for r in try await sql.rows(
            "SELECT \(Self.reportColumns) FROM collected WHERE \(conditions.joined(separator: " AND ")) ORDER BY agency_id, year, version", arguments)
        {
            out.append(try Self.storedReport(r))
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
