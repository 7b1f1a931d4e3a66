import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

/// The supervisor's collection through the API, every JSON answer checked against the OpenAPI
/// document: the register, uploads, the tracker, findings and their review, exports, roles.
@Suite struct CollectionAPITests {
    static let register = """
        id,name,parent,kind,aliases,sums_children
        ptq,平潭综合实验区,,人民政府,,no
        pt,平潭综合实验区管委会,ptq,人民政府,平潭综合实验区管理委员会,no
        sh,上海市人民政府办公厅,,部门,,no
        """

    static func fixture(_ path: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(path)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func aSupervisorCollectsReviewsAndExportsThroughTheAPI() async throws {
        let app = Application(router: try await APITests.office().router())
        try await app.test(.router) { client in
            let c = APITests.Client(client: client)
            let supervisor = try await c.login("supervisor"), clerk = try await c.login("clerk")

            // The register: refused whole with the line named, then taken.
            let bad = try await c.send(
                .put, "/api/agencies", template: "/api/agencies", token: supervisor, json: Self.register + "\nx,某,nowhere,部门,,no")
            #expect(bad.status == 422)
            #expect(((bad.body as! [String: Any])["error"] as! [String: Any])["message"] as! String == "第5行：机构 x 的上级机构 nowhere 不在名录中")
            let imported = try await c.send(.put, "/api/agencies", template: "/api/agencies", token: supervisor, json: Self.register)
            #expect(imported.status == 200 && (imported.body as! [String: Any])["agencies"] as? Int == 3)
            #expect(try await c.send(.put, "/api/agencies", template: "/api/agencies", token: clerk, json: Self.register).status == 403)
            let agencies = try await c.send(.get, "/api/agencies", template: "/api/agencies", token: supervisor)
            #expect((agencies.body as! [[String: Any]]).map { $0["level"] as! Int } == [1, 2, 1])

            // Uploads: two years of 平潭, and a Word 97 file that is listed as skipped.
            for (name, path) in [("pingtan-2021.html", "text/pingtan-2021.html"), ("pingtan-2023.html", "text/pingtan-2023.html")] {
                let r = try await c.send(
                    .post, "/api/collection/files?name=\(name)&published=2024-05-01", template: "/api/collection/files", token: supervisor,
                    json: try Self.fixture(path))
                #expect(r.status == 201 && (r.body as! [String: Any])["stored"] as? Int == 1, "\(r.text)")
            }
            let doc = try await c.send(
                .post, "/api/collection/files?name=old.doc", template: "/api/collection/files", token: supervisor, json: "\u{D0}")
            #expect(((doc.body as! [String: Any])["skipped"] as! [[String: Any]]).count == 1)
            let traversal = try await c.send(
                .post, "/api/collection/files?name=../x.txt", template: "/api/collection/files", token: supervisor, json: "x")
            #expect(traversal.status == 400)

            // The tracker.
            let status = try await c.send(.get, "/api/collection/status?year=2023", template: "/api/collection/status", token: clerk)
            #expect(status.status == 403)
            let tracker = try await c.send(.get, "/api/collection/status?year=2023", template: "/api/collection/status", token: supervisor)
            let rows = tracker.body as! [[String: Any]]
            #expect(rows.map { $0["state"] as! String } == ["missing", "pending", "missing"])
            let missing = try await c.send(.get, "/api/collection/missing?year=2023", template: "/api/collection/missing", token: supervisor)
            #expect((missing.body as! [[String: Any]]).map { $0["agency_id"] as! String } == ["ptq", "sh"])

            // Findings: 平潭 2023 was published after 31 March 2024.
            let findings = try await c.send(
                .get, "/api/collection/findings?year=2023&rule=D-LATE", template: "/api/collection/findings", token: supervisor)
            let late = try #require(((findings.body as! [[String: Any]]).first?["findings"] as? [[String: Any]])?.first)
            #expect(late["rule"] as? String == "D-LATE" && late["class"] as? String == "report")
            let fingerprint = late["fingerprint"] as! String
            let template = "/api/collection/reviews/{fingerprint}"
            let noComment = try await c.send(
                .post, "/api/collection/reviews/\(fingerprint)", template: template, token: supervisor, json: #"{"decision":"dismissed"}"#)
            #expect(noComment.status == 422)
            let dismissed = try await c.send(
                .post, "/api/collection/reviews/\(fingerprint)", template: template, token: supervisor,
                json: #"{"decision":"dismissed","comment":"网站发布日期有误，已核实按时公开"}"#)
            #expect(dismissed.status == 200)
            let reviewed = try await c.send(
                .get, "/api/collection/findings?year=2023&rule=D-LATE", template: "/api/collection/findings", token: supervisor)
            let review = (((reviewed.body as! [[String: Any]])[0]["findings"] as! [[String: Any]])[0]["review"] as! [String: Any])
            #expect(review["decision"] as? String == "dismissed" && review["by"] as? String == "staff:supervisor")
            #expect(try await c.send(.delete, "/api/collection/reviews/\(fingerprint)", template: template, token: supervisor).status == 204)
            #expect(try await c.send(.delete, "/api/collection/reviews/\(fingerprint)", template: template, token: supervisor).status == 404)

            // Comparison, measures, exports.
            let compare = try await c.send(
                .get, "/api/collection/compare/pt?years=2021,2023", template: "/api/collection/compare/{agency}", token: supervisor)
            #expect(compare.status == 200 && ((compare.body as! [String: Any])["cells"] as! [Any]).count > 100)
            let measures = try await c.send(
                .get, "/api/collection/measures/ptq?year=2023&subtree=true", template: "/api/collection/measures/{agency}", token: supervisor)
            #expect((measures.body as! [String: Any])["reports"] as? Int == 1)
            let csv = try await c.send(.get, "/api/collection/export?year=2023&to=csv", template: "/api/collection/export", token: supervisor)
            #expect(csv.status == 200 && csv.text.split(separator: "\n").count == 2 && csv.text.hasPrefix("agency_id,agency,parent,year"))
            let xlsx = try await c.send(.get, "/api/collection/export?year=2023&to=xlsx", template: "/api/collection/export", token: supervisor)
            #expect(xlsx.status == 200 && xlsx.text.hasPrefix("PK"))
            let wrong = try await c.send(.get, "/api/collection/export?year=2023&to=pdf", template: "/api/collection/export", token: supervisor)
            #expect(wrong.status == 422)
            let unassigned = try await c.send(.get, "/api/collection/unassigned", template: "/api/collection/unassigned", token: supervisor)
            #expect((unassigned.body as! [Any]).isEmpty)
        }
    }
}
