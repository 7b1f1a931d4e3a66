import Foundation
import GongkaiModel
import GongkaiRecords
import Logging
import PostgresNIO

/// The shared store: PostgreSQL through PostgresNIO, for offices whose staff share one
/// database. The same schema and the same contract as ``SQLiteStore``; a write is one
/// transaction (rows locked with `FOR UPDATE`), audit entry included.
public final class PostgresStore: RecordStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger = Logger(label: "gongkai.store.postgres")

    /// `postgres://user:password@host:port/database` (TLS off: loopback or a private network).
    public init(url: String) throws(StoreError) {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw .badLocation("\(url) is not postgres://user:password@host:port/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "gongkai.store.postgres.pool"))
        self.client = client
        // The client runs in a task started at once, on this thread up to the first suspension
        // inside `run()`: by then the client counts as running, so the first query never finds
        // it idle (PostgresNIO warns of a lease before `run()`, as it did here on every command).
        if #available(macOS 26, *) {
            runner = Task.immediate { await client.run() }
        } else {
            runner = Task { await client.run() }
        }
    }

    public func close() async { runner.cancel() }

    func run<T>(_ body: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            // An error of ours inside a transaction comes back wrapped, after the rollback.
            if let ours = error.closureError as? StoreError { throw ours }
            throw .database(String(reflecting: error))
        } catch let error as PSQLError {
            throw .database(error.serverInfo?[.message] ?? String(reflecting: error))
        } catch {
            throw .database("\(error)")
        }
    }

    // MARK: Schema

    public func migrate() async throws(StoreError) {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                // One migrator at a time.
                try await c.query("SELECT pg_advisory_xact_lock(7460170)", logger: logger)
                try await c.query("CREATE TABLE IF NOT EXISTS schema_migration (id TEXT PRIMARY KEY)", logger: logger)
                var applied: Set<String> = []
                for try await id in try await c.query("SELECT id FROM schema_migration", logger: logger).decode(String.self) { applied.insert(id) }
                let v1 = "v1: records and audit"
                if !applied.contains(v1) {
                    for sql in Schema.tables(autoincrement: "BIGSERIAL PRIMARY KEY") {
                        try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                    try await c.query(
                        """
                        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
                        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql
                        """, logger: logger)
                    try await c.query(
                        "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
                        logger: logger)
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v1))", logger: logger)
                }
                let v2 = "v2: tracking, staff, sessions"
                if !applied.contains(v2) {
                    for sql in Schema.version2 { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v2))", logger: logger)
                }
                let v3 = "v3: covering indexes"
                if !applied.contains(v3) {
                    // Ids in byte order, as SQLite orders them, with the primary key serving the pages.
                    try await c.query(#"ALTER TABLE application ALTER COLUMN id TYPE TEXT COLLATE "C""#, logger: logger)
                    for sql in Schema.version3 { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v3))", logger: logger)
                }
                let v4 = Schema.version4Name
                if !applied.contains(v4) {
                    for sql in Schema.version4 { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v4))", logger: logger)
                }
                let v5 = Schema.version5Name
                if !applied.contains(v5) {
                    for sql in Schema.version5(serial: "BIGSERIAL PRIMARY KEY", blob: "BYTEA") {
                        try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v5))", logger: logger)
                }
                let v6 = Schema.version6Name
                if !applied.contains(v6) {
                    for sql in Schema.version6 { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                    try await c.query("INSERT INTO schema_migration (id) VALUES (\(v6))", logger: logger)
                }
            }
        }
    }

    // MARK: Writes

    func audit(_ c: PostgresConnection, actor: String, entity: String, id: String, action: String, before: String?, after: String?) async throws {
        try await c.query(
            "INSERT INTO audit (at, actor, entity, entity_id, action, before, after) VALUES (\(RecordJSON.now()), \(actor), \(entity), \(id), \(action), \(before), \(after))",
            logger: logger)
    }

    func upsert(_ c: PostgresConnection, _ row: ApplicationRow) async throws {
        try await c.query(
            """
            INSERT INTO application (id, applicant, received_on, closed_on, outcome, fee_paid_on, fee_yuan, tracking_hash, data)
            VALUES (\(row.id), \(row.applicant), \(row.receivedOn), \(row.closedOn), \(row.outcome), \(row.feePaidOn), \(row.feeYuan),
                    \(row.trackingHash), \(row.data))
            ON CONFLICT (id) DO UPDATE SET applicant = excluded.applicant, received_on = excluded.received_on,
              closed_on = excluded.closed_on, outcome = excluded.outcome, fee_paid_on = excluded.fee_paid_on,
              fee_yuan = excluded.fee_yuan, tracking_hash = excluded.tracking_hash, data = excluded.data
            """,
            logger: logger)
    }

    public func create(_ application: ApplicationCase, by actor: String) async throws(StoreError) {
        try await importCases([application], by: actor)
    }

    /// Many requests at once: rows sent 5,000 at a time as arrays (`unnest`), in one transaction.
    public func importCases(_ applications: [ApplicationCase], by actor: String) async throws(StoreError) {
        let rows = applications.map(ApplicationRow.init)
        let ids = rows.map(\.id)
        guard Set(ids).count == ids.count else { throw .conflict("an id repeated in the import") }
        try await run {
            try await client.withTransaction(logger: logger) { c in
                let at = RecordJSON.now()
                for start in stride(from: 0, to: rows.count, by: 5_000) {
                    let batch = Array(rows[start..<min(rows.count, start + 5_000)])
                    let batchIDs = batch.map(\.id)
                    let existing = try await c.query("SELECT id FROM application WHERE id = ANY(\(batchIDs))", logger: logger).decode(String.self)
                    for try await id in existing { throw StoreError.conflict("application \(id)") }
                    let applicants = batch.map(\.applicant), received = batch.map(\.receivedOn), data = batch.map(\.data)
                    // Nullable columns travel as '' and come back NULL.
                    let closed = batch.map { $0.closedOn ?? "" }, outcomes = batch.map { $0.outcome ?? "" }
                    let feeDays = batch.map { $0.feePaidOn ?? "" }, fees = batch.map { $0.feeYuan ?? -1 }
                    let tracking = batch.map { $0.trackingHash ?? "" }
                    try await c.query(
                        """
                        INSERT INTO application (id, applicant, received_on, closed_on, outcome, fee_paid_on, fee_yuan, tracking_hash, data)
                        SELECT i, a, r, NULLIF(cl, ''), NULLIF(o, ''), NULLIF(fd, ''), NULLIF(f, -1), NULLIF(th, ''), d
                        FROM unnest(\(batchIDs)::text[], \(applicants)::text[], \(received)::text[], \(closed)::text[], \(outcomes)::text[],
                                    \(feeDays)::text[], \(fees)::bigint[], \(tracking)::text[], \(data)::text[]) AS t(i, a, r, cl, o, fd, f, th, d)
                        """,
                        logger: logger)
                    try await c.query(
                        """
                        INSERT INTO audit (at, actor, entity, entity_id, action, after)
                        SELECT \(at), \(actor), 'application', i, 'create', d FROM unnest(\(batchIDs)::text[], \(data)::text[]) AS t(i, d)
                        """,
                        logger: logger)
                }
            }
        }
    }

    /// `VACUUM` runs outside a transaction, table by table (the audit log included: its
    /// entries are read by record).
    public func optimize() async throws(StoreError) {
        try await run {
            for table in ["application", "audit", "proactive_item", "review_case", "year_tally"] {
                _ = try await client.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(table)"), logger: logger)
            }
        }
    }

    public func updateApplication(
        id: String, action: String, by actor: String, _ change: @escaping @Sendable (inout ApplicationCase) throws(CaseError) -> Void
    ) async throws(StoreError) -> ApplicationCase {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var data: String?
                for try await d in try await c.query("SELECT data FROM application WHERE id = \(id) FOR UPDATE", logger: logger).decode(String.self) {
                    data = d
                }
                guard let data else { throw StoreError.notFound("application \(id)") }
                var application = try RecordJSON.decode(ApplicationCase.self, data)
                do throws(CaseError) { try change(&application) } catch { throw StoreError.rejected(error) }
                let row = ApplicationRow(application)
                try await upsert(c, row)
                try await audit(c, actor: actor, entity: "application", id: id, action: action, before: data, after: row.data)
                return application
            }
        }
    }

    public func record<Record: KeyedRecord>(_ type: Record.Type, id: String) async throws(StoreError) -> Record? {
        var bindings = PostgresBindings()
        bindings.append(id)
        guard let data = try await strings(PostgresQuery(unsafeSQL: "SELECT data FROM \(Record.table) WHERE id = $1", binds: bindings)).first else {
            return nil
        }
        return try RecordJSON.decode(type, data)
    }

    public func insert<Record: KeyedRecord>(_ record: Record, by actor: String) async throws(StoreError) {
        let id = record.id, data = RecordJSON.encode(record)
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var bindings = PostgresBindings()
                bindings.append(id)
                bindings.append(data)
                // The key decides: of two inserts of one id at once, the second inserts nothing.
                var inserted = 0
                let insert = PostgresQuery(
                    unsafeSQL: "INSERT INTO \(Record.table) (id, data) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING 1", binds: bindings)
                for try await _ in try await c.query(insert, logger: logger).decode(Int.self) { inserted += 1 }
                guard inserted == 1 else { throw StoreError.conflict("\(Record.table) \(id)") }
                try await audit(c, actor: actor, entity: Record.table, id: id, action: "create", before: nil, after: data)
            }
        }
    }

    public func update<Record: KeyedRecord>(
        _ type: Record.Type, id: String, action: String, by actor: String,
        _ change: @escaping @Sendable (inout Record) throws(CaseError) -> Void
    ) async throws(StoreError) -> Record {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var bindings = PostgresBindings()
                bindings.append(id)
                var data: String?
                let select = PostgresQuery(unsafeSQL: "SELECT data FROM \(Record.table) WHERE id = $1 FOR UPDATE", binds: bindings)
                for try await d in try await c.query(select, logger: logger).decode(String.self) { data = d }
                guard let data else { throw StoreError.notFound("\(Record.table) \(id)") }
                var record = try RecordJSON.decode(type, data)
                do throws(CaseError) { try change(&record) } catch { throw StoreError.rejected(error) }
                let after = RecordJSON.encode(record)
                var update = PostgresBindings()
                update.append(after)
                update.append(id)
                try await c.query(PostgresQuery(unsafeSQL: "UPDATE \(Record.table) SET data = $1 WHERE id = $2", binds: update), logger: logger)
                try await audit(c, actor: actor, entity: Record.table, id: id, action: action, before: data, after: after)
                return record
            }
        }
    }

    func save(table: String, key: String, id: String, entity: String, data: String, actor: String, integerKey: Bool = false) async throws(StoreError)
    {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var bindings = PostgresBindings()
                bindings.append(id)
                let keyExpression = integerKey ? "$1::bigint" : "$1"
                var before: String?
                let select = PostgresQuery(unsafeSQL: "SELECT data FROM \(table) WHERE \(key) = \(keyExpression) FOR UPDATE", binds: bindings)
                for try await d in try await c.query(select, logger: logger).decode(String.self) { before = d }
                bindings.append(data)
                try await c.query(
                    PostgresQuery(
                        unsafeSQL:
                            "INSERT INTO \(table) (\(key), data) VALUES (\(keyExpression), $2) ON CONFLICT (\(key)) DO UPDATE SET data = excluded.data",
                        binds: bindings),
                    logger: logger)
                try await audit(c, actor: actor, entity: entity, id: id, action: before == nil ? "create" : "update", before: before, after: data)
            }
        }
    }

    public func save(_ item: ProactiveItem, by actor: String) async throws(StoreError) {
        try await save(table: ProactiveItem.table, key: "id", id: item.id, entity: ProactiveItem.table, data: RecordJSON.encode(item), actor: actor)
    }

    public func save(_ review: ReviewCase, by actor: String) async throws(StoreError) {
        try await save(table: ReviewCase.table, key: "id", id: review.id, entity: ReviewCase.table, data: RecordJSON.encode(review), actor: actor)
    }

    public func save(_ tally: YearTally, by actor: String) async throws(StoreError) {
        try await save(
            table: YearTally.table, key: "year", id: String(tally.year), entity: YearTally.table, data: RecordJSON.encode(tally), actor: actor,
            integerKey: true)
    }

    // MARK: Reads

    func strings(_ query: PostgresQuery) async throws(StoreError) -> [String] {
        try await run {
            var out: [String] = []
            for try await s in try await client.query(query, logger: logger).decode(String.self) { out.append(s) }
            return out
        }
    }

    public func application(id: String) async throws(StoreError) -> ApplicationCase? {
        guard let data = try await strings("SELECT data FROM application WHERE id = \(id)").first else { return nil }
        return try RecordJSON.decode(ApplicationCase.self, data)
    }

    public func application(trackingHash: String) async throws(StoreError) -> ApplicationCase? {
        guard let data = try await strings("SELECT data FROM application WHERE tracking_hash = \(trackingHash)").first else { return nil }
        return try RecordJSON.decode(ApplicationCase.self, data)
    }

    public func create(_ member: StaffMember, by actor: String) async throws(StoreError) {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                for try await _ in try await c.query("SELECT 1 FROM staff WHERE name = \(member.name)", logger: logger).decode(Int.self) {
                    throw StoreError.conflict("staff member \(member.name)")
                }
                try await c.query("INSERT INTO staff (name, data) VALUES (\(member.name), \(RecordJSON.encode(member)))", logger: logger)
                try await audit(
                    c, actor: actor, entity: "staff", id: member.name, action: "create", before: nil, after: #"{"role":"\#(member.role.rawValue)"}"#)
            }
        }
    }

    public func staffMember(name: String) async throws(StoreError) -> StaffMember? {
        guard let data = try await strings("SELECT data FROM staff WHERE name = \(name)").first else { return nil }
        return try RecordJSON.decode(StaffMember.self, data)
    }

    public func staffCount() async throws(StoreError) -> Int {
        try await run {
            var n = 0
            for try await c in try await client.query("SELECT COUNT(*)::bigint FROM staff", logger: logger).decode(Int.self) { n = c }
            return n
        }
    }

    public func createSession(tokenHash: String, name: String, expiresAt: String) async throws(StoreError) {
        _ = try await run {
            try await client.query("INSERT INTO session (token_hash, name, expires_at) VALUES (\(tokenHash), \(name), \(expiresAt))", logger: logger)
        }
    }

    public func session(tokenHash: String) async throws(StoreError) -> (name: String, expiresAt: String)? {
        try await run {
            var out: (name: String, expiresAt: String)?
            for try await (n, e) in try await client.query("SELECT name, expires_at FROM session WHERE token_hash = \(tokenHash)", logger: logger)
                .decode((String, String).self)
            { out = (n, e) }
            return out
        }
    }

    public func deleteSession(tokenHash: String) async throws(StoreError) {
        _ = try await run { try await client.query("DELETE FROM session WHERE token_hash = \(tokenHash)", logger: logger) }
    }

    /// A staff member's row, read and locked inside a transaction; `notFound` when there is none.
    func lockedStaffMember(_ c: PostgresConnection, name: String) async throws -> StaffMember {
        var data: String?
        for try await d in try await c.query("SELECT data FROM staff WHERE name = \(name) FOR UPDATE", logger: logger).decode(String.self) {
            data = d
        }
        guard let data else { throw StoreError.notFound("staff member \(name)") }
        return try RecordJSON.decode(StaffMember.self, data)
    }

    public func changePassword(name: String, passwordHash: String, by actor: String) async throws(StoreError) {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var member = try await lockedStaffMember(c, name: name)
                member.passwordHash = passwordHash
                try await c.query("UPDATE staff SET data = \(RecordJSON.encode(member)) WHERE name = \(name)", logger: logger)
                try await c.query("DELETE FROM session WHERE name = \(name)", logger: logger)
                try await audit(c, actor: actor, entity: "staff", id: name, action: "password", before: nil, after: nil)
            }
        }
    }

    public func removeStaff(name: String, by actor: String) async throws(StoreError) {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                let member = try await lockedStaffMember(c, name: name)
                try await c.query("DELETE FROM session WHERE name = \(name)", logger: logger)
                try await c.query("DELETE FROM staff WHERE name = \(name)", logger: logger)
                try await audit(
                    c, actor: actor, entity: "staff", id: name, action: "remove", before: #"{"role":"\#(member.role.rawValue)"}"#, after: nil)
            }
        }
    }

    public func appendAudit(actor: String, entity: String, entityID: String, action: String) async throws(StoreError) {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                try await audit(c, actor: actor, entity: entity, id: entityID, action: action, before: nil, after: nil)
            }
        }
    }

    public func applications(after cursor: String?, limit: Int) async throws(StoreError) -> [ApplicationCase] {
        var out: [ApplicationCase] = []
        // The id column is COLLATE "C" (migration v3): byte order, as in SQLite, by the primary key.
        for data in try await strings("SELECT data FROM application WHERE id > \(cursor ?? "") ORDER BY id LIMIT \(limit)") {
            out.append(try RecordJSON.decode(ApplicationCase.self, data))
        }
        return out
    }

    public func all<Record: StoredRecord>(_ type: Record.Type) async throws(StoreError) -> [Record] {
        var out: [Record] = []
        for data in try await strings(PostgresQuery(unsafeSQL: "SELECT data FROM \(Record.table) ORDER BY 1")) {
            out.append(try RecordJSON.decode(type, data))
        }
        return out
    }

    public func applicationCounts(year: Int) async throws(StoreError) -> ApplicationCounts {
        let first = ReportDate(year: year, month: 1, day: 1).description, last = ReportDate(year: year, month: 12, day: 31).description
        let rows: [(String?, String, Int)] = try await run {
            var rows: [(String?, String, Int)] = []
            for query in Schema.countQueries {
                let sql = query.sql.replacingOccurrences(of: "?1", with: "$1").replacingOccurrences(of: "?2", with: "$2")
                var binds = PostgresBindings()
                binds.append(first)
                if sql.contains("$2") { binds.append(last) }
                let result = try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                if let row = query.row {
                    for try await (applicant, count) in result.decode((String, Int).self) { rows.append((row, applicant, count)) }
                } else {
                    for try await (applicant, outcome, count) in result.decode((String, String, Int).self) {
                        rows.append((outcome, applicant, count))
                    }
                }
            }
            return rows
        }
        return try ApplicationCounts(grouped: rows)
    }

    public func feesPaid(year: Int) async throws(StoreError) -> Int {
        let first = ReportDate(year: year, month: 1, day: 1).description, last = ReportDate(year: year, month: 12, day: 31).description
        return try await run {
            var total = 0
            let rows = try await client.query(
                "SELECT COALESCE(SUM(fee_yuan), 0)::bigint FROM application WHERE fee_paid_on >= \(first) AND fee_paid_on <= \(last)", logger: logger)
            for try await n in rows.decode(Int.self) { total = n }
            return total
        }
    }

    public func auditLog(entityID: String?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await run {
            let query: PostgresQuery =
                entityID.map {
                    "SELECT seq, at, actor, entity, entity_id, action, before, after FROM audit WHERE entity_id = \($0) ORDER BY seq LIMIT \(limit)"
                }
                ?? "SELECT seq, at, actor, entity, entity_id, action, before, after FROM audit ORDER BY seq LIMIT \(limit)"
            var out: [AuditEntry] = []
            for try await (seq, at, actor, entity, id, action, before, after) in try await client.query(query, logger: logger)
                .decode((Int64, String, String, String, String, String, String?, String?).self)
            {
                out.append(
                    AuditEntry(sequence: seq, at: at, actor: actor, entity: entity, entityID: id, action: action, before: before, after: after))
            }
            return out
        }
    }
}
