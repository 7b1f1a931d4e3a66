import Foundation
import GongkaiModel
import GongkaiRecords

/// Where an office keeps its records: SQLite (one file, the default) or PostgreSQL (one
/// database shared by several offices' staff). Every write is one transaction that also appends
/// to the audit log; the contract tests run the same suite against both. The interface is split
/// by what it keeps: requests, registers, staff and sessions, the audit log.
public protocol RecordStore: RequestStore, RegisterStore, StaffStore, AuditStore {
    /// Creates or upgrades the schema (idempotent).
    func migrate() async throws(StoreError)
    func close() async
}

/// The requests (依申请公开) and the counts of table 三 made from them.
public protocol RequestStore: Sendable {
    /// Registers a new request; refused when its id exists.
    func create(_ application: ApplicationCase, by actor: String) async throws(StoreError)
    /// Registers many requests in one transaction (imports, benchmarks), each audited.
    func importCases(_ applications: [ApplicationCase], by actor: String) async throws(StoreError)
    /// Does the database's upkeep at once, as after a bulk import: PostgreSQL's `VACUUM (ANALYZE)`
    /// (the visibility map, without which the covering indexes cannot answer alone, and the
    /// planner's statistics); SQLite's `ANALYZE`. Without the vacuum, the year's tables ran two
    /// and a half times slower on PostgreSQL after loading a million rows (1.03–1.14 s against
    /// 0.40–0.46 s), until autovacuum had been through every new page.
    func optimize() async throws(StoreError)
    func application(id: String) async throws(StoreError) -> ApplicationCase?
    /// Changes one request in one transaction: the row is read (and locked, on PostgreSQL),
    /// changed by `change` — which applies the records' rules and throws to refuse — and saved
    /// with its audit entry (`action`, before and after); nothing is stored when it throws.
    func updateApplication(
        id: String, action: String, by actor: String, _ change: @escaping @Sendable (inout ApplicationCase) throws(CaseError) -> Void
    ) async throws(StoreError) -> ApplicationCase
    /// The request an applicant's tracking token (its SHA-256, hex) belongs to.
    func application(trackingHash: String) async throws(StoreError) -> ApplicationCase?
    /// Requests in id order after `cursor` (keyset pagination).
    func applications(after cursor: String?, limit: Int) async throws(StoreError) -> [ApplicationCase]
    /// Table 三's counts of `year`, worked out by the database.
    func applicationCounts(year: Int) async throws(StoreError) -> ApplicationCounts
    /// 信息处理费 paid in `year`, in yuan.
    func feesPaid(year: Int) async throws(StoreError) -> Int
}

/// The registers: proactive items, reconsideration and litigation cases, the year's tallies.
public protocol RegisterStore: Sendable {
    func save(_ item: ProactiveItem, by actor: String) async throws(StoreError)
    func save(_ review: ReviewCase, by actor: String) async throws(StoreError)
    func save(_ tally: YearTally, by actor: String) async throws(StoreError)
    /// Every record of one kind kept as a JSON document per row, in key order
    /// (`items()`, `reviews()` and `tallies()` read through it).
    func all<Record: StoredRecord>(_ type: Record.Type) async throws(StoreError) -> [Record]
    /// One record of a kind kept by id, read by its key alone.
    func record<Record: KeyedRecord>(_ type: Record.Type, id: String) async throws(StoreError) -> Record?
    /// Adds a record in one transaction, refused (`conflict`) when its id is taken: two clerks
    /// adding the same id at once store one.
    func insert<Record: KeyedRecord>(_ record: Record, by actor: String) async throws(StoreError)
    /// Changes one record in one transaction, as `updateApplication` does: two reviewers
    /// approving at once both have their approval kept, or one is refused by the rules.
    func update<Record: KeyedRecord>(
        _ type: Record.Type, id: String, action: String, by actor: String,
        _ change: @escaping @Sendable (inout Record) throws(CaseError) -> Void
    ) async throws(StoreError) -> Record
}

/// Staff accounts and their login sessions.
public protocol StaffStore: Sendable {
    /// Staff accounts: created by an administrator (or the first one at setup), audited.
    func create(_ member: StaffMember, by actor: String) async throws(StoreError)
    func staffMember(name: String) async throws(StoreError) -> StaffMember?
    func staffCount() async throws(StoreError) -> Int
    /// Login sessions, kept by the SHA-256 of their token.
    func createSession(tokenHash: String, name: String, expiresAt: String) async throws(StoreError)
    func session(tokenHash: String) async throws(StoreError) -> (name: String, expiresAt: String)?
    /// Ends one session (logout).
    func deleteSession(tokenHash: String) async throws(StoreError)
    /// Sets a staff member's password hash and ends every session of theirs, audited (the
    /// audit keeps that it changed, never the hash).
    func changePassword(name: String, passwordHash: String, by actor: String) async throws(StoreError)
    /// Removes a staff member and ends every session of theirs, audited.
    func removeStaff(name: String, by actor: String) async throws(StoreError)
}

/// The append-only audit log that every write adds to.
public protocol AuditStore: Sendable {
    /// Appends an entry to the audit log that no record change comes with (a lockout).
    func appendAudit(actor: String, entity: String, entityID: String, action: String) async throws(StoreError)

    /// The audit log, oldest first, of one record or of all.
    func auditLog(entityID: String?, limit: Int) async throws(StoreError) -> [AuditEntry]
}

/// A record the stores keep as one JSON document per row of its own table.
public protocol StoredRecord: Decodable, Sendable {
    /// The table holding the records (created by the schema's migrations).
    static var table: String { get }
}

/// A stored record with a text id of its own, which is its row's key.
public protocol KeyedRecord: StoredRecord, Encodable {
    var id: String { get }
}

extension ProactiveItem: KeyedRecord { public static var table: String { "proactive_item" } }

/// A year's report as it was published: its cells' values, so that computing the year again
/// after a correction shows what changed instead of changing it silently.
public struct PublishedReport: KeyedRecord, Codable, Hashable {
    public static var table: String { "published_report" }
    /// `YEAR:AGENCY`.
    public var id: String
    public var year: Int
    public var agency: String
    public var publishedOn: ReportDate
    /// Each cell id with its value as printed (blank cells as the empty string).
    public var cells: [String: String]

    public init(year: Int, agency: String, publishedOn: ReportDate, cells: [String: String]) {
        id = "\(year):\(agency)"
        self.year = year
        self.agency = agency
        self.publishedOn = publishedOn
        self.cells = cells
    }
}

/// The prose of a year's report that the records cannot give (一、总体情况, 五、存在的主要问题及改进情况,
/// 六、其他需要报告的事项), as the office wrote it.
public struct ReportTexts: KeyedRecord, Codable, Hashable {
    public static var table: String { "report_text" }
    /// `YEAR:AGENCY`.
    public var id: String
    public var overview: String
    public var problems: String
    public var otherMatters: String

    public init(year: Int, agency: String, overview: String, problems: String, otherMatters: String) {
        id = "\(year):\(agency)"
        self.overview = overview
        self.problems = problems
        self.otherMatters = otherMatters
    }
}

/// A year of the working-day calendar added after the bundled ones, from its State Council notice.
public struct CalendarYear: KeyedRecord, Codable, Hashable {
    public static var table: String { "calendar_year" }
    public var id: String { String(year.year) }
    public var year: WorkingDayCalendar.Year

    public init(_ year: WorkingDayCalendar.Year) { self.year = year }

    enum CodingKeys: String, CodingKey { case year }
}
extension ReviewCase: KeyedRecord { public static var table: String { "review_case" } }
extension YearTally: StoredRecord { public static var table: String { "year_tally" } }

extension RecordStore {
    /// The proactive-disclosure items (主动公开), by id.
    public func items() async throws(StoreError) -> [ProactiveItem] { try await all(ProactiveItem.self) }
    public func item(id: String) async throws(StoreError) -> ProactiveItem? { try await record(ProactiveItem.self, id: id) }
    public func review(id: String) async throws(StoreError) -> ReviewCase? { try await record(ReviewCase.self, id: id) }
    /// Records an event on a request by the case's own rules (see `updateApplication`).
    public func record(_ event: ApplicationCase.Event, on id: String, by actor: String) async throws(StoreError) -> ApplicationCase {
        try await updateApplication(id: id, action: "event", by: actor) { c throws(CaseError) in try c.record(event) }
    }
    /// The reconsideration and litigation cases (行政复议、行政诉讼), by id.
    public func reviews() async throws(StoreError) -> [ReviewCase] { try await all(ReviewCase.self) }
    /// The year tallies of table 二, by year.
    public func tallies() async throws(StoreError) -> [YearTally] { try await all(YearTally.self) }
    /// The year's report computed from what the store holds.
    public func yearReport(year: Int, agency: String, texts: YearReport.Texts = .init()) async throws(StoreError) -> Report {
        let counts = try await applicationCounts(year: year)
        let fees = try await feesPaid(year: year)
        let items = try await items(), tallies = try await tallies(), reviews = try await reviews()
        do {
            return try YearReport.make(
                year: year, agency: agency, applications: counts, feesYuan: fees, items: items, tallies: tallies, reviews: reviews, texts: texts)
        } catch {
            throw .invalid(field: "year", error.description)
        }
    }
}

/// A member of the disclosure office's staff, with a role and a password hash (never the
/// password).
public struct StaffMember: Hashable, Sendable, Codable {
    /// 经办人, 审核人, 负责人, 管理员, 审计员, and the supervising office's 监督员.
    public enum Role: String, CaseIterable, Hashable, Sendable, Codable, NamedCode {
        case clerk, reviewer, head, admin, auditor, supervisor

        public var label: String {
            switch self {
            case .clerk: "经办人"
            case .reviewer: "审核人"
            case .head: "负责人"
            case .admin: "管理员"
            case .auditor: "审计员"
            case .supervisor: "监督员"
            }
        }
    }

    public var name: String
    public var role: Role
    /// `scrypt$N$r$p$salt$hash` (base64 parts).
    public var passwordHash: String

    public init(name: String, role: Role, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}

/// One change, as the audit log keeps it: who, when, what, before and after (JSON).
public struct AuditEntry: Hashable, Sendable {
    public var sequence: Int64
    /// ISO 8601, UTC, to the millisecond.
    public var at: String
    public var actor: String
    public var entity: String
    public var entityID: String
    public var action: String
    public var before: String?
    public var after: String?
}

/// Why a store operation failed; nothing was changed.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    /// Refused by the records' own rules (an event out of order, a decision on a closed case …).
    case rejected(CaseError)
    /// A bad value, with the field named.
    case invalid(field: String, String)
    case badLocation(String)
    case database(String)
    /// Not logged in, a wrong name or password, or a session that has ended.
    case denied(String)
    /// Logged in, but the role may not do this.
    case forbidden(String)
    /// Too many failed logins: refused for a while.
    case tooManyAttempts(String)

    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): "already exists: \(what)"
        case .rejected(let error): error.description
        case .invalid(let field, let why): "\(field): \(why)"
        case .badLocation(let why): "store location: \(why)"
        case .database(let why): "database: \(why)"
        case .denied(let why), .forbidden(let why), .tooManyAttempts(let why): why
        }
    }
}

/// Opens the store a location names: `postgres://user:password@host:port/database` or
/// `postgresql://…` for PostgreSQL, `sqlite:PATH` or a plain path for SQLite.
public enum Stores {
    public static func open(_ location: String) async throws(StoreError) -> any RecordStore {
        let store: any RecordStore
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            store = try PostgresStore(url: location)
        } else {
            let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
            store = try SQLiteStore(path: path)
        }
        try await store.migrate()
        return store
    }
}

/// The JSON the stores keep records and audit entries in.
public enum RecordJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw .database("a stored \(type) cannot be read: \(error)")
        }
    }

    static func now() -> String { iso(Date()) }

    /// ISO 8601, UTC, to the millisecond (orders as time does).
    public static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}

/// The columns of an application row: the case as JSON, and what queries need beside it.
struct ApplicationRow {
    var id: String
    var applicant: String
    var receivedOn: String
    var closedOn: String?
    var outcome: String?
    var feePaidOn: String?
    var feeYuan: Int?
    var trackingHash: String?
    var data: String

    init(_ c: ApplicationCase) {
        id = c.id
        applicant = c.applicant.rawValue
        receivedOn = c.receivedOn.description
        closedOn = c.closing?.on.description
        outcome = c.closing?.outcome.rowKey
        trackingHash = c.trackingTokenHash
        feePaidOn = c.feePaid?.on.description
        feeYuan = c.feePaid?.yuan
        data = RecordJSON.encode(c)
    }
}

/// The schema, one statement per step, as both databases take it (types chosen to mean the
/// same in SQLite and PostgreSQL). Dates are ISO text, which orders as dates do.
enum Schema {
    static func tables(autoincrement: String) -> [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS application (
              id TEXT PRIMARY KEY, applicant TEXT NOT NULL, received_on TEXT NOT NULL,
              closed_on TEXT, outcome TEXT, fee_paid_on TEXT, fee_yuan INTEGER, data TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS application_received ON application (received_on)",
            "CREATE INDEX IF NOT EXISTS application_closed ON application (closed_on)",
            "CREATE TABLE IF NOT EXISTS proactive_item (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS review_case (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS year_tally (year INTEGER PRIMARY KEY, data TEXT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS audit (
              seq \(autoincrement), at TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL,
              entity_id TEXT NOT NULL, action TEXT NOT NULL, before TEXT, after TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS audit_entity ON audit (entity_id)",
        ]
    }

    /// v3: covering indexes, so that table 三's counts and the fees read the indexes alone
    /// (1,000,000 requests: 7 s → 0.6 s on SQLite).
    static let version3: [String] = [
        "CREATE INDEX IF NOT EXISTS application_received_cover ON application (received_on, applicant, closed_on)",
        "CREATE INDEX IF NOT EXISTS application_closed_cover ON application (closed_on, applicant, outcome)",
        "CREATE INDEX IF NOT EXISTS application_fee ON application (fee_paid_on, fee_yuan)",
    ]

    /// v4: the reports published for a year (their cells, to show what a correction changed),
    /// and the working-day calendar's years added after the bundled ones. The same statements
    /// on both databases.
    static let version4Name = "v4: published reports, calendar years"
    static let version4: [String] = [
        "CREATE TABLE IF NOT EXISTS published_report (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS calendar_year (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
    ]

    /// v5: the supervisor's collection: the register of agencies, source files by their
    /// SHA-256, the job queue collection workers share, the collected reports with their
    /// findings, the keys whose cross-report findings wait to be recomputed, the reviewers'
    /// decisions, and the versions chosen as current. A collected report's small columns come
    /// first and its documents last: SQLite reads a row's columns in order, and the tracker's
    /// counts behind a report's text made it read every overflow page (3.8 million reads for
    /// 2,000 reports). `{serial}` and `{blob}` are each
    /// database's words.
    static let version5Name = "v5: collection"
    static func version5(serial: String, blob: String) -> [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS agency (
              id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, parent TEXT, kind TEXT NOT NULL, aliases TEXT NOT NULL,
              sums_children INTEGER NOT NULL)
            """,
            "CREATE TABLE IF NOT EXISTS source_file (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, name TEXT NOT NULL, bytes \(blob) NOT NULL, stored_at TEXT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS collect_job (
              seq \(serial), sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, agency_id TEXT, year INTEGER, published_on TEXT,
              source_url TEXT, state TEXT NOT NULL, worker TEXT, claimed_at TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS collect_job_state ON collect_job (state, seq)",
            """
            CREATE TABLE IF NOT EXISTS collected (
              id \(serial), sha256 TEXT NOT NULL UNIQUE, path TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
              agency_id TEXT, year INTEGER, version INTEGER, current INTEGER NOT NULL DEFAULT 0, published_on TEXT, source_url TEXT,
              named_agency TEXT, format TEXT, errors INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
              doubts INTEGER NOT NULL DEFAULT 0, fingerprints TEXT NOT NULL DEFAULT '', collected_at TEXT NOT NULL,
              title TEXT, printed_year INTEGER, printed_on TEXT, source_kind TEXT, cells TEXT, findings TEXT, cross_findings TEXT,
              sections TEXT)
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS collected_version ON collected (agency_id, year, version)",
            "CREATE INDEX IF NOT EXISTS collected_year ON collected (year, current)",
            "CREATE INDEX IF NOT EXISTS collected_status ON collected (status)",
            "CREATE TABLE IF NOT EXISTS cross_dirty (agency_id TEXT NOT NULL, year INTEGER NOT NULL, stamp TEXT NOT NULL, PRIMARY KEY (agency_id, year))",
            "CREATE TABLE IF NOT EXISTS finding_review (fingerprint TEXT PRIMARY KEY, decision TEXT NOT NULL, comment TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS current_choice (agency_id TEXT NOT NULL, year INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (agency_id, year))",
        ]
    }

    /// v6: the prose the office writes for a year's report.
    static let version6Name = "v6: report texts"
    static let version6: [String] = [
        "CREATE TABLE IF NOT EXISTS report_text (id TEXT PRIMARY KEY, data TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS application_open ON application (closed_on, id)",
    ]

    /// v2: the applicant's tracking token, staff and sessions.
    static let version2: [String] = [
        "ALTER TABLE application ADD COLUMN tracking_hash TEXT",
        "CREATE INDEX IF NOT EXISTS application_tracking ON application (tracking_hash)",
        "CREATE TABLE IF NOT EXISTS staff (name TEXT PRIMARY KEY, data TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS session (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, expires_at TEXT NOT NULL)",
    ]

    /// Table 三's counts as four grouped queries with the year's first and last day as `?1`, `?2`
    /// (written `$1`, `$2` for PostgreSQL).
    static let countQueries: [(row: String?, sql: String)] = [
        ("new", "SELECT applicant, COUNT(*) FROM application WHERE received_on >= ?1 AND received_on <= ?2 GROUP BY applicant"),
        (
            "carried_in",
            "SELECT applicant, COUNT(*) FROM application WHERE received_on < ?1 AND (closed_on IS NULL OR closed_on >= ?1) GROUP BY applicant"
        ),
        (nil, "SELECT applicant, outcome, COUNT(*) FROM application WHERE closed_on >= ?1 AND closed_on <= ?2 GROUP BY applicant, outcome"),
        (
            "carried_out",
            "SELECT applicant, COUNT(*) FROM application WHERE received_on <= ?2 AND (closed_on IS NULL OR closed_on > ?2) GROUP BY applicant"
        ),
    ]
}
