import Foundation
import GongkaiDocuments
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiRendering
import GongkaiStore
import GongkaiSupervision
import Hummingbird

/// The JSON HTTP API of a disclosure office (`gongkai serve`): staff log in for a session token
/// and act within their role; an applicant follows a request with the private token given at
/// registration; the working-day calendar and the OpenAPI document are public.
///
/// The composition root: the controllers of each area registered on route groups, each group
/// behind the role check it needs, and the office's errors turned into answers in one place.
public struct OfficeAPI: Sendable {
    /// The office's use cases, which every route that reads or changes records calls.
    public var office: Office
    public var store: any RecordStore { office.store }
    public var calendar: WorkingDayCalendar { office.calendar }
    /// How long a login lasts.
    public var sessionLength: Duration = .seconds(8 * 3600)
    /// How long a connection may stay idle (a request half sent included) before it is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// The office's name, as the web pages and the year's report print it.
    public var officeName = "本机关"
    /// Mark the web pages' cookies Secure: set when the server is reached over TLS (directly or
    /// through a proxy that terminates it).
    public var secureCookies = false

    public init(store: any RecordStore, calendar: WorkingDayCalendar) {
        office = Office(store: store, calendar: calendar)
    }

    public init(office: Office) { self.office = office }

    public func router() -> Router<OfficeRequestContext> {
        let router = Router(context: OfficeRequestContext.self)
        let pages = Pages(officeName: officeName)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: WebErrorPages(pages: pages))
        router.add(middleware: OfficeErrorMiddleware())
        StaticFiles.register(on: router)
        let web = router.group().add(middleware: WebSession(office: office, secure: secureCookies))
        PublicPages(office: office, pages: pages).register(on: web)
        OfficePages(office: office, pages: pages, sessionLength: sessionLength).register(on: web)
        RegisterPages(office: office, pages: pages).register(on: web)
        AdminPages(office: office, pages: pages).register(on: web)
        WorkbenchPages(pages: pages, reader: DocumentReader()).register(on: web)
        SupervisionPages(collection: Collection(office.store), pages: pages, today: office.today).register(on: web)
        PublicController(office: office).register(on: router)
        SessionController(office: office, sessionLength: sessionLength).register(on: router)
        let api = router.group("api")
        func staff(_ permission: Permission) -> RouterGroup<OfficeRequestContext> {
            api.group().add(middleware: StaffAuthentication(office: office, permission: permission))
        }
        StaffController(office: office).register(manage: staff(.manageStaff), audit: staff(.audit))
        ApplicationController(office: office).register(
            register: staff(.register), read: staff(.read), record: staff(.recordEvent), correct: staff(.correct), publish: staff(.publish))
        CalendarController(office: office).register(on: router, keep: staff(.keepCalendar))
        RegisterController(office: office).register(keep: staff(.keepRegisters), read: staff(.read), approve: staff(.approve))
        CollectionController(collection: Collection(office.store)).register(
            read: staff(.readCollection), collect: staff(.collect), keep: staff(.keepAgencies), review: staff(.reviewFindings))
        return router
    }

    /// The server on `host:port`, with idle connections closed after `idleTimeout`.
    public func application(host: String, port: Int) -> some ApplicationProtocol {
        let seconds = Int64(idleTimeout.components.seconds)
        return Application(
            router: router(), server: .http1(configuration: .init(idleTimeout: .seconds(seconds))),
            configuration: .init(address: .hostname(host, port: port), serverName: "gongkai"))
    }
}

enum OpenAPIDocument {
    static let data: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array("{}".utf8)
        }
        return Array(data)
    }()
}

/// A date query parameter, checked as the office checks dates.
func dateParameter(_ text: String?, field: String) throws -> ReportDate {
    do { return try Validate.date(text, field: field) } catch { throw APIError.from(error) }
}
