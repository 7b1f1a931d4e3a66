import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

/// The API against a fresh SQLite store, every answer checked against the OpenAPI document.
@Suite struct APITests {
    static let openAPI: Data = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/GongkaiServer/Resources/openapi.json")
        return try! Data(contentsOf: url)
    }()

    /// A store with an administrator, a clerk, a reviewer, a head and an auditor (password `password-<role>`).
    static func office() async throws -> OfficeAPI {
        OfficeAPI(store: try await staffedStore(), calendar: try WorkingDayCalendar.bundled())
    }

    /// A new SQLite store with one member of each role (password `password-<role>`).
    static func staffedStore() async throws -> any RecordStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await Stores.open(dir.appendingPathComponent("office.sqlite").path)
        for role in StaffMember.Role.allCases {
            try await store.create(
                StaffMember(name: role.rawValue, role: role, passwordHash: try Credentials.hash(password: "password-\(role.rawValue)")), by: "setup")
        }
        return store
    }

    /// Sends a request and checks the answer against the document; returns status and JSON.
    struct Client {
        let client: any TestClientProtocol
        let validator = try! SchemaValidator(data: APITests.openAPI)

        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, template: String, token: String? = nil, json: String? = nil
        ) async throws -> (status: Int, body: Any?, text: String) {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let token { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
                let text = String(buffer: response.body)
                let status = Int(response.status.code)
                let body = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
                if response.headers[.contentType]?.hasPrefix("application/json") == true {
                    let schema = try #require(
                        validator.responseSchema(path: template, method: method.rawValue, status: status),
                        "\(method) \(template) \(status) is not in the OpenAPI document")
                    let problems = validator.errors(body as Any, schema)
                    #expect(problems.isEmpty, "\(method) \(uri) \(status): \(problems)")
                }
                return (status, body, text)
            }
        }

        func login(_ name: String) async throws -> String {
            let r = try await send(.post, "/api/session", template: "/api/session", json: #"{"name":"\#(name)","password":"password-\#(name)"}"#)
            #expect(r.status == 201)
            return (r.body as! [String: Any])["token"] as! String
        }
    }

    static let applicationJSON =
        #"{"id":"2025-0001","applicant":"natural","channel":"online","receivedOn":"2025-01-20","request":"某项目的环境影响评价批复","applicantName":"王小明","contact":"13800000000"}"#

    @Test func anApplicationLivesThroughTheAPIAndTheApplicantFollowsItPrivately() async throws {
        let app = Application(router: try await Self.office().router())
        try await app.test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk"), reviewer = try await c.login("reviewer"), head = try await c.login("head")
            let created = try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: Self.applicationJSON)
            #expect(created.status == 201)
            let tracking = (created.body as! [String: Any])["trackingToken"] as! String
            let deadline = ((created.body as! [String: Any])["application"] as! [String: Any])["deadline"] as! [String: Any]
            #expect(deadline["due"] as? String == "2025-02-21")

            // The applicant's view: where it stands, no personal data, nobody else's request.
            let mine = try await c.send(.get, "/api/track/\(tracking)", template: "/api/track/{token}")
            #expect(mine.status == 200)
            #expect(!mine.text.contains("王小明") && !mine.text.contains("13800000000") && !mine.text.contains("环境影响"))
            #expect(try await c.send(.get, "/api/track/not-a-token", template: "/api/track/{token}").status == 404)

            // A clerk cannot decide or extend; a reviewer decides; a head extends.
            #expect(
                try await c.send(
                    .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: clerk,
                    json: #"{"kind":"decided","on":"2025-02-10","outcome":"granted","basis":"第三十六条"}"#
                ).status == 403)
            let extended = try await c.send(
                .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: head,
                json: #"{"kind":"extended","on":"2025-02-19","workingDays":20}"#)
            #expect(extended.status == 200)
            #expect(((extended.body as! [String: Any])["deadline"] as! [String: Any])["due"] as? String == "2025-03-21")
            let decided = try await c.send(
                .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: reviewer,
                json: #"{"kind":"decided","on":"2025-03-10","outcome":"partial","basis":"第三十七条"}"#)
            #expect(decided.status == 200 && (decided.body as! [String: Any])["state"] as? String == "closed")
            let after = try await c.send(.get, "/api/track/\(tracking)", template: "/api/track/{token}")
            #expect((after.body as! [String: Any])["outcome"] as? String == "partial")

            // Staff see the personal data.
            let staffView = try await c.send(.get, "/api/applications/2025-0001", template: "/api/applications/{id}", token: reviewer)
            #expect((staffView.body as! [String: Any])["applicantName"] as? String == "王小明")
        }
    }

    @Test func badInputIsA4xxNamingTheFieldAndNothingIsStored() async throws {
        let office = try await Self.office()
        let app = Application(router: office.router())
        try await app.test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            func post(_ json: String) async throws -> (Int, String?) {
                let r = try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: json)
                return (r.status, ((r.body as? [String: Any])?["error"] as? [String: Any])?["field"] as? String)
            }
            let unknownKind = try await post(Self.applicationJSON.replacingOccurrences(of: "\"natural\"", with: "\"citizen\""))
            #expect(unknownKind == (422, "applicant"))
            let badDate = try await post(Self.applicationJSON.replacingOccurrences(of: "2025-01-20", with: "2025-02-30"))
            #expect(badDate == (422, "receivedOn"))
            let missing = try await post(#"{"id":"x","applicant":"natural","channel":"online","request":"r"}"#)
            #expect(missing == (400, "receivedOn"))
            #expect(try await post("not json").0 == 400)
            #expect(try await office.store.applications(after: nil, limit: 10).isEmpty)

            #expect(try await post(Self.applicationJSON).0 == 201)
            #expect(try await post(Self.applicationJSON) == (409, "id"))
            let reviewer = try await c.login("reviewer")
            func event(_ json: String) async throws -> (Int, String?) {
                let r = try await c.send(
                    .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: reviewer, json: json)
                return (r.status, ((r.body as? [String: Any])?["error"] as? [String: Any])?["field"] as? String)
            }
            // A date before receipt, an outcome row of the 2019 format, an unknown event.
            #expect(try await event(#"{"kind":"decided","on":"2025-01-10","outcome":"granted","basis":"b"}"#) == (422, "date"))
            #expect(try await event(#"{"kind":"decided","on":"2025-02-10","outcome":"other_handling","basis":"b"}"#) == (422, "outcome"))
            #expect(try await event(#"{"kind":"approved","on":"2025-02-10"}"#) == (422, "kind"))
            #expect(try await event(#"{"kind":"decided","on":"2025-02-10","outcome":"granted"}"#) == (400, "basis"))
            #expect(try await office.store.application(id: "2025-0001")?.events.isEmpty == true)
            #expect(
                try await c.send(
                    .post, "/api/applications/nope/events", template: "/api/applications/{id}/events", token: reviewer,
                    json: #"{"kind":"withdrawn","on":"2025-02-10"}"#
                ).status == 404)
        }
    }

    @Test func staffNeedASessionAndActWithinTheirRole() async throws {
        let app = Application(router: try await Self.office().router())
        try await app.test(.router) { client in
            let c = Client(client: client)
            #expect(try await c.send(.get, "/api/applications", template: "/api/applications").status == 401)
            #expect(try await c.send(.get, "/api/applications", template: "/api/applications", token: "forged").status == 401)
            #expect(
                try await c.send(.post, "/api/session", template: "/api/session", json: #"{"name":"clerk","password":"wrong-password"}"#).status
                    == 401)
            let auditor = try await c.login("auditor"), admin = try await c.login("admin"), clerk = try await c.login("clerk")
            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: auditor, json: Self.applicationJSON).status == 403)
            #expect(try await c.send(.get, "/api/audit", template: "/api/audit", token: clerk).status == 403)
            #expect(
                try await c.send(
                    .post, "/api/staff", template: "/api/staff", token: clerk, json: #"{"name":"n","role":"clerk","password":"0123456789"}"#
                ).status == 403)
            #expect(
                try await c.send(
                    .post, "/api/staff", template: "/api/staff", token: admin, json: #"{"name":"n","role":"boss","password":"0123456789"}"#
                ).status == 422)
            #expect(
                try await c.send(
                    .post, "/api/staff", template: "/api/staff", token: admin, json: #"{"name":"小李","role":"clerk","password":"0123456789"}"#
                ).status == 201)
            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: Self.applicationJSON).status == 201)
            let log = try await c.send(.get, "/api/audit", template: "/api/audit", token: auditor)
            let entries = try #require(log.body as? [[String: Any]])
            #expect(entries.map { $0["actor"] as? String }.suffix(2) == ["staff:admin", "staff:clerk"])
            // The password hash never leaves the store.
            #expect(!log.text.contains("scrypt"))
        }
    }

    @Test func publicEndpointsCarryNoPersonalData() async throws {
        let office = try await Self.office()
        let app = Application(router: office.router())
        try await app.test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk")
            try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: Self.applicationJSON)
            let deadline = try await c.send(.get, "/api/deadline?from=2024-02-01&workingDays=20", template: "/api/deadline")
            #expect((deadline.body as! [String: Any])["due"] as? String == "2024-03-05")
            #expect(try await c.send(.get, "/api/deadline?from=2024-13-01", template: "/api/deadline").status == 422)
            let doc = try await c.send(.get, "/openapi.json", template: "/openapi.json")
            #expect(doc.status == 200 && doc.text.contains("\"openapi\""))
            for text in [deadline.text, doc.text] { #expect(!text.contains("王小明") && !text.contains("13800000000")) }
            // The report is computed from the records.
            let head = try await c.login("head")
            let report = try await c.send(.get, "/api/reports/2025?agency=%E6%9F%90%E9%95%87", template: "/api/reports/{year}", token: head)
            #expect(report.status == 200)
            #expect(((report.body as! [String: Any])["cells"] as! [String: Any])["t3.new.natural"] as? Int == 1)
            #expect(!report.text.contains("王小明"))
            #expect(try await c.send(.get, "/api/reports/2020", template: "/api/reports/{year}", token: head).status == 422)
        }
    }
}

@Suite struct RegisterAPITests {
    @Test func theRegistersFeedTables2And4OfTheYearsReport() async throws {
        let office = try await APITests.office()
        let app = Application(router: office.router())
        try await app.test(.router) { client in
            let c = APITests.Client(client: client)
            let clerk = try await c.login("clerk"), reviewer = try await c.login("reviewer"), head = try await c.login("head")
            let item = #"{"id":"P1","title":"某某县行政规范性文件管理办法","category":1,"formedOn":"2025-09-26","documentKind":"normative_docs"}"#
            #expect(try await c.send(.post, "/api/items", template: "/api/items", token: clerk, json: item).status == 201)
            #expect(try await c.send(.post, "/api/items", template: "/api/items", token: clerk, json: item).status == 409)
            #expect(
                try await c.send(
                    .post, "/api/items", template: "/api/items", token: clerk,
                    json: #"{"id":"P2","title":"t","category":16,"formedOn":"2025-09-26"}"#
                ).status == 422)
            // Publication waits for the three reviews, each by a different person.
            func post(_ path: String, _ template: String, _ token: String, _ json: String) async throws -> (Int, Any?) {
                let r = try await c.send(.post, path, template: template, token: token, json: json)
                return (r.status, r.body)
            }
            #expect(try await post("/api/items/P1/publication", "/api/items/{id}/publication", clerk, #"{"on":"2025-09-29"}"#).0 == 422)
            #expect(try await post("/api/items/P1/approvals", "/api/items/{id}/approvals", clerk, #"{"on":"2025-09-26"}"#).0 == 200)
            #expect(try await post("/api/items/P1/approvals", "/api/items/{id}/approvals", clerk, #"{"on":"2025-09-27"}"#).0 == 422)
            #expect(try await post("/api/items/P1/approvals", "/api/items/{id}/approvals", reviewer, #"{"on":"2025-09-28"}"#).0 == 200)
            #expect(try await post("/api/items/P1/approvals", "/api/items/{id}/approvals", head, #"{"on":"2025-10-20"}"#).0 == 200)
            let published = try await post("/api/items/P1/publication", "/api/items/{id}/publication", clerk, #"{"on":"2025-10-29"}"#)
            #expect(published.0 == 200)
            #expect(
                (published.1 as? [String: Any])?["due"] as? String == "2025-10-30" && (published.1 as? [String: Any])?["overdue"] as? Bool == false)

            #expect(try await post("/api/reviews", "/api/reviews", clerk, #"{"id":"R1","route":"suit_direct","filedOn":"2025-04-01"}"#).0 == 201)
            #expect(try await post("/api/reviews", "/api/reviews", clerk, #"{"id":"R2","route":"appeal","filedOn":"2025-04-01"}"#).0 == 422)
            #expect(
                try await post("/api/reviews/R1/decision", "/api/reviews/{id}/decision", clerk, #"{"result":"corrected","on":"2025-03-01"}"#).0 == 422
            )
            #expect(
                try await post(
                    "/api/reviews/R1/decision", "/api/reviews/{id}/decision", clerk, #"{"result":"corrected","on":"2025-08-01","text":"确认违法"}"#
                ).0 == 200)

            let tally = #"{"year":2025,"licensingDecisions":120,"penaltyDecisions":33,"coercionDecisions":2,"adminFeesTenThousandYuan":"12.5"}"#
            #expect(try await c.send(.put, "/api/tallies/2025", template: "/api/tallies/{year}", token: clerk, json: tally).status == 200)
            #expect(try await c.send(.put, "/api/tallies/2024", template: "/api/tallies/{year}", token: clerk, json: tally).status == 422)

            let report = try await c.send(.get, "/api/reports/2025", template: "/api/reports/{year}", token: head)
            let cells = try #require((report.body as? [String: Any])?["cells"] as? [String: Any])
            #expect(cells["t2.normative_docs.issued"] as? Int == 1 && cells["t2.normative_docs.in_force"] as? Int == 1)
            #expect(cells["t2.licensing.decisions"] as? Int == 120 && cells["t2.admin_fees.amount"] as? Double == 12.5)
            #expect(cells["t4.suit_direct.corrected"] as? Int == 1 && cells["t4.suit_direct.total"] as? Int == 1)
            let items = try await c.send(.get, "/api/items", template: "/api/items", token: reviewer)
            #expect((items.body as? [Any])?.count == 1)
        }
    }
}

@Suite struct FeeAndReceiptAPITests {
    @Test func feesFollowTheScheduleAndTheReceiptDayArticle31() async throws {
        let office = try await APITests.office()
        let app = Application(router: office.router())
        try await app.test(.router) { client in
            let c = APITests.Client(client: client)
            let clerk = try await c.login("clerk")
            let inPerson =
                #"{"id":"P","applicant":"natural","channel":"in_person","submittedOn":"2025-03-03","receivedOn":"2025-03-04","request":"r"}"#
            let refused = try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: inPerson)
            #expect(refused.status == 422 && ((refused.body as? [String: Any])?["error"] as? [String: Any])?["field"] as? String == "receivedOn")
            #expect(try await office.store.application(id: "P") == nil)
            let letter = #"{"id":"L","applicant":"natural","channel":"letter","submittedOn":"2025-03-03","receivedOn":"2025-03-06","request":"r"}"#
            #expect(try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: letter).status == 201)
            func fee(_ json: String) async throws -> (Int, Any?) {
                let r = try await c.send(.post, "/api/applications/L/events", template: "/api/applications/{id}/events", token: clerk, json: json)
                return (r.status, r.body)
            }
            // 30 pages are free: no fee notice can be sent for them.
            #expect(try await fee(#"{"kind":"fee_noticed","on":"2025-03-10","pages":30}"#).0 == 422)
            let noticed = try await fee(#"{"kind":"fee_noticed","on":"2025-03-10","pages":120}"#)
            #expect(noticed.0 == 200)
            let label = (((noticed.1 as? [String: Any])?["events"] as? [[String: Any]])?.last)?["label"] as? String
            #expect(label == "发出收费通知：1100元")
        }
    }
}
