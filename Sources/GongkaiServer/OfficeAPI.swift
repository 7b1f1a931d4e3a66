import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiRendering
import GongkaiStore
import Hummingbird

/// The JSON HTTP API of a disclosure office (`gongkai serve`): staff log in for a session token
/// and act within their role; an applicant follows a request with the private token given at
/// registration; the working-day calendar and the OpenAPI document are public.
public struct OfficeAPI: Sendable {
    /// The office's use cases, which every route that changes or computes records calls.
    public var office: Office
    public var store: any RecordStore { office.store }
    public var calendar: WorkingDayCalendar { office.calendar }
    /// How long a login lasts.
    public var sessionLength: Duration = .seconds(8 * 3600)

    public init(store: any RecordStore, calendar: WorkingDayCalendar) {
        office = Office(store: store, calendar: calendar)
    }

    public init(office: Office) { self.office = office }

    /// What each role may do.
    enum Permission {
        case register, recordEvent, decide, extend, read, audit, manageStaff, keepRegisters, approve

        var roles: Set<StaffMember.Role> {
            switch self {
            case .register: [.clerk, .head]
            case .recordEvent: [.clerk, .reviewer, .head]
            case .decide: [.reviewer, .head]
            case .extend: [.head]
            case .read: [.clerk, .reviewer, .head, .auditor]
            case .audit: [.auditor, .admin]
            case .manageStaff: [.admin]
            case .keepRegisters: [.clerk, .head]
            case .approve: [.clerk, .reviewer, .head]
            }
        }
    }

    /// The staff member the request's bearer token belongs to, if allowed to do `permission`.
    func staff(_ request: Request, may permission: Permission) async throws -> StaffMember {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, "log in first (POST /api/session) and send Authorization: Bearer TOKEN")
        }
        let hash = Credentials.digest(String(header.dropFirst("Bearer ".count)))
        guard let session = try await call({ try await store.session(tokenHash: hash) }), session.expiresAt > RecordJSON.iso(Date()),
            let member = try await call({ try await store.staffMember(name: session.name) })
        else { throw APIError(.unauthorized, "the session is unknown or has expired") }
        guard permission.roles.contains(member.role) else {
            throw APIError(.forbidden, "\(member.role.label)无此权限")
        }
        return member
    }

    /// Runs a store call; a store error becomes the API error it means.
    func call<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as StoreError { throw APIError.from(error) }
    }

    func date(_ text: String?, field: String) throws -> ReportDate {
        guard let text else { throw APIError(.badRequest, field: field, "missing field \(field)") }
        guard let d = ReportDate(iso: text) else { throw APIError(.unprocessableContent, field: field, "\(text) is not a date (YYYY-MM-DD)") }
        return d
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in "ok" }
        router.get("/openapi.json") { _, _ -> Response in
            let data = OpenAPIDocument.data
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        router.post("/api/session") { request, _ -> Response in
            let login = try await JSONBody.decode(Messages.Login.self, from: request)
            guard let member = try await call({ try await store.staffMember(name: login.name) }),
                Credentials.verify(password: login.password, against: member.passwordHash)
            else { throw APIError(.unauthorized, "wrong name or password") }
            let token = Credentials.newToken()
            let expires = RecordJSON.iso(Date().addingTimeInterval(Double(sessionLength.components.seconds)))
            try await call { try await store.createSession(tokenHash: Credentials.digest(token), name: member.name, expiresAt: expires) }
            return JSONBody.response(Messages.Session(token: token, role: member.role.rawValue, expiresAt: expires), status: .created)
        }

        router.post("/api/staff") { request, _ -> Response in
            let admin = try await staff(request, may: .manageStaff)
            let new = try await JSONBody.decode(Messages.NewStaff.self, from: request)
            let member = try await call { try await office.addStaff(name: new.name, role: new.role, password: new.password, by: "staff:\(admin.name)") }
            return JSONBody.response(["name": member.name, "role": member.role.rawValue], status: .created)
        }

        router.post("/api/applications") { request, _ -> Response in
            let clerk = try await staff(request, may: .register)
            let form = try await JSONBody.decode(Messages.NewApplication.self, from: request)
            let (c, token) = try await call { try await office.registerRequest(form, by: "staff:\(clerk.name)") }
            return JSONBody.response(Messages.Created(application: .init(c, calendar: calendar, today: today), trackingToken: token), status: .created)
        }

        router.get("/api/applications") { request, _ -> Response in
            _ = try await staff(request, may: .read)
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 50
            guard (1...500).contains(limit) else { throw APIError(.unprocessableContent, field: "limit", "1 to 500") }
            let after = request.uri.queryParameters.get("after")
            let page = try await call { try await store.applications(after: after, limit: limit) }
            return JSONBody.response(Messages.Page(items: page.map { .init($0, calendar: calendar, today: today) }, next: page.count == limit ? page.last?.id : nil))
        }

        router.get("/api/applications/:id") { request, context -> Response in
            _ = try await staff(request, may: .read)
            let id = context.parameters.get("id") ?? ""
            guard let c = try await call({ try await store.application(id: id) }) else { throw APIError(.notFound, "application \(id)") }
            return JSONBody.response(Messages.Application(c, calendar: calendar, today: today))
        }

        router.post("/api/applications/:id/events") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let new = try await JSONBody.decode(Messages.NewEvent.self, from: request)
            let permission: Permission = new.kind == "decided" ? .decide : new.kind == "extended" ? .extend : .recordEvent
            let member = try await staff(request, may: permission)
            let c = try await call { try await office.recordEvent(new, on: id, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Application(c, calendar: calendar, today: today))
        }

        router.get("/api/track/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            guard let c = try await call({ try await store.application(trackingHash: Credentials.digest(token)) }) else {
                throw APIError(.notFound, "no request has this tracking token")
            }
            let deadline = c.closing == nil ? (try? c.answerDeadline(calendar: calendar)).map { Messages.DeadlineOut(due: $0.due?.description, explanation: $0.explanation) } : nil
            return JSONBody.response(Messages.Tracking(
                id: c.id, receivedOn: c.receivedOn.description, state: Messages.state(c), closedOn: c.closing?.on.description,
                outcome: c.closing?.outcome.rowKey, outcomeLabel: c.closing?.outcome.label, deadline: deadline))
        }

        router.get("/api/deadline") { request, _ -> Response in
            let from = try date(request.uri.queryParameters.get("from"), field: "from")
            let days = request.uri.queryParameters.get("workingDays", as: Int.self) ?? 20
            guard (1...366).contains(days) else { throw APIError(.unprocessableContent, field: "workingDays", "1 to 366") }
            do {
                let d = try DeadlineRule(workingDays: days, purpose: "").deadline(from: from, startEvent: "", calendar: calendar)
                return JSONBody.response(Messages.DeadlineOut(due: d.due?.description, explanation: d.explanation))
            } catch {
                throw APIError(.unprocessableContent, field: "from", "\(error)")
            }
        }

        router.get("/api/reports/:year") { request, context -> Response in
            _ = try await staff(request, may: .read)
            guard let year = context.parameters.get("year", as: Int.self) else { throw APIError(.badRequest, field: "year", "a year") }
            let agency = request.uri.queryParameters.get("agency") ?? "本机关"
            let report = try await call { try await office.yearReport(year: year, agency: agency) }
            if request.uri.queryParameters.get("format") == "md" {
                let data = try ReportWriter(format: .md).write(report)
                return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            let json = CellsDocument.render(report)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }

        // The proactive-disclosure register: items, their review chain, publication.
        router.post("/api/items") { request, _ -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let form = try await JSONBody.decode(Messages.NewItem.self, from: request)
            let item = try await call { try await office.addItem(form, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Item(item, calendar: calendar, today: today), status: .created)
        }

        router.get("/api/items") { request, _ -> Response in
            _ = try await staff(request, may: .read)
            let items = try await call { try await store.items() }
            return JSONBody.response(items.map { Messages.Item($0, calendar: calendar, today: today) })
        }

        router.post("/api/items/:id/approvals") { request, context -> Response in
            let member = try await staff(request, may: .approve)
            let body = try await JSONBody.decode(Messages.Day.self, from: request)
            let id = context.parameters.get("id") ?? ""
            let item = try await call { try await office.approveItem(id: id, on: body.on, by: member.name, actor: "staff:\(member.name)") }
            return JSONBody.response(Messages.Item(item, calendar: calendar, today: today))
        }

        router.post("/api/items/:id/publication") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Day.self, from: request)
            let id = context.parameters.get("id") ?? ""
            let item = try await call { try await office.publishItem(id: id, on: body.on, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Item(item, calendar: calendar, today: today))
        }

        router.post("/api/items/:id/repeal") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Day.self, from: request)
            let id = context.parameters.get("id") ?? ""
            let item = try await call { try await office.repealItem(id: id, on: body.on, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Item(item, calendar: calendar, today: today))
        }

        // The review and litigation register (table 四).
        router.post("/api/reviews") { request, _ -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let form = try await JSONBody.decode(Messages.NewReview.self, from: request)
            let review = try await call { try await office.addReview(form, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Review(review), status: .created)
        }

        router.post("/api/reviews/:id/decision") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.ReviewDecision.self, from: request)
            let id = context.parameters.get("id") ?? ""
            let review = try await call {
                try await office.decideReview(id: id, result: body.result, on: body.on, text: body.text, by: "staff:\(member.name)")
            }
            return JSONBody.response(Messages.Review(review))
        }

        // The year's counts of table 二 that are not items.
        router.put("/api/tallies/:year") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Tally.self, from: request)
            guard let year = context.parameters.get("year", as: Int.self), year == body.year else {
                throw APIError(.unprocessableContent, field: "year", "the year in the path and in the body differ")
            }
            _ = try await call { try await office.setTally(body, by: "staff:\(member.name)") }
            return JSONBody.response(body)
        }

        router.get("/api/audit") { request, _ -> Response in
            _ = try await staff(request, may: .audit)
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            let entries = try await call { try await store.auditLog(entityID: request.uri.queryParameters.get("entity"), limit: min(max(limit, 1), 1000)) }
            return JSONBody.response(entries.map {
                Messages.Audit(sequence: $0.sequence, at: $0.at, actor: $0.actor, entity: $0.entity, entityId: $0.entityID, action: $0.action, before: $0.before, after: $0.after)
            })
        }
        return router
    }

    /// Today in China, as the office is given it.
    var today: ReportDate { office.today() }

    /// The server on `host:port`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "gongkai"))
    }
}

enum OpenAPIDocument {
    static let data: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else { return Array("{}".utf8) }
        return Array(data)
    }()
}
