import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords
import GongkaiRendering
import GongkaiStore
import Hummingbird

/// The JSON HTTP API of a disclosure office (`gongkai serve`): staff log in for a session token
/// and act within their role; an applicant follows a request with the private token given at
/// registration; the working-day calendar and the OpenAPI document are public.
public struct OfficeAPI: Sendable {
    public let store: any RecordStore
    public let calendar: WorkingDayCalendar
    /// How long a login lasts.
    public var sessionLength: Duration = .seconds(8 * 3600)
    /// The review steps before publication (三审 by default).
    public var reviewChain: ReviewChain = .standard

    public init(store: any RecordStore, calendar: WorkingDayCalendar) {
        self.store = store
        self.calendar = calendar
    }

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
            guard let role = StaffMember.Role(rawValue: new.role) else {
                throw APIError(.unprocessableContent, field: "role", "\(new.role) is not one of \(StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard new.password.count >= 10 else { throw APIError(.unprocessableContent, field: "password", "at least 10 characters") }
            let member = StaffMember(name: new.name, role: role, passwordHash: try Credentials.hash(password: new.password))
            try await call { try await store.create(member, by: "staff:\(admin.name)") }
            return JSONBody.response(["name": member.name, "role": member.role.rawValue], status: .created)
        }

        router.post("/api/applications") { request, _ -> Response in
            let clerk = try await staff(request, may: .register)
            let new = try await JSONBody.decode(Messages.NewApplication.self, from: request)
            guard let applicant = ApplicantKind(rawValue: new.applicant) else {
                throw APIError(.unprocessableContent, field: "applicant", "\(new.applicant) is not one of \(ApplicantKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let channel = Channel(rawValue: new.channel) else {
                throw APIError(.unprocessableContent, field: "channel", "\(new.channel) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !new.id.isEmpty, new.id.count <= 64 else { throw APIError(.unprocessableContent, field: "id", "1 to 64 characters") }
            guard !new.request.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIError(.unprocessableContent, field: "request", "申请应包括所需政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）")
            }
            var c = ApplicationCase(
                id: new.id, applicationID: new.applicationId, applicant: applicant, channel: channel, request: new.request,
                receivedOn: try date(new.receivedOn, field: "receivedOn"))
            if let submitted = new.submittedOn {
                c.submittedOn = try date(submitted, field: "submittedOn")
                if let error = ApplicationCase.receiptError(channel: channel, submittedOn: c.submittedOn, receivedOn: c.receivedOn) {
                    throw APIError(.unprocessableContent, field: error.field, error.description)
                }
            }
            c.applicantName = new.applicantName
            c.contact = new.contact
            let token = Credentials.newToken()
            c.trackingTokenHash = Credentials.digest(token)
            try await call { try await store.create(c, by: "staff:\(clerk.name)") }
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
            let event: ApplicationCase.Event
            do throws(CaseError) { event = try new.event(recordedBy: member.name) } catch { throw APIError(error) }
            let c = try await call { try await store.record(event, on: id, by: "staff:\(member.name)") }
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
            let report = try await call { try await store.yearReport(year: year, agency: agency) }
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
            let new = try await JSONBody.decode(Messages.NewItem.self, from: request)
            guard let category = DisclosureCategory(rawValue: new.category) else {
                throw APIError(.unprocessableContent, field: "category", "1 to 15 (条例 Art. 20)")
            }
            var kind: ProactiveItem.DocumentKind?
            if let k = new.documentKind {
                guard let parsed = ProactiveItem.DocumentKind(rawValue: k) else { throw APIError(.unprocessableContent, field: "documentKind", "rules or normative_docs") }
                kind = parsed
            }
            guard try await call({ try await store.item(id: new.id) }) == nil else { throw APIError(.conflict, field: "id", "already exists: item \(new.id)") }
            let item = ProactiveItem(id: new.id, title: new.title, category: category, formedOn: try date(new.formedOn, field: "formedOn"), documentKind: kind)
            try await call { try await store.save(item, by: "staff:\(member.name)") }
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
            let on = try date(body.on, field: "on")
            return try await changeItem(context.parameters.get("id") ?? "", by: member) { item throws(CaseError) in
                try item.approve(by: member.name, on: on, chain: reviewChain)
            }
        }

        router.post("/api/items/:id/publication") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Day.self, from: request)
            let on = try date(body.on, field: "on")
            return try await changeItem(context.parameters.get("id") ?? "", by: member) { item throws(CaseError) in
                try item.publish(on: on, chain: reviewChain)
            }
        }

        router.post("/api/items/:id/repeal") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Day.self, from: request)
            let d = try date(body.on, field: "on")
            return try await changeItem(context.parameters.get("id") ?? "", by: member) { item throws(CaseError) in try item.repeal(on: d) }
        }

        // The review and litigation register (table 四).
        router.post("/api/reviews") { request, _ -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let new = try await JSONBody.decode(Messages.NewReview.self, from: request)
            guard let route = ReviewCase.Route(rawValue: new.route) else {
                throw APIError(.unprocessableContent, field: "route", "review, suit_direct or suit_after_review")
            }
            let existing = try await call { try await store.reviews() }
            guard !existing.contains(where: { $0.id == new.id }) else { throw APIError(.conflict, field: "id", "already exists: review \(new.id)") }
            let review = ReviewCase(id: new.id, route: route, applicationCaseID: new.applicationId, filedOn: try date(new.filedOn, field: "filedOn"))
            try await call { try await store.save(review, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Review(review), status: .created)
        }

        router.post("/api/reviews/:id/decision") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.ReviewDecision.self, from: request)
            guard let result = ReviewCase.Result(rawValue: body.result) else { throw APIError(.unprocessableContent, field: "result", "upheld, corrected or other") }
            let id = context.parameters.get("id") ?? ""
            guard var review = try await call({ try await store.reviews() }).first(where: { $0.id == id }) else { throw APIError(.notFound, "review \(id)") }
            let on = try date(body.on, field: "on")
            do throws(CaseError) { try review.decide(result, on: on, text: body.text) } catch { throw APIError(error) }
            try await call { try await store.save(review, by: "staff:\(member.name)") }
            return JSONBody.response(Messages.Review(review))
        }

        // The year's counts of table 二 that are not items.
        router.put("/api/tallies/:year") { request, context -> Response in
            let member = try await staff(request, may: .keepRegisters)
            let body = try await JSONBody.decode(Messages.Tally.self, from: request)
            guard let year = context.parameters.get("year", as: Int.self), year == body.year else {
                throw APIError(.unprocessableContent, field: "year", "the year in the path and in the body differ")
            }
            guard [body.licensingDecisions, body.penaltyDecisions, body.coercionDecisions].allSatisfy({ $0 >= 0 }) else {
                throw APIError(.unprocessableContent, field: "licensingDecisions", "counts are not negative")
            }
            guard let fees = ReportNumber(parsing: body.adminFeesTenThousandYuan), fees >= ReportNumber(0) else {
                throw APIError(.unprocessableContent, field: "adminFeesTenThousandYuan", "a decimal number of 万元")
            }
            var tally = YearTally(year: year)
            tally.licensingDecisions = body.licensingDecisions
            tally.penaltyDecisions = body.penaltyDecisions
            tally.coercionDecisions = body.coercionDecisions
            tally.adminFeesTenThousandYuan = fees
            try await call { try await store.save(tally, by: "staff:\(member.name)") }
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

    /// Today in China, for overdue flags and warnings.
    var today: ReportDate { .todayInChina }

    /// Loads an item, applies a change the item's rules allow, saves it with its audit entry.
    func changeItem(_ id: String, by member: StaffMember, _ change: (inout ProactiveItem) throws(CaseError) -> Void) async throws -> Response {
        guard var item = try await call({ try await store.item(id: id) }) else { throw APIError(.notFound, "item \(id)") }
        do throws(CaseError) { try change(&item) } catch { throw APIError(error) }
        try await call { try await store.save(item, by: "staff:\(member.name)") }
        return JSONBody.response(Messages.Item(item, calendar: calendar, today: today))
    }

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
