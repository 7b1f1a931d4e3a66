import Foundation
import GongkaiModel
import GongkaiRecords

/// Which requests a list shows: open or closed, by applicant kind and by the year received, a
/// page at a time in id order. Written once for both databases.
public struct RequestQuery: Sendable, Hashable {
    /// `true`: still open; `false`: closed; nil: both.
    public var open: Bool?
    public var applicant: ApplicantKind?
    /// The year the request was received.
    public var year: Int?
    /// The last id of the page before.
    public var after: String?
    public var limit: Int

    public init(open: Bool? = nil, applicant: ApplicantKind? = nil, year: Int? = nil, after: String? = nil, limit: Int = 50) {
        self.open = open
        self.applicant = applicant
        self.year = year
        self.after = after
        self.limit = limit
    }
}

extension RecordStore {
    /// The requests the query selects, in id order.
    public func applications(matching query: RequestQuery) async throws(StoreError) -> [ApplicationCase] {
        guard let sql = self as? any SQLRunner else { throw .database("every record store runs SQL") }
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        switch query.open {
        case true?: conditions.append("closed_on IS NULL")
        case false?: conditions.append("closed_on IS NOT NULL")
        case nil: break
        }
        if let kind = query.applicant {
            conditions.append("applicant = ?")
            arguments.append(.text(kind.rawValue))
        }
        if let year = query.year {
            conditions.append("received_on >= ? AND received_on <= ?")
            arguments += [.text(String(format: "%04d-01-01", year)), .text(String(format: "%04d-12-31", year))]
        }
        if let after = query.after {
            conditions.append("id > ?")
            arguments.append(.text(after))
        }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(.integer(Int64(min(max(query.limit, 1), 1000))))
        var out: [ApplicationCase] = []
        for row in try await sql.rows("SELECT data FROM application \(condition) ORDER BY id LIMIT ?", arguments) {
            out.append(try RecordJSON.decode(ApplicationCase.self, row[0].string ?? ""))
        }
        return out
    }

    /// How many requests are open now.
    public func openApplicationCount() async throws(StoreError) -> Int {
        guard let sql = self as? any SQLRunner else { throw .database("every record store runs SQL") }
        return try await sql.rows("SELECT COUNT(*) FROM application WHERE closed_on IS NULL").first?.first?.int ?? 0
    }
}

extension RecordStore {
    /// Every staff member, by name.
    public func staffMembers() async throws(StoreError) -> [StaffMember] {
        guard let sql = self as? any SQLRunner else { throw .database("every record store runs SQL") }
        var out: [StaffMember] = []
        for row in try await sql.rows("SELECT data FROM staff ORDER BY name") {
            out.append(try RecordJSON.decode(StaffMember.self, row[0].string ?? ""))
        }
        return out
    }
}

extension RecordStore {
    /// How many changes the store has committed: the audit log's length, which every write adds
    /// to in its own transaction and nothing removes — a stamp for what was read before.
    public func committedChanges() async throws(StoreError) -> Int {
        guard let sql = self as? any SQLRunner else { throw .database("every record store runs SQL") }
        return try await sql.rows("SELECT COUNT(*) FROM audit").first?.first?.int ?? 0
    }
}
