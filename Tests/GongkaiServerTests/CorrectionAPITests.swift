import Foundation
import GongkaiModel
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

/// Corrections, publication and the calendar through the API, each by the role it needs.
@Suite struct CorrectionAPITests {
    typealias Client = APITests.Client

    @Test func theHeadCorrectsAndPublishesAndTheChangesAreShown() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let clerk = try await c.login("clerk"), reviewer = try await c.login("reviewer"), head = try await c.login("head")
            #expect(
                try await c.send(.post, "/api/applications", template: "/api/applications", token: clerk, json: APITests.applicationJSON).status
                    == 201)
            #expect(
                try await c.send(
                    .post, "/api/applications/2025-0001/events", template: "/api/applications/{id}/events", token: reviewer,
                    json: #"{"kind":"decided","on":"2025-02-10","outcome":"granted","basis":"第二十七条"}"#
                ).status == 200)
            let publish = #"{"agency":"某镇人民政府","on":"2026-01-20"}"#
            #expect(
                try await c.send(.post, "/api/reports/2025/publication", template: "/api/reports/{year}/publication", token: clerk, json: publish)
                    .status == 403)
            #expect(
                try await c.send(.post, "/api/reports/2025/publication", template: "/api/reports/{year}/publication", token: head, json: publish)
                    .status == 201)

            let void = #"{"event":1,"reason":"误录：应为部分公开"}"#
            #expect(
                try await c.send(.post, "/api/applications/2025-0001/voids", template: "/api/applications/{id}/voids", token: reviewer, json: void)
                    .status == 403)
            let voided = try await c.send(
                .post, "/api/applications/2025-0001/voids", template: "/api/applications/{id}/voids", token: head, json: void)
            #expect(voided.status == 200 && (voided.body as? [String: Any])?["state"] as? String != "closed")
            let correction = try await c.send(
                .post, "/api/applications/2025-0001/corrections", template: "/api/applications/{id}/corrections", token: head,
                json: #"{"field":"applicant","value":"commercial","reason":"类别登记有误"}"#)
            #expect(correction.status == 200)

            let changes = try await c.send(
                .get, "/api/reports/2025/changes?agency=%E6%9F%90%E9%95%87%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C",
                template: "/api/reports/{year}/changes", token: reviewer)
            #expect(changes.status == 200)
            let list = (changes.body as? [String: Any])?["changes"] as? [[String: Any]] ?? []
            #expect(
                list.contains { $0["cell"] as? String == "t3.granted.natural" && $0["published"] as? String == "1" && $0["now"] as? String == "0" },
                "\(changes.text)")
        }
    }

    @Test func theAdministratorAddsTheNextCalendarYear() async throws {
        let office = try await APITests.office()
        try await Application(router: office.router()).test(.router) { client in
            let c = Client(client: client)
            let head = try await c.login("head"), admin = try await c.login("admin")
            let year = #"{"year":2027,"notices":["国办发明电〔2026〕1号"],"holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}],"workdays":[]}"#
            #expect(try await c.send(.post, "/api/calendar/years", template: "/api/calendar/years", token: head, json: year).status == 403)
            #expect(try await c.send(.post, "/api/calendar/years", template: "/api/calendar/years", token: admin, json: year).status == 201)
            #expect(try await c.send(.post, "/api/calendar/years", template: "/api/calendar/years", token: admin, json: year).status == 422)
            let years = try await c.send(.get, "/api/calendar/years", template: "/api/calendar/years")
            #expect(years.text.contains("\"year\":2027") && years.text.contains("国办发明电〔2026〕1号"))
            let deadline = try await c.send(.get, "/api/deadline?from=2027-01-04", template: "/api/deadline")
            #expect((deadline.body as? [String: Any])?["due"] as? String == "2027-02-01", "\(deadline.text)")
        }
    }
}
