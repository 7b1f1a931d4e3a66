import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiRendering
import Hummingbird

/// Requests (依申请公开): registering, listing, one request, its events; the year's report.
struct ApplicationController {
    let office: Office

    func register(
        register: RouterGroup<OfficeRequestContext>, read: RouterGroup<OfficeRequestContext>, record: RouterGroup<OfficeRequestContext>,
        correct: RouterGroup<OfficeRequestContext>, publish: RouterGroup<OfficeRequestContext>
    ) {
        register.post("applications", use: create)
        read.get("applications", use: list)
        read.get("applications/:id", use: show)
        read.get("reports/:year", use: report)
        read.get("reports/:year/changes", use: changes)
        record.post("applications/:id/events", use: event)
        correct.post("applications/:id/voids", use: void)
        correct.post("applications/:id/corrections", use: correctRequest)
        publish.post("reports/:year/publication", use: publishReport)
    }

    struct VoidBody: Decodable {
        var event: Int
        var reason: String
    }
    struct Correction: Decodable {
        var field: String
        var value: String
        var reason: String
    }
    struct Publication: Decodable {
        var agency: String
        var on: String
    }
    struct Published: Encodable {
        var year: Int
        var agency: String
        var publishedOn: String
        var cells: Int
    }
    struct Change: Encodable {
        var cell: String
        var published: String
        var now: String
    }
    struct Changes: Encodable {
        var published: Bool
        var publishedOn: String?
        var changes: [Change]
    }

    @Sendable func void(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(VoidBody.self, from: request)
        let c = try await office.voidEvent(
            number: body.event, on: context.parameters.get("id") ?? "", reason: body.reason, by: "staff:\(try context.member().name)")
        return JSONBody.response(Messages.Application(c, calendar: office.calendar, today: today))
    }

    @Sendable func correctRequest(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Correction.self, from: request)
        let c = try await office.correctRequest(
            id: context.parameters.get("id") ?? "", field: body.field, value: body.value, reason: body.reason,
            by: "staff:\(try context.member().name)")
        return JSONBody.response(Messages.Application(c, calendar: office.calendar, today: today))
    }

    @Sendable func publishReport(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self) else { throw APIError(.badRequest, field: "year", "a year") }
        let body = try await JSONBody.decode(Publication.self, from: request)
        let on = try dateParameter(body.on, field: "on")
        let published = try await office.publishReport(year: year, agency: body.agency, on: on, by: "staff:\(try context.member().name)")
        return JSONBody.response(
            Published(year: year, agency: published.agency, publishedOn: published.publishedOn.description, cells: published.cells.count),
            status: .created)
    }

    @Sendable func changes(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self) else { throw APIError(.badRequest, field: "year", "a year") }
        let agency = request.uri.queryParameters.get("agency") ?? "本机关"
        guard let (published, changes) = try await office.changesSincePublication(year: year, agency: agency) else {
            return JSONBody.response(Changes(published: false, publishedOn: nil, changes: []))
        }
        return JSONBody.response(
            Changes(
                published: true, publishedOn: published.publishedOn.description,
                changes: changes.map { Change(cell: $0.cell, published: $0.published, now: $0.now) }))
    }

    var today: ReportDate { office.today() }

    @Sendable func create(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let form = try await JSONBody.decode(Messages.NewApplication.self, from: request)
        let (c, token) = try await office.registerRequest(form, by: "staff:\(try context.member().name)")
        return JSONBody.response(
            Messages.Created(application: .init(c, calendar: office.calendar, today: today), trackingToken: token), status: .created)
    }

    @Sendable func list(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 50
        guard (1...500).contains(limit) else { throw APIError(.unprocessableContent, field: "limit", "1 to 500") }
        let after = request.uri.queryParameters.get("after")
        let page = try await office.store.applications(after: after, limit: limit)
        return JSONBody.response(Messages.Page(items: page.map { .init($0, office: office) }, next: page.count == limit ? page.last?.id : nil))
    }

    @Sendable func show(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let c = try await office.request(id: context.parameters.get("id") ?? "")
        return JSONBody.response(Messages.Application(c, calendar: office.calendar, today: today))
    }

    /// An event; a decision needs a role that decides, an extension the head, who is the one
    /// that approves it (never a name typed in).
    @Sendable func event(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let form = try await JSONBody.decode(Messages.NewEvent.self, from: request)
        let c = try await office.recordEvent(form, on: context.parameters.get("id") ?? "", member: try context.member())
        return JSONBody.response(Messages.Application(c, calendar: office.calendar, today: today))
    }

    @Sendable func report(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self) else { throw APIError(.badRequest, field: "year", "a year") }
        let agency = request.uri.queryParameters.get("agency") ?? "本机关"
        let report = try await office.yearReport(year: year, agency: agency)
        if request.uri.queryParameters.get("format") == "md" {
            let data = try ReportWriter(format: .md).write(report)
            return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: CellsDocument.render(report))))
    }
}
