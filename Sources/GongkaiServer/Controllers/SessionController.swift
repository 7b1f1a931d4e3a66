import GongkaiOffice
import Hummingbird

/// Logging in (within the limits on failed attempts), out, and changing one's own password.
struct SessionController {
    let office: Office
    let sessionLength: Duration

    func register(on router: Router<OfficeRequestContext>) {
        router.post("/api/session", use: logIn)
        // Any live session may end itself or change its own password.
        let own = router.group("api/session").add(middleware: StaffAuthentication(office: office, permission: .own))
        own.delete(use: logOut)
        own.put("password", use: changePassword)
    }

    @Sendable func logIn(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let login = try await JSONBody.decode(Messages.Login.self, from: request)
        let session = try await office.logIn(name: login.name, password: login.password, address: context.address, sessionLength: sessionLength)
        return JSONBody.response(
            Messages.Session(token: session.token, role: session.member.role.rawValue, expiresAt: session.expiresAt), status: .created)
    }

    @Sendable func logOut(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        try await office.logOut(token: bearerToken(request) ?? "")
        return Response(status: .noContent)
    }

    @Sendable func changePassword(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Messages.NewPassword.self, from: request)
        try await office.changePassword(name: try context.member().name, current: body.currentPassword, new: body.newPassword)
        return Response(status: .noContent)
    }
}
