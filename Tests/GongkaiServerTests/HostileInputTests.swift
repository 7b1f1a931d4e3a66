import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

/// The probes a hostile client made on loopback, each a test: inputs that trapped the server or
/// made the year's report fail, internals in error answers, logins without limits, personal data
/// in the audit view, accounts that could not be closed, review steps by anyone.
@Suite struct HostileInputTests {
    typealias Client = APITests.Client

    func error(_ r: (status: Int, body: Any?, text: String)) -> String? {
        ((r.body as? [String: Any])?["error"] as? [String: Any])?["field"] as? String
    }

    @Test func hugeFeeCountsAreRefusedAndTheServerStaysUp() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: APITests.applicationJSON).status
                    == 201)
            for field in ["pages", "monthlyCount", "yuan"] {
                let r = try await c.send(
                    .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: clerk,
                    json: #"{"kind":"fee-noticed","on":"2025-01-22","\#(field)":9223372036854775807}"#)
                #expect(r.status == 422 && error(r) == field, "\(r.text)")
            }
            // Still answering, and the year's report computes.
            let report = try await c.send(.get, "/api/reports/2025", template: "/api/reports/{year}", token: clerk)
            #expect(report.status == 200)
        }
    }

    @Test func aFaultOfTheDatabaseShowsNoInternals() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            await office.store.close()
            let r = try await c.send(.get, "/api/applications", template: "/api/applications", token: clerk)
            #expect(r.status == 500 || r.status == 401, "\(r.text)")
            #expect(
                !r.text.contains("SELECT") && !r.text.contains("sqlite") && !r.text.contains("SQLite") && !r.text.contains("database"), "\(r.text)")
        }
    }

    @Test func loginsAreLimitedAndLockoutsAudited() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            for _ in 0..<LoginLimiter.perAccount {
                let r = try await c.send(.post, "/api/session", template: "/api/session", json: #"{"name":"clerk","password":"wrong-password"}"#)
                #expect(r.status == 401)
            }
            // Locked: even the right password is refused for a while.
            let locked = try await c.send(.post, "/api/session", template: "/api/session", json: #"{"name":"clerk","password":"password-clerk"}"#)
            #expect(locked.status == 429, "\(locked.text)")
            #expect(try await office.store.auditLog(entityID: "clerk", limit: 10).contains { $0.action == "lockout" })
            // Another account is not locked by it.
            _ = try await c.login("reviewer")
        }
    }

    @Test func anUnknownNameCostsWhatAWrongPasswordCosts() async throws {
        let office = try await APITests.office()
        let clock = ContinuousClock()
        func fastest(_ name: String) async -> Duration {
            var best = Duration.seconds(100)
            for _ in 0..<3 {
                let t = await clock.measure {
                    _ = try? await office.office.logIn(name: name, password: "wrong-password", address: "timing-\(name)", sessionLength: .seconds(60))
                }
                best = min(best, t)
            }
            return best
        }
        let known = await fastest("auditor"), unknown = await fastest("nobody-here")
        // Both check a scrypt hash: the unknown name is not answered in a fraction of the time.
        #expect(unknown * 3 > known, "known \(known), unknown \(unknown)")
    }

    @Test func staffLogOutChangePasswordsAndAreRemoved() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            #expect(try await c.send(.delete, "/api/session", template: "/api/session", token: clerk).status == 204)
            #expect(try await c.send(.get, "/api/items", template: "/api/items", token: clerk).status == 401)

            let reviewer = try await c.login("reviewer")
            let wrong = try await c.send(
                .put, "/api/session/password", template: "/api/session/password", token: reviewer,
                json: #"{"currentPassword":"nope","newPassword":"a-new-password"}"#)
            #expect(wrong.status == 401)
            let changed = try await c.send(
                .put, "/api/session/password", template: "/api/session/password", token: reviewer,
                json: #"{"currentPassword":"password-reviewer","newPassword":"a-new-password"}"#)
            #expect(changed.status == 204)
            #expect(try await c.send(.get, "/api/items", template: "/api/items", token: reviewer).status == 401)
            let again = try await c.send(.post, "/api/session", template: "/api/session", json: #"{"name":"reviewer","password":"a-new-password"}"#)
            #expect(again.status == 201)

            let head = try await c.login("head"), admin = try await c.login("admin")
            #expect(try await c.send(.delete, "/api/staff/head", template: "/api/staff/{name}", token: head).status == 403)
            #expect(try await c.send(.delete, "/api/staff/head", template: "/api/staff/{name}", token: admin).status == 204)
            #expect(try await c.send(.get, "/api/items", template: "/api/items", token: head).status == 401)
            #expect(try await c.send(.delete, "/api/staff/admin", template: "/api/staff/{name}", token: admin).status == 422)
            #expect(try await office.store.auditLog(entityID: "head", limit: 10).contains { $0.action == "remove" })
        }
    }

    @Test func theAuditViewFollowsWhoMaySeePersonalData() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: APITests.applicationJSON).status
                    == 201)
            for role in ["admin", "auditor"] {
                let token = try await c.login(role)
                let log = try await c.send(.get, "/api/audit?entity=2025-0001", template: "/api/audit", token: token)
                #expect(log.status == 200)
                #expect(log.text.contains("2025-0001") && log.text.contains("已隐去"))
                #expect(!log.text.contains("王小明") && !log.text.contains("13800000000") && !log.text.contains("环境影响"), "\(role): \(log.text)")
            }
        }
    }

    @Test func eachReviewStepIsDoneByItsRoleAndExtensionsByTheLoggedInHead() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk"), reviewer = try await c.login("reviewer"), head = try await c.login("head")
            #expect(
                try await c.send(
                    .post, "/api/items", template: "/api/items", token: clerk,
                    json: #"{"id":"P1","title":"某办法","category":1,"formedOn":"2025-05-06","documentKind":"rules"}"#
                ).status == 201)
            func approve(_ token: String) async throws -> (status: Int, body: Any?, text: String) {
                try await c.send(.post, "/api/items/P1/approvals", template: "/api/items/{id}/approvals", token: token, json: #"{"on":"2025-05-07"}"#)
            }
            #expect(try await approve(reviewer).status == 422)  // 初审 is a clerk's
            #expect(try await approve(clerk).status == 200)
            #expect(try await approve(clerk).status == 422)  // 复审 is a reviewer's
            #expect(try await approve(reviewer).status == 200)
            let final = try await approve(head)
            #expect(final.status == 200)
            #expect(final.text.contains("\"by\":\"head\""))

            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: APITests.applicationJSON).status
                    == 201)
            let extended = try await c.send(
                .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: head,
                json: #"{"kind":"extended","on":"2025-02-10","workingDays":10,"approvedBy":"someone else"}"#)
            #expect(extended.status == 200)
            #expect(extended.text.contains("head同意") && !extended.text.contains("someone else"), "\(extended.text)")
        }
    }

    @Test func idsNamesAndDatesAreCheckedAtTheDoor() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            for (json, field) in [
                (APITests.applicationJSON.replacingOccurrences(of: "\"2025-0001\"", with: "\"a/b\""), "id"),
                (APITests.applicationJSON.replacingOccurrences(of: "\"2025-0001\"", with: "\"\""), "id"),
                (APITests.applicationJSON.replacingOccurrences(of: "\"2025-0001\"", with: "\"\(String(repeating: "x", count: 100_000))\""), "id"),
                (APITests.applicationJSON.replacingOccurrences(of: "2025-01-20", with: "3025-01-20"), "receivedOn"),
                (APITests.applicationJSON.replacingOccurrences(of: "王小明", with: String(repeating: "名", count: 5000)), "applicantName"),
            ] {
                let r = try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: json)
                #expect(r.status == 422 && error(r) == field, "\(field): \(r.status) \(r.text.prefix(200))")
            }
            #expect(try await office.store.applications(after: nil, limit: 10).isEmpty)
        }
    }
}
