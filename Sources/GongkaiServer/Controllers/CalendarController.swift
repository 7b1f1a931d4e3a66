import GongkaiOffice
import GongkaiRecords
import Hummingbird

/// The working-day calendar's years: listed for anyone, the next one added by the administrator
/// from its State Council notice.
struct CalendarController {
    let office: Office

    struct YearOut: Encodable {
        var year: Int
        var notices: [String]
    }

    func register(on router: Router<OfficeRequestContext>, keep: RouterGroup<OfficeRequestContext>) {
        router.get("/api/calendar/years", use: list)
        keep.post("calendar/years", use: add)
    }

    @Sendable func list(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let calendar = office.calendar
        return JSONBody.response(calendar.years.map { YearOut(year: $0, notices: calendar.notices(for: $0)) })
    }

    @Sendable func add(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try await JSONBody.decode(WorkingDayCalendar.Year.self, from: request)
        try await office.addCalendarYear(year, by: "staff:\(try context.member().name)")
        return JSONBody.response(YearOut(year: year.year, notices: year.notices), status: .created)
    }
}
