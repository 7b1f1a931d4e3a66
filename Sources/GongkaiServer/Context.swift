import GongkaiOffice
import GongkaiStore
import Hummingbird
import Logging

/// The request context of the office's server: who is logged in (set by `StaffAuthentication`
/// on the route groups that need a session) and the address the request came from (for the
/// login limits).
public struct OfficeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in staff member, on the routes behind `StaffAuthentication`.
    public var staff: StaffMember?
    /// The peer's IP address, or `unknown`.
    public let address: String
    /// The web pages' CSRF token (the value of the `gongkai_csrf` cookie), set by `WebSession`.
    var csrf = ""
    /// A web form's fields and files, read and checked against the CSRF token by `WebSession`.
    var form = WebForm()
    /// Whether the request came over TLS (through a proxy that says so): cookies are marked Secure.
    var overTLS = false
    /// The session token of a logged-in web user, for logging out.
    var sessionToken: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The logged-in member: a route behind `StaffAuthentication` always has one.
    func member() throws -> StaffMember {
        guard let staff else { throw APIError(.unauthorized, "请先登录（POST /api/session）") }
        return staff
    }
}

/// Lets a request through only with a live session whose member's role may do `permission`:
/// the role check of a whole route group, declared once where the group is made.
struct StaffAuthentication: RouterMiddleware {
    let office: Office
    let permission: Permission

    func handle(
        _ request: Request, context: OfficeRequestContext, next: (Request, OfficeRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let token = bearerToken(request) else {
            throw APIError(.unauthorized, "请先登录（POST /api/session），并以 Authorization: Bearer TOKEN 发送会话令牌")
        }
        var context = context
        context.staff = try await office.authenticate(token: token, for: permission)
        return try await next(request, context)
    }
}

func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
    return String(header.dropFirst("Bearer ".count))
}

/// Turns the office's errors into answers, in one place: a refusal into the 4xx it means; a
/// fault of the database into a 500 whose body says only that it happened, the detail going to
/// the server's log, never to the client.
struct OfficeErrorMiddleware: RouterMiddleware {
    typealias Context = OfficeRequestContext

    func handle(
        _ request: Request, context: OfficeRequestContext, next: (Request, OfficeRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError {
            switch error {
            case .database, .badLocation:
                context.logger.error("store failure", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            default: break
            }
            throw APIError.from(error)
        }
    }
}
