import Foundation
import GongkaiOffice
import GongkaiStore
import GongkaiSupervision
import Hummingbird
import Mustache

/// The web pages' templates (Mustache, in `Resources/templates`), loaded once, and the page
/// frame every page shares: the title, the navigation for the user's role, the flash message
/// and the CSRF token.
struct Pages: Sendable {
    let library: MustacheLibrary
    let officeName: String

    init(officeName: String) {
        self.officeName = officeName
        var library = MustacheLibrary()
        if let folder = Bundle.module.url(forResource: "templates", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        {
            for name in names.sorted() where name.hasSuffix(".mustache") {
                guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else { continue }
                do { try library.register(text, named: String(name.dropLast(".mustache".count))) } catch {
                    preconditionFailure("template \(name): \(error)")
                }
            }
        }
        self.library = library
    }

    /// A page: the template rendered with `data` inside the shared frame. A form shown again
    /// with what to put right is a page like any other (200): the status of a refusal (a
    /// forged form, a page not there, a role that may not) is kept for refusals.
    func render(
        _ template: String, title: String, data: [String: Any] = [:], context: OfficeRequestContext, request: Request,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var all = data
        all["title"] = title
        all["officeName"] = officeName
        all["csrf"] = context.csrf
        all["nav"] = Self.navigation(for: context.staff, path: request.uri.path)
        if let staff = context.staff {
            all["user"] = ["name": staff.name, "role": staff.role.label]
        }
        if let flash = request.cookies["gongkai_flash"].flatMap({ Data(base64Encoded: $0.value) }) {
            let text = String(decoding: flash, as: UTF8.self)
            all["flash"] = ["text": text, "error": text.hasPrefix("未能") || text.hasPrefix("错误")]
        }
        let html = library.render(Self.prepared(all), withTemplate: template) ?? "<!doctype html><title>错误</title><p>页面模板缺失：\(template)</p>"
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        if request.cookies["gongkai_flash"] != nil {
            response.setCookie(Cookie(name: "gongkai_flash", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The data with every empty text made a null value: Mustache counts an empty string as
    /// present, and `{{#due}}…{{/due}}` must not draw a label for a day that is not there.
    static func prepared(_ value: Any) -> Any {
        switch value {
        case let text as String: text.isEmpty ? Blank() : text
        case let dictionary as [String: Any]: dictionary.mapValues(prepared)
        case let array as [[String: Any]]: array.map { prepared($0) }
        case let array as [String]: array.map { prepared($0) }
        case let array as [Any]: array.map(prepared)
        default: value
        }
    }

    /// An absent value: renders as nothing and opens no section.
    struct Blank: MustacheCustomRenderable, CustomStringConvertible {
        var description: String { "" }
        var renderText: String { "" }
        var isNull: Bool { true }
    }

    /// The links of the navigation bar: the public ones, then those of the user's role.
    static func navigation(for staff: StaffMember?, path: String) -> [[String: Any]] {
        var links: [(String, String)] = [
            ("/", "首页"), ("/apply", "在线申请"), ("/track", "进度查询"), ("/reports", "年度报告"), ("/statistics", "统计数据"), ("/workbench", "报告工作台"),
        ]
        if let role = staff?.role {
            if Permission.read.roles.contains(role) {
                links += [
                    ("/office", "工作台"), ("/office/requests", "申请"), ("/office/items", "主动公开"), ("/office/reviews", "复议诉讼"),
                    ("/office/report", "本机关年报"),
                ]
            }
            if Permission.audit.roles.contains(role) { links.append(("/office/audit", "审计")) }
            if Permission.manageStaff.roles.contains(role) { links.append(("/office/staff", "人员与设置")) }
            if Permission.readCollection.roles.contains(role) {
                links += [("/supervision", "监督"), ("/supervision/findings", "问题复核"), ("/supervision/measures", "指标")]
            }
        }
        return links.map { href, label in
            let current = href == "/" ? path == "/" : (path == href || (path.hasPrefix(href + "/") && href != "/office"))
            return ["href": href, "label": label, "current": current]
        }
    }
}

/// A refusal on a web page: its status and what to tell the user, in Chinese.
struct WebError: Error {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// A redirect after a form was handled (303, so that a reload does not submit again), with a
/// message for the next page.
func redirect(_ location: String, flash: String? = nil) -> Response {
    var response = Response(status: .seeOther, headers: [.location: location])
    if let flash {
        response.setCookie(
            Cookie(name: "gongkai_flash", value: Data(flash.utf8).base64EncodedString(), maxAge: 60, path: "/", httpOnly: true, sameSite: .lax))
    }
    return response
}

/// The security headers of every answer: a Content-Security-Policy with no inline script or
/// style, no framing, no content sniffing, no referrer leaving the site.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            + "object-src 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A page may set a stricter policy of its own (a rendered report: its own style, no script).
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        return response
    }
}

/// The web pages' session and forms: the staff member of the `gongkai_session` cookie (the
/// same sessions, limits and expiry as the API's bearer tokens), a `gongkai_csrf` cookie set
/// on first visit, and every form that changes anything read and refused unless its `_csrf`
/// field matches that cookie (and the request comes from this site).
struct WebSession: RouterMiddleware {
    typealias Context = OfficeRequestContext
    let office: Office
    /// The largest form (uploads included).
    static let maximumBody = 64 << 20
    /// Whether cookies are marked Secure (served over TLS, directly or behind a proxy).
    let secure: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.overTLS = secure || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
        if let token = request.cookies["gongkai_session"]?.value, !token.isEmpty {
            if let member = try? await office.authenticate(token: token, for: .own) {
                context.staff = member
                context.sessionToken = token
            }
        }
        let existing = request.cookies["gongkai_csrf"]?.value ?? ""
        let valid = existing.count == 43 && existing.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        context.csrf = valid ? existing : Credentials.newToken()
        if request.method == .post {
            let type = request.headers[.contentType] ?? ""
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: Self.maximumBody) } catch {
                throw WebError(.contentTooLarge, "上传的内容超过\(Self.maximumBody >> 20) MB，请分批上传")
            }
            let bytes = Array(buffer.readableBytesView)
            if type.hasPrefix("multipart/form-data"),
                let boundary = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: .init(charactersIn: "\""))
            {
                guard let form = WebForm.multipart(bytes, boundary: boundary) else { throw WebError(.badRequest, "表单内容无法读取") }
                context.form = form
            } else {
                context.form = WebForm.urlEncoded(bytes)
            }
            guard valid, context.form["_csrf"] == existing else {
                throw WebError(.forbidden, "表单已过期或来源不明，请返回上一页刷新后重新提交")
            }
        }
        var response = try await next(request, context)
        if !valid {
            response.setCookie(Cookie(name: "gongkai_csrf", value: context.csrf, path: "/", secure: context.overTLS, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// Lets a web page through only for a logged-in member whose role may do `permission`; others
/// are sent to the login page (or told that their role may not).
struct WebAuthentication: RouterMiddleware {
    typealias Context = OfficeRequestContext
    let permission: Permission

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let staff = context.staff else {
            let next = request.method == .get ? request.uri.path : "/office"
            return redirect("/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/office"))
        }
        guard permission.roles.contains(staff.role) else { throw WebError(.forbidden, "\(staff.role.label)无权查看此页面") }
        return try await next(request, context)
    }
}

/// Every error on a web page shown as a page in Chinese with its status — a missing page, a
/// refusal, a fault of the server (whose detail goes to the log, never to the page).
struct WebErrorPages: RouterMiddleware {
    typealias Context = OfficeRequestContext
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") || request.uri.path == "/openapi.json" || request.uri.path == "/health" {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return page(error.status, error.message, request, context)
        } catch let error as APIError {
            return page(error.status, error.message, request, context)
        } catch let error as StoreError {
            let api = APIError.from(error)
            if api.status == .internalServerError {
                context.logger.error("store failure", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return page(api.status, api.message, request, context)
        } catch let error as CollectionError {
            return page(.unprocessableContent, error.description, request, context)
        } catch let error as HTTPError {
            let message =
                switch error.status {
                case .notFound: "页面不存在。请检查地址，或从首页进入。"
                case .methodNotAllowed: "此页面不接受这种请求。"
                case .contentTooLarge: "提交的内容过大。"
                default: "请求无法处理（\(error.status.code)）。"
                }
            return page(error.status, message, request, context)
        } catch {
            context.logger.error("web page failure", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return page(.internalServerError, "服务器内部错误，已记录；请稍后再试。", request, context)
        }
    }

    func page(_ status: HTTPResponse.Status, _ message: String, _ request: Request, _ context: Context) -> Response {
        pages.render(
            "error", title: "\(status.code) 出错了", data: ["status": status.code, "message": message], context: context, request: request,
            status: status)
    }
}

/// The stylesheet and the one script of the pages, from the bundled resources.
enum StaticFiles {
    static let files: [String: (type: String, bytes: [UInt8])] = {
        var out: [String: (String, [UInt8])] = [:]
        guard let folder = Bundle.module.url(forResource: "static", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [:] }
        for name in names {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            let type =
                name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "image/svg+xml"
            out[name] = (type, Array(data))
        }
        return out
    }()

    static func register(on router: Router<OfficeRequestContext>) {
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let file = files[name] else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}

/// A file to download, with a Chinese file name.
func download(_ bytes: [UInt8], type: String, filename: String) -> Response {
    let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
    return Response(
        status: .ok,
        headers: [.contentType: type, .contentDisposition: "attachment; filename=\"download\"; filename*=UTF-8''\(encoded)"],
        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}
