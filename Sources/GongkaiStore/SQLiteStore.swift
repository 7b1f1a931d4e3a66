import Foundation
import GRDB
import GongkaiModel
import GongkaiRecords

/// The embedded store: one SQLite file in WAL mode through GRDB. A write is one transaction,
/// committed to the file before the call returns, so a killed process loses nothing it was told
/// was stored.
public final class SQLiteStore: RecordStore {
    let pool: DatabasePool

    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL with full sync: a committed transaction survives the process being killed.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .badLocation("cannot open SQLite database \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records and audit") { db in
            for sql in Schema.tables(autoincrement: "INTEGER PRIMARY KEY AUTOINCREMENT") { try db.execute(sql: sql) }
            for action in ["UPDATE", "DELETE"] {
                try db.execute(
                    sql: """
                        CREATE TRIGGER audit_no_\(action.lowercased()) BEFORE \(action) ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                        """)
            }
        }
        migrator.registerMigration("v2: tracking, staff, sessions") { db in
            for sql in Schema.version2 { try db.execute(sql: sql) }
        }
        migrator.registerMigration("v3: covering indexes") { db in
            for sql in Schema.version3 { try db.execute(sql: sql) }
        }
        migrator.registerMigration(Schema.version4Name) { db in
            for sql in Schema.version4 { try db.execute(sql: sql) }
        }
        migrator.registerMigration(Schema.version5Name) { db in
            for sql in Schema.version5(serial: "INTEGER PRIMARY KEY AUTOINCREMENT", blob: "BLOB") { try db.execute(sql: sql) }
        }
        migrator.registerMigration(Schema.version6Name) { db in
            for sql in Schema.version6 { try db.execute(sql: sql) }
        }
        return migrator
    }

    public func migrate() async throws(StoreError) {
        do { try Self.migrator.migrate(pool) } catch { throw .database("migration failed: \(error)") }
    }

    public func close() async { try? pool.close() }

    // MARK: Writes

    /// Runs a write transaction; store errors thrown inside come out as they are.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    static func audit(_ db: Database, actor: String, entity: String, id: String, action: String, before: String?, after: String?) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [RecordJSON.now(), actor, entity, id, action, before, after])
    }

    static func upsert(_ db: Database, _ row: ApplicationRow) throws {
        try db.execute(
            sql: """
                INSERT INTO application (id, applicant, received_on, closed_on, outcome, fee_paid_on, fee_yuan, tracking_hash, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET applicant = excluded.applicant, received_on = excluded.received_on,
                  closed_on = excluded.closed_on, outcome = excluded.outcome, fee_paid_on = excluded.fee_paid_on,
                  fee_yuan = excluded.fee_yuan, tracking_hash = excluded.tracking_hash, data = excluded.data
                """,
            arguments: [row.id, row.applicant, row.receivedOn, row.closedOn, row.outcome, row.feePaidOn, row.feeYuan, row.trackingHash, row.data])
    }

    public func create(_ application: ApplicationCase, by actor: String) async throws(StoreError) {
        try await importCases([application], by: actor)
    }

    public func importCases(_ applications: [ApplicationCase], by actor: String) async throws(StoreError) {
        try await write { db in
            for c in applications {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM application WHERE id = ?", arguments: [c.id]) == true {
                    throw StoreError.conflict("application \(c.id)")
                }
                let row = ApplicationRow(c)
                try Self.upsert(db, row)
                try Self.audit(db, actor: actor, entity: "application", id: c.id, action: "create", before: nil, after: row.data)
            }
        }
    }

    /// A full `ANALYZE` (about a second on a million requests). Not a sampled one: statistics from
    /// `analysis_limit = 1000` led the planner away from the covering indexes and made the
    /// year's tables 2.3 times slower on a million requests.
    public func optimize() async throws(StoreError) {
        try await write { db in try db.execute(sql: "ANALYZE") }
    }

    public func updateApplication(
        id: String, action: String, by actor: String, _ change: @escaping @Sendable (inout ApplicationCase) throws(CaseError) -> Void
    ) async throws(StoreError) -> ApplicationCase {
        try await write { db in
            guard let data = try String.fetchOne(db, sql: "SELECT data FROM application WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("application \(id)")
            }
            var c = try RecordJSON.decode(ApplicationCase.self, data)
            do throws(CaseError) { try change(&c) } catch { throw StoreError.rejected(error) }
            let row = ApplicationRow(c)
            try Self.upsert(db, row)
            try Self.audit(db, actor: actor, entity: "application", id: id, action: action, before: data, after: row.data)
            return c
        }
    }

    public func record<Record: KeyedRecord>(_ type: Record.Type, id: String) async throws(StoreError) -> Record? {
        let data = try await read { db in try String.fetchOne(db, sql: "SELECT data FROM \(Record.table) WHERE id = ?", arguments: [id]) }
        guard let data else { return nil }
        return try RecordJSON.decode(type, data)
    }

    public func insert<Record: KeyedRecord>(_ record: Record, by actor: String) async throws(StoreError) {
        let id = record.id, data = RecordJSON.encode(record)
        try await write { db in
            guard try String.fetchOne(db, sql: "SELECT id FROM \(Record.table) WHERE id = ?", arguments: [id]) == nil else {
                throw StoreError.conflict("\(Record.table) \(id)")
            }
            try db.execute(sql: "INSERT INTO \(Record.table) (id, data) VALUES (?, ?)", arguments: [id, data])
            try Self.audit(db, actor: actor, entity: Record.table, id: id, action: "create", before: nil, after: data)
        }
    }

    public func update<Record: KeyedRecord>(
        _ type: Record.Type, id: String, action: String, by actor: String,
        _ change: @escaping @Sendable (inout Record) throws(CaseError) -> Void
    ) async throws(StoreError) -> Record {
        try await write { db in
            guard let data = try String.fetchOne(db, sql: "SELECT data FROM \(Record.table) WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("\(Record.table) \(id)")
            }
            var record = try RecordJSON.decode(type, data)
            do throws(CaseError) { try change(&record) } catch { throw StoreError.rejected(error) }
            let after = RecordJSON.encode(record)
            try db.execute(sql: "UPDATE \(Record.table) SET data = ? WHERE id = ?", arguments: [after, id])
            try Self.audit(db, actor: actor, entity: Record.table, id: id, action: action, before: data, after: after)
            return record
        }
    }

    func save(
        table: String, key: String, id: DatabaseValueConvertible & Sendable, entity: String, entityID: String, data: String, actor: String
    ) async throws(StoreError) {
        try await write { db in
            let before = try String.fetchOne(db, sql: "SELECT data FROM \(table) WHERE \(key) = ?", arguments: [id])
            try db.execute(
                sql: "INSERT INTO \(table) (\(key), data) VALUES (?, ?) ON CONFLICT (\(key)) DO UPDATE SET data = excluded.data",
                arguments: [id, data])
            try Self.audit(db, actor: actor, entity: entity, id: entityID, action: before == nil ? "create" : "update", before: before, after: data)
        }
    }

    public func save(_ item: ProactiveItem, by actor: String) async throws(StoreError) {
        try await save(
            table: ProactiveItem.table, key: "id", id: item.id, entity: ProactiveItem.table, entityID: item.id, data: RecordJSON.encode(item),
            actor: actor)
    }

    public func save(_ review: ReviewCase, by actor: String) async throws(StoreError) {
        try await save(
            table: ReviewCase.table, key: "id", id: review.id, entity: ReviewCase.table, entityID: review.id, data: RecordJSON.encode(review),
            actor: actor)
    }

    public func save(_ tally: YearTally, by actor: String) async throws(StoreError) {
        try await save(
            table: YearTally.table, key: "year", id: tally.year, entity: YearTally.table, entityID: String(tally.year),
            data: RecordJSON.encode(tally), actor: actor)
    }

    // MARK: Reads

    public func application(id: String) async throws(StoreError) -> ApplicationCase? {
        let data = try await read { db in try String.fetchOne(db, sql: "SELECT data FROM application WHERE id = ?", arguments: [id]) }
        guard let data else { return nil }
        return try RecordJSON.decode(ApplicationCase.self, data)
    }

    public func application(trackingHash: String) async throws(StoreError) -> ApplicationCase? {
        let data = try await read { db in
            try String.fetchOne(db, sql: "SELECT data FROM application WHERE tracking_hash = ?", arguments: [trackingHash])
        }
        guard let data else { return nil }
        return try RecordJSON.decode(ApplicationCase.self, data)
    }

    public func create(_ member: StaffMember, by actor: String) async throws(StoreError) {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE name = ?", arguments: [member.name]) == true {
                throw StoreError.conflict("staff member \(member.name)")
            }
            let data = RecordJSON.encode(member)
            try db.execute(sql: "INSERT INTO staff (name, data) VALUES (?, ?)", arguments: [member.name, data])
            // The audit keeps the role, not the password hash.
            try Self.audit(
                db, actor: actor, entity: "staff", id: member.name, action: "create", before: nil, after: #"{"role":"\#(member.role.rawValue)"}"#)
        }
    }

    public func staffMember(name: String) async throws(StoreError) -> StaffMember? {
        let data = try await read { db in try String.fetchOne(db, sql: "SELECT data FROM staff WHERE name = ?", arguments: [name]) }
        guard let data else { return nil }
        return try RecordJSON.decode(StaffMember.self, data)
    }

    public func staffCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM staff") ?? 0 }
    }

    public func createSession(tokenHash: String, name: String, expiresAt: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "INSERT INTO session (token_hash, name, expires_at) VALUES (?, ?, ?)", arguments: [tokenHash, name, expiresAt])
        }
    }

    public func session(tokenHash: String) async throws(StoreError) -> (name: String, expiresAt: String)? {
        let row = try await read { db in
            try Row.fetchOne(db, sql: "SELECT name, expires_at FROM session WHERE token_hash = ?", arguments: [tokenHash]).map {
                ($0[0] as String, $0[1] as String)
            }
        }
        return row.map { (name: $0.0, expiresAt: $0.1) }
    }

    public func deleteSession(tokenHash: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// A staff member's row in a transaction; `notFound` when there is none.
    static func staffMember(_ db: Database, name: String) throws -> StaffMember {
        guard let data = try String.fetchOne(db, sql: "SELECT data FROM staff WHERE name = ?", arguments: [name]) else {
            throw StoreError.notFound("staff member \(name)")
        }
        return try RecordJSON.decode(StaffMember.self, data)
    }

    public func changePassword(name: String, passwordHash: String, by actor: String) async throws(StoreError) {
        try await write { db in
            var member = try Self.staffMember(db, name: name)
            member.passwordHash = passwordHash
            try db.execute(sql: "UPDATE staff SET data = ? WHERE name = ?", arguments: [RecordJSON.encode(member), name])
            try db.execute(sql: "DELETE FROM session WHERE name = ?", arguments: [name])
            try Self.audit(db, actor: actor, entity: "staff", id: name, action: "password", before: nil, after: nil)
        }
    }

    public func removeStaff(name: String, by actor: String) async throws(StoreError) {
        try await write { db in
            let member = try Self.staffMember(db, name: name)
            try db.execute(sql: "DELETE FROM session WHERE name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM staff WHERE name = ?", arguments: [name])
            try Self.audit(db, actor: actor, entity: "staff", id: name, action: "remove", before: #"{"role":"\#(member.role.rawValue)"}"#, after: nil)
        }
    }

    public func appendAudit(actor: String, entity: String, entityID: String, action: String) async throws(StoreError) {
        try await write { db in try Self.audit(db, actor: actor, entity: entity, id: entityID, action: action, before: nil, after: nil) }
    }

    public func applications(after cursor: String?, limit: Int) async throws(StoreError) -> [ApplicationCase] {
        let rows = try await read { db in
            try String.fetchAll(db, sql: "SELECT data FROM application WHERE id > ? ORDER BY id LIMIT ?", arguments: [cursor ?? "", limit])
        }
        var out: [ApplicationCase] = []
        for data in rows { out.append(try RecordJSON.decode(ApplicationCase.self, data)) }
        return out
    }

    public func all<Record: StoredRecord>(_ type: Record.Type) async throws(StoreError) -> [Record] {
        let rows = try await read { db in try String.fetchAll(db, sql: "SELECT data FROM \(Record.table) ORDER BY 1") }
        var out: [Record] = []
        for data in rows { out.append(try RecordJSON.decode(type, data)) }
        return out
    }

    public func applicationCounts(year: Int) async throws(StoreError) -> ApplicationCounts {
        let first = ReportDate(year: year, month: 1, day: 1).description, last = ReportDate(year: year, month: 12, day: 31).description
        let rows = try await read { db in
            try Schema.countQueries.map { query in
                try Row.fetchAll(db, sql: query.sql, arguments: query.sql.contains("?2") ? [first, last] : [first]).map {
                    row -> (String?, String, Int) in
                    query.row == nil ? (row[1] as String, row[0] as String, row[2] as Int) : (query.row, row[0] as String, row[1] as Int)
                }
            }
        }
        return try ApplicationCounts(grouped: rows.flatMap { $0 })
    }

    public func feesPaid(year: Int) async throws(StoreError) -> Int {
        let first = ReportDate(year: year, month: 1, day: 1).description, last = ReportDate(year: year, month: 12, day: 31).description
        return try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT COALESCE(SUM(fee_yuan), 0) FROM application WHERE fee_paid_on >= ? AND fee_paid_on <= ?", arguments: [first, last])
                ?? 0
        }
    }

    public func auditLog(entityID: String?, limit: Int) async throws(StoreError) -> [AuditEntry] {
        try await read { db in
            let rows =
                entityID.map { id in
                    (sql: "SELECT * FROM audit WHERE entity_id = ? ORDER BY seq LIMIT ?", arguments: [id, limit] as StatementArguments)
                } ?? (sql: "SELECT * FROM audit ORDER BY seq LIMIT ?", arguments: [limit])
            return try Row.fetchAll(db, sql: rows.sql, arguments: rows.arguments).map { r in
                AuditEntry(
                    sequence: r["seq"], at: r["at"], actor: r["actor"], entity: r["entity"], entityID: r["entity_id"], action: r["action"],
                    before: r["before"], after: r["after"])
            }
        }
    }
}

extension ApplicationCounts {
    /// Counts from grouped rows (row key or outcome, applicant kind, count) as the databases give them.
    init(grouped rows: [(row: String?, applicant: String, count: Int)]) throws(StoreError) {
        self.init()
        for (row, applicant, count) in rows {
            guard let row, let kind = ApplicantKind(rawValue: applicant) else {
                throw StoreError.database("a stored application has applicant \(applicant)")
            }
            add(count, row: row, kind)
            if Outcome(rowKey: row) != nil { add(count, row: "total", kind) }
        }
    }
}
