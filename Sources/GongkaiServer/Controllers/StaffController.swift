import GongkaiOffice
import Hummingbird

/// Staff accounts (管理员) and the audit log (审计员, 管理员), which shows an applicant's
/// personal data only to the roles that handle requests.
struct StaffController {
    let office: Office

    func register(manage: RouterGroup<OfficeRequestContext>, audit: RouterGroup<OfficeRequestContext>) {
        manage.post("staff", use: add)
        manage.delete("staff/:name", use: remove)
        audit.get("audit", use: log)
    }

    @Sendable func add(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let admin = try context.member()
        let new = try await JSONBody.decode(Messages.NewStaff.self, from: request)
        let member = try await office.addStaff(name: new.name, role: new.role, password: new.password, by: "staff:\(admin.name)")
        return JSONBody.response(["name": member.name, "role": member.role.rawValue], status: .created)
    }

    @Sendable func remove(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        try await office.removeStaff(name: context.parameters.get("name") ?? "", by: try context.member())
        return Response(status: .noContent)
    }

    @Sendable func log(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
        let entries = try await office.auditLog(entityID: request.uri.queryParameters.get("entity"), limit: limit, for: try context.member().role)
        return JSONBody.response(
            entries.map {
                Messages.Audit(
                    sequence: $0.sequence, at: $0.at, actor: $0.actor, entity: $0.entity, entityId: $0.entityID, action: $0.action, before: $0.before,
                    after: $0.after)
            })
    }
}
