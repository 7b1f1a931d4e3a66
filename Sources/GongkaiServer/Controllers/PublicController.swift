import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import Hummingbird

/// What anyone may ask: health, the OpenAPI document, an applicant's request by its tracking
/// token (never a name, a contact or the request's text), and the working-day calendar.
struct PublicController {
    let office: Office

    func register(on router: Router<OfficeRequestContext>) {
        router.get("/health") { _, _ in "ok" }
        router.get("/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.data)))
        }
        router.get("/api/track/:token", use: track)
        router.get("/api/deadline", use: deadline)
    }

    @Sendable func track(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let c = try await office.store.application(trackingHash: Credentials.digest(token)) else {
            throw APIError(.notFound, "没有与此查询码对应的申请")
        }
        let deadline =
            c.closing == nil
            ? (try? c.answerDeadline(calendar: office.calendar)).map { Messages.DeadlineOut(due: $0.due?.description, explanation: $0.explanation) }
            : nil
        return JSONBody.response(
            Messages.Tracking(
                id: c.id, receivedOn: c.receivedOn.description, state: Messages.state(c), closedOn: c.closing?.on.description,
                outcome: c.closing?.outcome.rowKey, outcomeLabel: c.closing?.outcome.label, deadline: deadline))
    }

    @Sendable func deadline(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let from = try dateParameter(request.uri.queryParameters.get("from"), field: "from")
        let days = request.uri.queryParameters.get("workingDays", as: Int.self) ?? 20
        guard (1...366).contains(days) else { throw APIError(.unprocessableContent, field: "workingDays", "1 to 366") }
        do {
            let d = try DeadlineRule(workingDays: days, purpose: "").deadline(from: from, startEvent: "", calendar: office.calendar)
            return JSONBody.response(Messages.DeadlineOut(due: d.due?.description, explanation: d.explanation))
        } catch {
            throw APIError(.unprocessableContent, field: "from", error.description)
        }
    }
}
