import Foundation
import GRDB
import Logging
import PostgresNIO

/// A value bound to or read from a statement, as both databases take it.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var string: String? {
        if case .text(let s) = self { return s }
        return nil
    }
    public var int: Int? {
        if case .integer(let i) = self { return Int(i) }
        return nil
    }
    public var bytes: [UInt8]? {
        if case .blob(let b) = self { return b }
        return nil
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    init(_ s: String?) { self = s.map(SQLValue.text) ?? .null }
    init(_ i: Int?) { self = i.map { .integer(Int64($0)) } ?? .null }
}

/// One statement: SQL with `?` placeholders (numbered `$1…` for PostgreSQL when run there).
/// `{skip_locked}` becomes `FOR UPDATE SKIP LOCKED` on PostgreSQL and nothing on SQLite, whose
/// single writer needs no row locks.
struct Statement: Sendable {
    var sql: String
    var arguments: [SQLValue]
    /// When the statement returns no row (or fewer than `requiredRows`), the transaction is
    /// rolled back with this error.
    var requireRow: StoreError?
    var requiredRows = 1
    /// Run on PostgreSQL only (row and advisory locks, which SQLite's single writer does not need).
    var postgresOnly = false

    init(_ sql: String, _ arguments: [SQLValue] = [], requireRow: StoreError? = nil, requiredRows: Int = 1, postgresOnly: Bool = false) {
        self.sql = sql
        self.arguments = arguments
        self.requireRow = requireRow
        self.requiredRows = requiredRows
        self.postgresOnly = postgresOnly
    }

    /// The SQL for PostgreSQL: `?` numbered, outside quotes.
    var postgresSQL: String {
        var out = ""
        var n = 0
        var quoted = false
        for c in sql.replacingOccurrences(of: "{skip_locked}", with: "FOR UPDATE SKIP LOCKED") {
            if c == "'" { quoted.toggle() }
            if c == "?" && !quoted {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    var sqliteSQL: String { sql.replacingOccurrences(of: "{skip_locked}", with: "") }
}

/// Runs statements in one transaction on either database: the collection's store is written
/// once over it.
protocol SQLRunner: Sendable {
    /// Runs the statements in order in one transaction and returns each one's rows.
    func transaction(_ statements: [Statement]) async throws(StoreError) -> [[[SQLValue]]]
    var isPostgres: Bool { get }
    /// The database's upkeep after a bulk load of these tables: PostgreSQL's `VACUUM (ANALYZE)`
    /// (outside a transaction), SQLite's `ANALYZE`.
    func maintain(tables: [String]) async throws(StoreError)
}

extension SQLRunner {
    func rows(_ sql: String, _ arguments: [SQLValue] = []) async throws(StoreError) -> [[SQLValue]] {
        try await transaction([Statement(sql, arguments)])[0]
    }
}

extension SQLiteStore: SQLRunner {
    var isPostgres: Bool { false }

    func maintain(tables: [String]) async throws(StoreError) {
        try await write { db in for t in tables { try db.execute(sql: "ANALYZE \(t)") } }
    }

    func transaction(_ statements: [Statement]) async throws(StoreError) -> [[[SQLValue]]] {
        do {
            return try await transactionOnce(statements)
        } catch .database(let message) {
            // SQLite's message quotes the whole statement, which can be thousands of characters.
            throw .database(message.count > 400 ? String(message.prefix(400)) + "…" : message)
        }
    }

    func transactionOnce(_ statements: [Statement]) async throws(StoreError) -> [[[SQLValue]]] {
        try await write { db in
            var results: [[[SQLValue]]] = []
            for s in statements {
                guard !s.postgresOnly else {
                    results.append([])
                    continue
                }
                let arguments = StatementArguments(
                    s.arguments.map { v -> (any DatabaseValueConvertible)? in
                        switch v {
                        case .null: nil
                        case .integer(let i): i
                        case .text(let t): t
                        case .blob(let b): Data(b)
                        }
                    })
                var rows: [[SQLValue]] = []
                // Cached: a batch runs the same few statements hundreds of times.
                let cursor = try Row.fetchCursor(try db.cachedStatement(sql: s.sqliteSQL), arguments: arguments)
                while let row = try cursor.next() {
                    rows.append(
                        row.databaseValues.map { v in
                            switch v.storage {
                            case .null: .null
                            case .int64(let i): .integer(i)
                            case .double(let d): .integer(Int64(d))
                            case .string(let s): .text(s)
                            case .blob(let d): .blob([UInt8](d))
                            }
                        })
                }
                if rows.count < s.requiredRows, let error = s.requireRow { throw error }
                results.append(rows)
            }
            return results
        }
    }
}

extension PostgresStore: SQLRunner {
    var isPostgres: Bool { true }

    func maintain(tables: [String]) async throws(StoreError) {
        try await run {
            for t in tables { _ = try await client.query(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(t)"), logger: logger) }
        }
    }

    /// Runs the transaction, again (up to three times) when PostgreSQL broke it off to resolve a
    /// deadlock or a serialization conflict with another writer: nothing of it was kept.
    func transaction(_ statements: [Statement]) async throws(StoreError) -> [[[SQLValue]]] {
        var attempt = 0
        while true {
            do {
                return try await transactionOnce(statements)
            } catch {
                attempt += 1
                guard attempt < 3, case .database(let message) = error, message.contains("40P01") || message.contains("40001") else { throw error }
                try? await Task.sleep(for: .milliseconds(20 * attempt))
            }
        }
    }

    func transactionOnce(_ statements: [Statement]) async throws(StoreError) -> [[[SQLValue]]] {
        try await run {
            try await client.withTransaction(logger: logger) { c in
                var results: [[[SQLValue]]] = []
                for s in statements {
                    var binds = PostgresBindings()
                    for v in s.arguments {
                        switch v {
                        case .null: binds.appendNull()
                        case .integer(let i): binds.append(i)
                        case .text(let t): binds.append(t)
                        case .blob(let b): binds.append(ByteBuffer(bytes: b))
                        }
                    }
                    var rows: [[SQLValue]] = []
                    for try await row in try await c.query(PostgresQuery(unsafeSQL: s.postgresSQL, binds: binds), logger: logger) {
                        var values: [SQLValue] = []
                        for cell in row {
                            guard cell.bytes != nil else {
                                values.append(.null)
                                continue
                            }
                            switch cell.dataType {
                            case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
                            case .bytea: values.append(.blob(Array(buffer: try cell.decode(ByteBuffer.self))))
                            case .bool: values.append(.integer(try cell.decode(Bool.self) ? 1 : 0))
                            default: values.append(.text(try cell.decode(String.self)))
                            }
                        }
                        rows.append(values)
                    }
                    if rows.count < s.requiredRows, let error = s.requireRow { throw error }
                    results.append(rows)
                }
                return results
            }
        }
    }
}
