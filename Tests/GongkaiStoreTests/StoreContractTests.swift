import Foundation
import GRDB
import GongkaiModel
import GongkaiRecords
import Testing

@testable import GongkaiStore

func day(_ text: String) -> ReportDate { ReportDate(iso: text)! }

/// The stores under test: SQLite always; PostgreSQL when GONGKAI_TEST_POSTGRES_URL names a
/// database (`.ci/run` starts one on loopback and sets it).
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["GONGKAI_TEST_POSTGRES_URL"]
    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh, empty store.
    func open() async throws -> any RecordStore {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try await Stores.open(dir.appendingPathComponent("office.sqlite").path)
        case .postgres:
            let store = try await Stores.open(Self.postgresURL!)
            // Each test starts from empty tables (the audit log's guard lifted for the reset only).
            let pg = store as! PostgresStore
            try await pg.client.withTransaction(logger: pg.logger) { c in
                try await c.query("ALTER TABLE audit DISABLE TRIGGER audit_no_change", logger: pg.logger)
                try await c.query(
                    "TRUNCATE application, proactive_item, review_case, year_tally, staff, session, audit RESTART IDENTITY", logger: pg.logger)
                try await c.query("ALTER TABLE audit ENABLE TRIGGER audit_no_change", logger: pg.logger)
            }
            return store
        }
    }
}

/// The PostgreSQL tests share one database: they run one at a time.
@Suite(.serialized) struct StoreContractTests {
    func newCase(_ id: String, _ received: String = "2025-01-20", applicant: ApplicantKind = .natural) -> ApplicationCase {
        ApplicationCase(id: id, applicant: applicant, channel: .online, request: "请求公开某文件", receivedOn: day(received))
    }

    /// A fresh store holding the requests of a synthetic history from `from` to 2025.
    func openWithHistory(_ backend: Backend, seed: UInt64, from: Int, applications: Int) async throws -> (any RecordStore, OfficeRecords) {
        let store = try await backend.open()
        do {
            let records = try SyntheticHistory.make(seed: seed, from: from, through: 2025, applications: applications)
            try await store.importCases(records.applications, by: "import")
            return (store, records)
        } catch {
            await store.close()
            throw error
        }
    }

    @Test func postgresIsTestedInCI() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Backend.postgresURL != nil, "CI must set GONGKAI_TEST_POSTGRES_URL (.ci/run starts PostgreSQL)")
        }
    }

    @Test(arguments: Backend.available)
    func aCaseIsStoredEventByEventWithItsAuditTrail(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        try await store.create(newCase("2025-0001"), by: "经办人:张三")
        await #expect(throws: StoreError.conflict("application 2025-0001")) { try await store.create(newCase("2025-0001"), by: "经办人:张三") }
        let after = try await store.record(.decided(on: day("2025-02-10"), outcome: .granted, basis: "第三十六条第二项"), on: "2025-0001", by: "审核人:李四")
        #expect(after.closing?.outcome == .granted)
        #expect(try await store.application(id: "2025-0001") == after)
        let log = try await store.auditLog(entityID: "2025-0001", limit: 10)
        #expect(log.map(\.action) == ["create", "event"])
        #expect(log.map(\.actor) == ["经办人:张三", "审核人:李四"])
        #expect(log[1].before?.contains("\"events\":[]") == true && log[1].after?.contains("decided") == true)
        #expect(log[0].sequence < log[1].sequence && log[0].at <= log[1].at)
    }

    @Test(arguments: Backend.available)
    func aRefusedEventStoresNothing(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        try await store.create(newCase("X"), by: "a")
        await #expect(throws: StoreError.rejected(.outOfOrder(event: "decided", date: day("2025-01-01"), after: day("2025-01-20")))) {
            try await store.record(.decided(on: day("2025-01-01"), outcome: .granted, basis: "b"), on: "X", by: "a")
        }
        await #expect(throws: StoreError.notFound("application Y")) { try await store.record(.withdrawn(on: day("2025-02-01")), on: "Y", by: "a") }
        #expect(try await store.application(id: "X")?.events.isEmpty == true)
        #expect(try await store.auditLog(entityID: nil, limit: 100).count == 1)
    }

    @Test(arguments: Backend.available)
    func pagesFollowTheIdsWithoutGapsOrRepeats(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        let ids = (1...250).map { String(format: "2025-%04d", $0) }
        try await store.importCases(ids.shuffled().map { newCase($0) }, by: "import")
        var seen: [String] = []
        var cursor: String?
        while true {
            let page = try await store.applications(after: cursor, limit: 100)
            if page.isEmpty { break }
            seen += page.map(\.id)
            cursor = page.last?.id
        }
        #expect(seen == ids)
        await #expect(throws: StoreError.self) { try await store.importCases([newCase("2025-0001"), newCase("NEW")], by: "import") }
        #expect(try await store.application(id: "NEW") == nil)
    }

    @Test(arguments: Backend.available)
    func theDatabaseCountsTable3AsTheRecordsDo(_ backend: Backend) async throws {
        let (store, records) = try await openWithHistory(backend, seed: 11, from: 2023, applications: 600)
        defer { Task { await store.close() } }
        for item in records.items { try await store.save(item, by: "import") }
        for review in records.reviews { try await store.save(review, by: "import") }
        for tally in records.tallies { try await store.save(tally, by: "import") }
        for year in 2023...2025 {
            #expect(try await store.applicationCounts(year: year) == ApplicationCounts(records.applications, year: year))
            let fromStore = try await store.yearReport(year: year, agency: records.agency)
            let inMemory = try YearReport.make(year: year, records: records)
            let differing = Set(fromStore.cells.keys).union(inMemory.cells.keys).filter { fromStore.cells[$0] != inMemory.cells[$0] }
            #expect(
                differing.isEmpty,
                "\(year): \(differing.sorted { $0.rawValue < $1.rawValue }.prefix(4).map { "\($0): \(fromStore.cells[$0].map { "\($0.value)" } ?? "-") vs \(inMemory.cells[$0].map { "\($0.value)" } ?? "-")" })"
            )
            #expect(fromStore.sections == inMemory.sections, "\(year)")
        }
    }

    /// After a bulk import the database's upkeep is done at once (`office load` asks for it):
    /// PostgreSQL vacuums and analyzes, SQLite gathers statistics, and nothing the store
    /// answers changes.
    @Test(arguments: Backend.available)
    func upkeepIsDoneAfterAnImport(_ backend: Backend) async throws {
        let (store, _) = try await openWithHistory(backend, seed: 5, from: 2024, applications: 400)
        defer { Task { await store.close() } }
        let counts = try await store.applicationCounts(year: 2024)
        /// How many times the application table was vacuumed and analyzed (PostgreSQL), or how
        /// many statistics rows SQLite holds for it.
        func upkeep() async throws -> [Int] {
            switch store {
            case let sqlite as SQLiteStore:
                return try await sqlite.pool.read { db in
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'") == true else { return [0] }
                    return [try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'application'") ?? 0]
                }
            case let pg as PostgresStore:
                let rows = try await pg.client.query(
                    "SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relname = 'application'", logger: pg.logger)
                for try await (vacuums, analyzes) in rows.decode((Int, Int).self) { return [vacuums, analyzes] }
                return [0, 0]
            default:
                Issue.record("unknown store \(type(of: store))")
                return []
            }
        }
        let before = try await upkeep()
        try await store.optimize()
        let after = try await upkeep()
        #expect(after.count == before.count && zip(after, before).allSatisfy { $0 > $1 }, "\(before) → \(after)")
        #expect(try await store.applicationCounts(year: 2024) == counts)
    }

    @Test(arguments: Backend.available)
    func registersAreSavedAndUpdatedWithTheirAudit(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        var tally = YearTally(year: 2025)
        tally.licensingDecisions = 5
        try await store.save(tally, by: "a")
        tally.licensingDecisions = 7
        try await store.save(tally, by: "b")
        #expect(try await store.tallies() == [tally])
        var review = ReviewCase(id: "R1", route: .review, applicationCaseID: "X", filedOn: day("2025-03-01"))
        try await store.save(review, by: "a")
        try review.decide(.corrected, on: day("2025-06-01"), text: "责令重新答复")
        try await store.save(review, by: "a")
        #expect(try await store.reviews() == [review])
        let log = try await store.auditLog(entityID: nil, limit: 10)
        #expect(log.map(\.action) == ["create", "update", "create", "update"])
        #expect(log[1].before?.contains("\"licensingDecisions\":5") == true)
    }

    @Test(arguments: Backend.available)
    func theAuditLogCannotBeChanged(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        try await store.create(newCase("A"), by: "a")
        switch backend {
        case .sqlite:
            let sqlite = store as! SQLiteStore
            #expect(throws: (any Error).self) { try sqlite.pool.write { try $0.execute(sql: "UPDATE audit SET actor = 'x'") } }
            #expect(throws: (any Error).self) { try sqlite.pool.write { try $0.execute(sql: "DELETE FROM audit") } }
        case .postgres:
            let pg = store as! PostgresStore
            await #expect(throws: (any Error).self) { try await pg.client.query("UPDATE audit SET actor = 'x'") }
            await #expect(throws: (any Error).self) { try await pg.client.query("DELETE FROM audit") }
        }
        #expect(try await store.auditLog(entityID: nil, limit: 10).map(\.actor) == ["a"])
    }

    @Test(arguments: Backend.available)
    func migratingTwiceChangesNothing(_ backend: Backend) async throws {
        let store = try await backend.open()
        defer { Task { await store.close() } }
        try await store.create(newCase("A"), by: "a")
        try await store.migrate()
        #expect(try await store.application(id: "A") != nil)
    }

    /// A read-change-save of a request or a register entry is one transaction with its audit
    /// entry; a refused change stores nothing; an id is inserted once.
    @Test(arguments: Backend.available)
    func changesAreOneTransaction(_ backend: Backend) async throws {
        let store = try await backend.open()
        try await store.create(newCase("A"), by: "a")
        await #expect(throws: StoreError.self) {
            _ = try await store.updateApplication(id: "A", action: "event", by: "b") { c throws(CaseError) in
                try c.record(.withdrawn(on: day("2025-01-25")))
                throw .invalid(field: "x", "refused after the change")
            }
        }
        #expect(try await store.application(id: "A")?.events.isEmpty == true)
        let changed = try await store.updateApplication(id: "A", action: "event", by: "b") { c throws(CaseError) in
            try c.record(.withdrawn(on: day("2025-01-25")))
        }
        #expect(changed.closing != nil)

        let item = ProactiveItem(id: "P1", title: "某办法", category: .regulations, formedOn: day("2025-05-06"), documentKind: .rule)
        try await store.insert(item, by: "a")
        await #expect(throws: StoreError.conflict("proactive_item P1")) { try await store.insert(item, by: "a") }
        // Approvals at once: each in its own transaction, none lost.
        async let first = store.update(ProactiveItem.self, id: "P1", action: "approve", by: "x") { i throws(CaseError) in
            try i.approve(by: "张三", on: day("2025-05-07"), chain: .standard)
        }
        async let second = store.update(ProactiveItem.self, id: "P1", action: "approve", by: "y") { i throws(CaseError) in
            try i.approve(by: "李四", on: day("2025-05-07"), chain: .standard)
        }
        _ = try await (first, second)
        #expect(try await store.item(id: "P1")?.approvals.count == 2)
        #expect(try await store.record(ProactiveItem.self, id: "nope") == nil)
        let log = try await store.auditLog(entityID: "P1", limit: 10).map(\.action)
        #expect(log == ["create", "approve", "approve"])
        await store.close()
    }

    @Test(arguments: Backend.available)
    func staffAccountsEndTheirSessions(_ backend: Backend) async throws {
        let store = try await backend.open()
        try await store.create(StaffMember(name: "u", role: .clerk, passwordHash: "h1"), by: "admin")
        try await store.createSession(tokenHash: "t1", name: "u", expiresAt: "2999-01-01T00:00:00.000Z")
        try await store.createSession(tokenHash: "t2", name: "u", expiresAt: "2999-01-01T00:00:00.000Z")
        try await store.deleteSession(tokenHash: "t1")
        let t1 = try await store.session(tokenHash: "t1"), t2 = try await store.session(tokenHash: "t2")
        #expect(t1 == nil && t2 != nil)
        try await store.changePassword(name: "u", passwordHash: "h2", by: "staff:u")
        #expect(try await store.staffMember(name: "u")?.passwordHash == "h2")
        #expect(try await store.session(tokenHash: "t2") == nil)
        try await store.createSession(tokenHash: "t3", name: "u", expiresAt: "2999-01-01T00:00:00.000Z")
        try await store.removeStaff(name: "u", by: "admin")
        let member = try await store.staffMember(name: "u"), t3 = try await store.session(tokenHash: "t3")
        #expect(member == nil && t3 == nil)
        await #expect(throws: StoreError.notFound("staff member u")) { try await store.removeStaff(name: "u", by: "admin") }
        try await store.appendAudit(actor: "address:127.0.0.1", entity: "staff", entityID: "u", action: "lockout")
        let log = try await store.auditLog(entityID: "u", limit: 10)
        #expect(log.map(\.action) == ["create", "password", "remove", "lockout"])
        #expect(!log.contains { ($0.before ?? "").contains("h1") || ($0.after ?? "").contains("h2") })
        await store.close()
    }
}
