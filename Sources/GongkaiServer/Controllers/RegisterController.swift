import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import Hummingbird

/// The registers: proactive-disclosure items with their 三审 chain, reconsideration and
/// litigation cases (table 四), the year's tallies (table 二).
struct RegisterController {
    let office: Office

    func register(keep: RouterGroup<OfficeRequestContext>, read: RouterGroup<OfficeRequestContext>, approve: RouterGroup<OfficeRequestContext>) {
        keep.post("items", use: addItem)
        read.get("items", use: items)
        approve.post("items/:id/approvals", use: approveItem)
        keep.post("items/:id/publication", use: publishItem)
        keep.post("items/:id/repeal", use: repealItem)
        keep.post("reviews", use: addReview)
        keep.post("reviews/:id/decision", use: decideReview)
        keep.put("tallies/:year", use: setTally)
    }

    func answer(_ item: ProactiveItem, status: HTTPResponse.Status = .ok) -> Response {
        JSONBody.response(Messages.Item(item, calendar: office.calendar, today: office.today()), status: status)
    }

    @Sendable func addItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let form = try await JSONBody.decode(Messages.NewItem.self, from: request)
        return answer(try await office.addItem(form, by: "staff:\(try context.member().name)"), status: .created)
    }

    @Sendable func items(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let today = office.today()
        return JSONBody.response(try await office.store.items().map { Messages.Item($0, calendar: office.calendar, today: today) })
    }

    /// The next step of the chain, by the logged-in person, who must hold the step's role.
    @Sendable func approveItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let body = try await JSONBody.decode(Messages.Day.self, from: request)
        let item = try await office.approveItem(
            id: context.parameters.get("id") ?? "", on: body.on, by: member.name, role: member.role, actor: "staff:\(member.name)")
        return answer(item)
    }

    @Sendable func publishItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Messages.Day.self, from: request)
        return answer(try await office.publishItem(id: context.parameters.get("id") ?? "", on: body.on, by: "staff:\(try context.member().name)"))
    }

    @Sendable func repealItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Messages.Day.self, from: request)
        return answer(try await office.repealItem(id: context.parameters.get("id") ?? "", on: body.on, by: "staff:\(try context.member().name)"))
    }

    @Sendable func addReview(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let form = try await JSONBody.decode(Messages.NewReview.self, from: request)
        return JSONBody.response(Messages.Review(try await office.addReview(form, by: "staff:\(try context.member().name)")), status: .created)
    }

    @Sendable func decideReview(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Messages.ReviewDecision.self, from: request)
        let review = try await office.decideReview(
            id: context.parameters.get("id") ?? "", result: body.result, on: body.on, text: body.text, by: "staff:\(try context.member().name)")
        return JSONBody.response(Messages.Review(review))
    }

    @Sendable func setTally(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Messages.Tally.self, from: request)
        guard let year = context.parameters.get("year", as: Int.self), year == body.year else {
            throw APIError(.unprocessableContent, field: "year", "路径中的年份与请求中的不一致")
        }
        _ = try await office.setTally(body, by: "staff:\(try context.member().name)")
        return JSONBody.response(body)
    }
}
