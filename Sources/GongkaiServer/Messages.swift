import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird

/// The bodies of the API's requests and answers (the OpenAPI document describes the same).
enum Messages {
    typealias NewReview = ReviewForm
    typealias NewItem = ItemForm
    typealias NewApplication = RequestForm
    struct Login: Decodable {
        var name: String
        var password: String
    }
    struct Session: Encodable {
        var token: String
        var role: String
        var expiresAt: String
    }
    struct NewStaff: Decodable {
        var name: String
        var role: String
        var password: String
    }
    struct NewPassword: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    /// An event's request body is the records' own form.
    typealias NewEvent = EventForm

    /// A body naming only the day something happened (an approval, a publication, a repeal).
    struct Day: Decodable { var on: String }

    struct ItemApprovalOut: Encodable {
        var step: String
        var by: String
        var on: String
    }

    /// A proactive-disclosure item with its review and its Art. 26 limit.
    struct Item: Encodable {
        var id: String
        var title: String
        var category: Int
        var categoryLabel: String
        var formedOn: String
        var documentKind: String?
        var approvals: [ItemApprovalOut]
        var publishedOn: String?
        var repealedOn: String?
        var due: String?
        var overdue: Bool

        init(_ item: ProactiveItem, calendar: WorkingDayCalendar, today: ReportDate) {
            id = item.id
            title = item.title
            category = item.category.rawValue
            categoryLabel = item.category.label
            formedOn = item.formedOn.description
            documentKind = item.documentKind?.rawValue
            approvals = item.approvals.map { ItemApprovalOut(step: $0.step, by: $0.by, on: $0.on.description) }
            publishedOn = item.publishedOn?.description
            repealedOn = item.repealedOn?.description
            due = (try? item.disclosureDeadline(calendar: calendar))?.due?.description
            overdue = (try? item.isOverdue(on: today, calendar: calendar)) ?? false
        }
    }

    struct ReviewDecision: Decodable {
        var result: String
        var on: String
        var text: String?
    }

    struct Review: Encodable {
        var id: String
        var route: String
        var applicationId: String?
        var filedOn: String
        var decidedOn: String?
        var result: String?
        var resultText: String?

        init(_ r: ReviewCase) {
            id = r.id
            route = r.route.rawValue
            applicationId = r.applicationCaseID
            filedOn = r.filedOn.description
            decidedOn = r.decidedOn?.description
            result = r.result?.rawValue
            resultText = r.resultText
        }
    }

    typealias Tally = TallyForm

    struct EventOut: Encodable {
        var on: String
        var kind: String
        var label: String
    }
    struct DeadlineOut: Encodable {
        var due: String?
        var explanation: [String]
    }

    /// A request as staff see it.
    struct Application: Encodable {
        var id: String
        var applicationId: String
        var applicant: String
        var channel: String
        var receivedOn: String
        var request: String
        var applicantName: String?
        var contact: String?
        var state: String
        var closedOn: String?
        var outcome: String?
        var events: [EventOut]
        var deadline: DeadlineOut?
        var warnings: [String]

        init(_ c: ApplicationCase, calendar: WorkingDayCalendar, today: ReportDate) {
            id = c.id
            applicationId = c.applicationID
            applicant = c.applicant.rawValue
            channel = c.channel.rawValue
            receivedOn = c.receivedOn.description
            request = c.request
            applicantName = c.applicantName
            contact = c.contact
            state = Messages.state(c)
            closedOn = c.closing?.on.description
            outcome = c.closing?.outcome.rowKey
            events = c.events.map { EventOut(on: $0.date.description, kind: $0.kind, label: $0.label) }
            deadline =
                c.closing == nil
                ? (try? c.answerDeadline(calendar: calendar)).map { DeadlineOut(due: $0.due?.description, explanation: $0.explanation) } : nil
            warnings = (try? c.warnings(on: today, calendar: calendar)) ?? []
        }
    }

    struct Created: Encodable {
        var application: Application
        var trackingToken: String
    }
    struct Page: Encodable {
        var items: [ApplicationSummary]
        var next: String?
    }

    /// A request as a list shows it: where it stands and its reply day, flagged when past; no
    /// personal data, no history, no explanation (the request's own page has them).
    struct ApplicationSummary: Encodable {
        var id: String
        var applicant: String
        var channel: String
        var receivedOn: String
        var state: String
        var closedOn: String?
        var outcome: String?
        var due: String?
        var overdue: Bool

        init(_ c: ApplicationCase, office: Office) {
            id = c.id
            applicant = c.applicant.rawValue
            channel = c.channel.rawValue
            receivedOn = c.receivedOn.description
            state = Messages.state(c)
            let closing = c.closing
            closedOn = closing?.on.description
            outcome = closing?.outcome.rowKey
            let standing = office.standing(c)
            due = standing?.due?.description
            overdue = standing?.overdue ?? false
        }
    }

    /// What an applicant sees through the tracking token: where the request stands, never a
    /// name, a contact or the request's text.
    struct Tracking: Encodable {
        var id: String
        var receivedOn: String
        var state: String
        var closedOn: String?
        var outcome: String?
        var outcomeLabel: String?
        var deadline: DeadlineOut?
    }

    struct Audit: Encodable {
        var sequence: Int64
        var at: String
        var actor: String
        var entity: String
        var entityId: String
        var action: String
        var before: String?
        var after: String?
    }

    static func state(_ c: ApplicationCase) -> String {
        switch c.state {
        case .inProgress: "in_progress"
        case .awaitingCorrection: "awaiting_correction"
        case .inConsultation: "in_consultation"
        case .awaitingFee: "awaiting_fee"
        case .closed: "closed"
        }
    }
}

/// An answer with a 4xx or 5xx status and a JSON body naming the field at fault:
/// `{"error": {"status": 422, "field": "receivedOn", "message": "…"}}`.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var field: String?
    var message: String

    init(_ status: HTTPResponse.Status, field: String? = nil, _ message: String) {
        self.status = status
        self.field = field
        self.message = message
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            var status: Int
            var field: String?
            var message: String
        }
        var error: Inner
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.response(Body(error: .init(status: status.code, field: field, message: message)), status: status)
    }

    /// A case's refusal: 400 for a missing field, 422 for a bad one.
    init(_ error: CaseError) {
        if case .missing = error {
            self.init(.badRequest, field: error.field, error.description)
        } else {
            self.init(.unprocessableContent, field: error.field, error.description)
        }
    }

    static func from(_ error: StoreError) -> APIError {
        switch error {
        case .notFound(let what): APIError(.notFound, "不存在：\(what)")
        case .conflict(let what): APIError(.conflict, field: "id", "已存在：\(what)")
        case .rejected(let e): APIError(e)
        case .invalid(let field, let why): APIError(.unprocessableContent, field: field, why)
        case .denied(let why): APIError(.unauthorized, why)
        case .forbidden(let why): APIError(.forbidden, why)
        case .tooManyAttempts(let why): APIError(.tooManyRequests, why)
        // The detail is logged by the error middleware, never sent.
        case .badLocation, .database: APIError(.internalServerError, "服务器内部错误，已记录；请稍后再试")
        }
    }
}

enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a request body, naming the field when the JSON does not fit.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError(.badRequest, field: key.stringValue, "missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError(
                .badRequest, field: context.codingPath.map(\.stringValue).joined(separator: "."), "wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError(.badRequest, field: context.codingPath.map(\.stringValue).joined(separator: "."), "missing value")
        } catch {
            throw APIError(.badRequest, "the body is not JSON of the expected shape")
        }
    }
}
