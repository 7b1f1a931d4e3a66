import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// The calendar an office counts with, replaced whole when a year is added.
final class CalendarBox: @unchecked Sendable {
    private let lock = NSLock()
    private var calendar: WorkingDayCalendar

    init(_ calendar: WorkingDayCalendar) { self.calendar = calendar }

    var value: WorkingDayCalendar {
        lock.lock()
        defer { lock.unlock() }
        return calendar
    }

    func set(_ new: WorkingDayCalendar) {
        lock.lock()
        calendar = new
        lock.unlock()
    }
}

/// One cell whose value differs between the report as published and as the records give it now.
public struct ReportChange: Hashable, Sendable {
    public var cell: String
    public var published: String
    public var now: String

    public init(cell: String, published: String, now: String) {
        self.cell = cell
        self.published = published
        self.now = now
    }
}

extension Office {
    /// The office on a store, counting with the bundled calendar and the years the store keeps.
    public static func open(
        store: any RecordStore, today: @escaping @Sendable () -> ReportDate = { .todayInChina }, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(StoreError) -> Office {
        var calendar: WorkingDayCalendar
        do { calendar = try WorkingDayCalendar.bundled() } catch { throw .database(error.description) }
        for added in try await store.all(CalendarYear.self).sorted(by: { $0.year.year < $1.year.year })
        where added.year.year > calendar.years.upperBound {
            do { calendar = try calendar.adding(added.year) } catch {
                throw .database("the stored calendar year \(added.year.year) cannot be used: \(error)")
            }
        }
        return Office(store: store, calendar: calendar, today: today, now: now)
    }

    /// Adds the next year's arrangement, as its State Council notice sets it (an administrator's
    /// task); deadlines in that year are counted from then on.
    public func addCalendarYear(_ year: WorkingDayCalendar.Year, by actor: String) async throws(StoreError) {
        guard year.notices.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .invalid(field: "notices", "须写明设定该年放假安排的国务院办公厅通知（如 国办发明电〔2025〕7号）")
        }
        let extended: WorkingDayCalendar
        do { extended = try calendar.adding(year) } catch { throw .invalid(field: "year", error.description) }
        try await store.insert(CalendarYear(year), by: actor)
        calendarBox.set(extended)
    }

    /// The reason a correction gives: required, bounded.
    static func reason(_ text: String) throws(StoreError) -> String {
        try Validate.text(text, field: "reason", limit: 500, blank: "更正须写明理由")
    }

    /// Voids a request's event (the first is number 1), with a reason: the case is replayed
    /// without it, and the audit log keeps before and after.
    public func voidEvent(number: Int, on id: String, reason: String, by actor: String) async throws(StoreError) -> ApplicationCase {
        let reason = try Self.reason(reason), calendar = calendar
        return try await store.updateApplication(id: id, action: "void \(number)：\(reason)", by: actor) { c throws(CaseError) in
            try c.voidEvent(at: number - 1, calendar: calendar)
        }
    }

    /// Corrects a field of a request, with a reason; the events are checked again on it.
    public func correctRequest(id: String, field: String, value: String, reason: String, by actor: String) async throws(StoreError) -> ApplicationCase
    {
        let reason = try Self.reason(reason), calendar = calendar
        guard let field = ApplicationCase.Field(rawValue: field) else {
            throw .invalid(field: "field", "可更正：" + ApplicationCase.Field.allCases.map(\.rawValue).joined(separator: "、"))
        }
        let value = try Validate.optional(value, field: "value", limit: Validate.maximumTextLength) ?? ""
        return try await store.updateApplication(id: id, action: "correct \(field.rawValue)：\(reason)", by: actor) { c throws(CaseError) in
            try c.correct(field, to: value, calendar: calendar)
        }
    }

    /// Records the year's report as published: what it says now, to compare with later.
    public func publishReport(year: Int, agency: String, on day: ReportDate, by actor: String) async throws(StoreError) -> PublishedReport {
        let report = try await yearReport(year: year, agency: agency)
        let published = PublishedReport(year: year, agency: agency, publishedOn: day, cells: Self.values(of: report))
        if try await store.record(PublishedReport.self, id: published.id) != nil {
            return try await store.update(PublishedReport.self, id: published.id, action: "republish", by: actor) { old throws(CaseError) in
                old = published
            }
        }
        try await store.insert(published, by: actor)
        return published
    }

    /// What differs between the report as published and the report the records give now: empty
    /// when nothing changed, nil when the year's report was never published.
    public func changesSincePublication(year: Int, agency: String) async throws(StoreError) -> (published: PublishedReport, changes: [ReportChange])?
    {
        guard let published = try await store.record(PublishedReport.self, id: "\(year):\(agency)") else { return nil }
        let now = Self.values(of: try await yearReport(year: year, agency: agency))
        let ids = Set(published.cells.keys).union(now.keys).sorted()
        let changes = ids.compactMap { id -> ReportChange? in
            let before = published.cells[id] ?? "", after = now[id] ?? ""
            return before == after ? nil : ReportChange(cell: id, published: before, now: after)
        }
        return (published, changes)
    }

    static func values(of report: Report) -> [String: String] {
        var out: [String: String] = [:]
        for (id, cell) in report.cells {
            switch cell.value {
            case .number(let n): out[id.rawValue] = n.description
            case .blank: out[id.rawValue] = ""
            case .text(let t): out[id.rawValue] = t
            }
        }
        return out
    }
}
