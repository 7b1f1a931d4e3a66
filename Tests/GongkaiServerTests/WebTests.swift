import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

/// The web pages through HTTP as a browser sends it: cookies, the CSRF token, forms. The
/// journeys in a real browser are in `Tests/Browser`.
@Suite struct WebTests {
    static let today = ReportDate(year: 2025, month: 3, day: 10)

    /// A store with one member of each role (password `password-<role>`), today fixed.
    static func api() async throws -> OfficeAPI {
        let store = try await APITests.staffedStore()
        var api = OfficeAPI(office: Office(store: store, calendar: try WorkingDayCalendar.bundled(), today: { Self.today }))
        api.officeName = "某某镇人民政府"
        return api
    }

    /// A browser's cookie jar over the test client.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        init(_ client: any TestClientProtocol) { self.client = client }

        var csrf: String { cookies["gongkai_csrf"] ?? "" }

        struct Page {
            var status: Int
            var text: String
            var location: String?
            var headers: HTTPFields
        }

        @discardableResult
        func get(_ uri: String) async throws -> Page { try await send(.get, uri, body: nil, type: nil) }

        @discardableResult
        func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
            let all = [("_csrf", csrf ?? self.csrf)] + fields
            let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
            return try await send(.post, uri, body: ByteBuffer(string: body), type: "application/x-www-form-urlencoded")
        }

        func postMultipart(_ uri: String, fields: [(String, String)], file: (field: String, name: String, bytes: [UInt8])) async throws -> Page {
            let boundary = "----gongkai\(UUID().uuidString)"
            var body: [UInt8] = []
            for (k, v) in [("_csrf", csrf)] + fields {
                body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
            }
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
            return try await send(.post, uri, body: ByteBuffer(bytes: body), type: "multipart/form-data; boundary=\(boundary)")
        }

        static func encode(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)?.replacingOccurrences(of: "%20", with: "+") ?? ""
        }

        func send(_ method: HTTPRequest.Method, _ uri: String, body: ByteBuffer?, type: String?) async throws -> Page {
            var headers: HTTPFields = [:]
            if let type { headers[.contentType] = type }
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                Page(
                    status: Int(response.status.code), text: String(buffer: response.body), location: response.headers[.location],
                    headers: response.headers)
            }
            for field in page.headers[fields: .setCookie] {
                let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let value = pair.count > 1 ? String(pair[1]) : ""
                if field.value.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
            }
            return page
        }

        func logIn(_ role: String) async throws {
            try await get("/login")
            let r = try await post("/login", [("name", role), ("password", "password-\(role)")])
            #expect(r.status == 303)
        }
    }

    static let application: [(String, String)] = [
        ("applicantType", "citizen"), ("name", "王小明"), ("identityDocument", "居民身份证"), ("identityNumber", "11010519491231002X"),
        ("phone", "13800138000"), ("email", "wang@example.com"), ("title", "2024年度镇级财政决算"), ("form", "电子文档"), ("delivery", "电子邮件"),
        ("declared", "yes"),
    ]

    @Test func everyPageIsChineseWithTheSecurityHeadersAndNoInlineScript() async throws {
        let app = Application(router: try await Self.api().router())
        try await app.test(.router) { client in
            let b = Browser(client)
            for path in ["/", "/apply", "/track", "/reports", "/statistics", "/workbench", "/login"] {
                let page = try await b.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.text.contains("<html lang=\"zh-CN\">"), "\(path)")
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(!page.text.contains("<script>") && !page.text.contains(" style=\""), "\(path) has inline script or style")
            }
            let missing = try await b.get("/no-such-page")
            #expect(missing.status == 404 && missing.text.contains("页面不存在"))
            #expect(b.cookies["gongkai_csrf"]?.count == 43)
        }
    }

    @Test func anApplicantAppliesWithFieldErrorsFirstThenTracksWithTheCode() async throws {
        let api = try await Self.api()
        let app = Application(router: api.router())
        try await app.test(.router) { client in
            let b = Browser(client)
            try await b.get("/apply")
            // Every wrong field is named, and what was typed is kept.
            var wrong = Self.application.filter { $0.0 != "declared" }
            wrong = wrong.map { $0.0 == "identityNumber" ? ($0.0, "110105194912310021") : $0 }
            let refused = try await b.post("/apply", wrong)
            #expect(refused.status == 200)
            #expect(refused.text.contains("居民身份证号码应为18位，且校验位正确") && refused.text.contains("请阅读并勾选申请人声明"))
            #expect(refused.text.contains("value=\"王小明\""))
            #expect(try await api.office.store.applications(after: nil, limit: 10).isEmpty)

            let receipt = try await b.post("/apply", Self.application)
            #expect(receipt.status == 201)
            #expect(receipt.text.contains("收到申请之日</dt><dd>2025-03-10"))
            #expect(receipt.text.contains("2025-04-08"), "the reply day: 20 working days after 2025-03-10")
            let token = try #require(receipt.text.firstMatch(of: /id="token">([A-Za-z0-9_-]{43})</)?.1)
            let stored = try #require(try await api.office.store.applications(after: nil, limit: 10).first)
            #expect(stored.channel == .online && stored.applicantName == "王小明" && stored.contact?.contains("11010519491231002X") == true)

            let tracked = try await b.post("/track", [("code", String(token))])
            #expect(tracked.status == 200 && tracked.text.contains("办理中") && tracked.text.contains("2025-04-08"))
            for personal in ["王小明", "13800138000", "11010519491231002X", "2024年度镇级财政决算"] {
                #expect(!tracked.text.contains(personal), "the tracking page shows \(personal)")
            }
            let other = try await b.post("/track", [("code", String(token.dropLast()) + "x")])
            #expect(other.status == 200 && other.text.contains("没有与此查询码对应的申请"))
        }
    }

    @Test func aFormWithoutItsTokenIsRefusedAndChangesNothing() async throws {
        let api = try await Self.api()
        let app = Application(router: api.router())
        try await app.test(.router) { client in
            let b = Browser(client)
            try await b.get("/apply")
            let forged = try await b.post("/apply", Self.application, csrf: "x" + String(b.csrf.dropFirst()))
            #expect(forged.status == 403 && forged.text.contains("表单已过期或来源不明"))
            let fresh = Browser(client)
            let noCookie = try await fresh.post("/login", [("name", "admin"), ("password", "password-admin")], csrf: "")
            #expect(noCookie.status == 403)
            #expect(try await api.office.store.applications(after: nil, limit: 10).isEmpty)
        }
    }

    @Test func staffPagesNeedALoginAndTheRightRole() async throws {
        let app = Application(router: try await Self.api().router())
        try await app.test(.router) { client in
            let b = Browser(client)
            let away = try await b.get("/office/requests")
            #expect(away.status == 303 && away.location == "/login?next=/office/requests")
            try await b.get("/login")
            let wrong = try await b.post("/login", [("name", "clerk"), ("password", "not the password")])
            #expect(wrong.status == 200 && wrong.text.contains("用户名或密码错误"))
            try await b.logIn("clerk")
            let session = try #require(b.cookies["gongkai_session"])
            #expect(session.count == 43)
            #expect(try await b.get("/office").status == 200)
            let staff = try await b.get("/office/staff")
            #expect(staff.status == 403 && staff.text.contains("经办人无权查看此页面"))
            #expect(try await b.get("/supervision").status == 403)
            // A next page elsewhere is never followed.
            #expect(OfficePages.safeNext("//evil.example/x") == "" && OfficePages.safeNext("/office/items") == "/office/items")
            try await b.post("/logout", [])
            #expect(b.cookies["gongkai_session"] == nil)
            b.cookies["gongkai_session"] = session
            #expect(try await b.get("/office").status == 303, "a session logged out is over")
        }
    }

    @Test func aClerkRegistersAndAnswersARequestOnlyByTheActionsItsStateAllows() async throws {
        let api = try await Self.api()
        let app = Application(router: api.router())
        try await app.test(.router) { client in
            let clerk = Browser(client)
            try await clerk.logIn("clerk")
            let registered = try await clerk.post(
                "/office/new-request",
                [
                    ("id", "2025-0007"), ("applicant", "commercial"), ("channel", "in_person"), ("receivedOn", "2025-03-03"),
                    ("submittedOn", "2025-03-03"),
                    ("request", "某道路工程的招标文件"), ("applicantName", "某公司"),
                ])
            #expect(registered.status == 201)
            var page = try await clerk.get("/office/requests/2025-0007")
            #expect(page.text.contains("告知补正") && !page.text.contains("确认答复"), "a clerk does not decide")
            var r = try await clerk.post(
                "/office/requests/2025-0007/events", [("kind", "correction_requested"), ("on", "2025-03-05"), ("dueBy", "2025-03-20")])
            #expect(r.status == 303)
            page = try await clerk.get("/office/requests/2025-0007")
            #expect(page.text.contains("已记录：告知补正") && page.text.contains("收到补正"))
            #expect(page.text.contains("/office/requests/2025-0007/notices/correction/docx"))
            let notice = try await clerk.get("/office/requests/2025-0007/notices/correction/docx")
            #expect(notice.status == 200 && notice.text.hasPrefix("PK"))
            #expect(try await clerk.get("/office/requests/2025-0007/notices/reply/docx").status == 404, "no reply yet")
            #expect(!page.text.contains("<summary>告知补正</summary>"), "补正 is told once")
            r = try await clerk.post("/office/requests/2025-0007/events", [("kind", "correction_received"), ("on", "2025-03-01")])
            page = try await clerk.get("/office/requests/2025-0007")
            #expect(page.text.contains("未能记录「收到补正」"))
            r = try await clerk.post("/office/requests/2025-0007/events", [("kind", "correction_received"), ("on", "2025-03-10")])

            let head = Browser(client)
            try await head.logIn("head")
            r = try await head.post(
                "/office/requests/2025-0007/events", [("kind", "decided"), ("on", "2025-03-12"), ("outcome", "granted"), ("basis", "条例第三十六条第（二）项")])
            page = try await head.get("/office/requests/2025-0007")
            #expect(page.text.contains("已于2025-03-12办结"))
            let c = try await api.office.request(id: "2025-0007")
            #expect(c.closing?.outcome == .granted)
            let report = try await clerk.get("/office/report?year=2025")
            #expect(report.text.contains("data-cell=\"t3.granted.commercial\" class=\"ok\" title=\"t3.granted.commercial\">1<"))
        }
    }

    @Test func theWorkbenchMarksTheBrokenCellAndChecksACorrectionAtOnce() async throws {
        let app = Application(router: try await Self.api().router())
        try await app.test(.router) { client in
            let b = Browser(client)
            try await b.get("/workbench")
            let text = try String(contentsOf: Self.fixture("text/pingtan-2023-flat.txt"), encoding: .utf8)
            let broken = text.replacingOccurrences(of: "本年新收政府信息公开申请数量", with: "本年新收政府信息公开申请数量 ")
            let uploaded = try await b.postMultipart("/workbench", fields: [], file: ("file", "report.txt", Array(broken.utf8)))
            #expect(uploaded.status == 303)
            let location = try #require(uploaded.location)
            let page = try await b.get(location)
            #expect(page.status == 200 && page.text.contains("2021年版格式"))
            let refused = try await b.postMultipart("/workbench", fields: [], file: ("file", "old.doc", [0xD0, 0xCF, 0x11, 0xE0, 0, 0]))
            #expect(refused.status == 200 && refused.text.contains("旧版Word或WPS文件"))
            // A correction makes the row sum break: the cell is marked and the finding names it.
            let corrected = try await b.post(location, [("cell:t3.new.natural", "9999")])
            #expect(corrected.status == 303)
            let after = try await b.get(location)
            #expect(after.text.contains("已更正1个单元格并重新检查"))
            #expect(after.text.contains(#"data-cell="t3.new.natural" class="error""#))
            #expect(after.text.contains("data-cells=\"") && after.text.contains("t3.new.natural"))
            let docx = try await b.get(location + "/download/md")
            #expect(docx.status == 200 && docx.text.contains("9999"))
        }
    }

    @Test func aFindingInAPDFOpensThePageItStandsOn() async throws {
        let app = Application(router: try await Self.api().router())
        try await app.test(.router) { client in
            let b = Browser(client)
            try await b.get("/workbench")
            let pdf = try Data(contentsOf: Self.fixture("pdf/hongze-qu-2024.pdf"))
            let uploaded = try await b.postMultipart("/workbench", fields: [], file: ("file", "洪泽区2024.pdf", Array(pdf)))
            let location = try #require(uploaded.location)
            let page = try await b.get(location)
            let link = try #require(page.text.firstMatch(of: /href="(\/workbench\/[^"]+\/pages\/(\d+))">查看第\d+页原文/))
            let image = try await b.get(String(link.1))
            #expect(image.status == 200 && image.headers[.contentType] == "image/png" && image.text.dropFirst().hasPrefix("PNG\r\n"))
            #expect(try await b.get(location + "/pages/999").status == 404)
        }
    }

    static func fixture(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(path)")
    }
}
