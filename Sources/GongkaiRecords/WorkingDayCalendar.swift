import Foundation
import GongkaiModel

/// The official working-day calendar (工作日): Monday to Friday, less the holidays (放假) of the
/// State Council's yearly notice 《国务院办公厅关于X年部分节假日安排的通知》, plus the weekend days
/// the notice makes working days (调休上班). The data is a JSON file (`working-days.json`, bundled;
/// another can be given) that names each year's notice, so a new year is added without code.
public struct WorkingDayCalendar: Sendable {
    /// What kind of day a date is.
    public enum DayKind: Hashable, Sendable {
        case workingDay
        case weekend
        /// A day off of the named holiday (春节 …).
        case holiday(String)
        /// A Saturday or Sunday worked in exchange for the named holiday (调休上班).
        case makeUpWorkingDay(String)

        public var isWorkingDay: Bool {
            switch self {
            case .workingDay, .makeUpWorkingDay: true
            case .weekend, .holiday: false
            }
        }
    }

    /// The years the data covers.
    public let years: ClosedRange<Int>
    private let holidays: [Int: String]
    private let makeUpDays: [Int: String]
    private let notices: [Int: [String]]

    /// The calendar file bundled with Gongkai, the starting point for one with more years.
    public static var bundledFile: URL? { Bundle.module.url(forResource: "working-days", withExtension: "json") }

    /// The calendar bundled with Gongkai (2019 onwards).
    public static func bundled() throws(CalendarError) -> WorkingDayCalendar {
        guard let url = bundledFile, let data = try? Data(contentsOf: url) else {
            throw .badFile("the bundled working-days.json is missing")
        }
        return try WorkingDayCalendar(json: data)
    }

    /// Reads a calendar file: `{"years": [{"year", "notices", "holidays": [{"name", "from", "to"}],
    /// "workdays": [{"name", "date"}]}]}`. The years must follow each other without a gap; every
    /// date must lie in its year; a make-up working day must be a Saturday or a Sunday and not a
    /// holiday.
    public init(json data: Data) throws(CalendarError) {
        struct File: Decodable { var years: [Year] }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .badFile("not a calendar file: \(error)")
        }
        try self.init(years: file.years)
    }

    /// One year's arrangement as the State Council's notice sets it: its holidays and the
    /// weekend days worked in exchange.
    public struct Year: Codable, Hashable, Sendable {
        public struct Holiday: Codable, Hashable, Sendable {
            public var name: String
            public var from: String
            public var to: String
            public init(name: String, from: String, to: String) {
                self.name = name
                self.from = from
                self.to = to
            }
        }
        public struct Workday: Codable, Hashable, Sendable {
            public var name: String
            public var date: String
            public init(name: String, date: String) {
                self.name = name
                self.date = date
            }
        }
        public var year: Int
        /// The notice that set the year (国办发明电〔2025〕7号).
        public var notices: [String]
        public var holidays: [Holiday]
        public var workdays: [Workday]

        public init(year: Int, notices: [String], holidays: [Holiday], workdays: [Workday]) {
            self.year = year
            self.notices = notices
            self.holidays = holidays
            self.workdays = workdays
        }
    }

    /// The years as read from a file, or kept in a store.
    public private(set) var entries: [Year] = []

    /// A calendar of these years, which must follow each other without a gap; every date must
    /// lie in its year; a make-up working day must be a Saturday or a Sunday and not a holiday.
    public init(years entries: [Year]) throws(CalendarError) {
        let years = entries.map(\.year).sorted()
        guard let first = years.first, let last = years.last else { throw .badFile("no year in the file") }
        guard years == Array(first...last) else { throw .badFile("the years must follow each other without a gap or a repeat: \(years)") }
        var holidays: [Int: String] = [:]
        var makeUpDays: [Int: String] = [:]
        var notices: [Int: [String]] = [:]
        for entry in entries {
            func day(_ text: String) throws(CalendarError) -> ReportDate {
                guard let d = ReportDate(iso: text) else { throw .badFile("\(entry.year): \(text) is not a date (YYYY-MM-DD)") }
                guard d.year == entry.year else { throw .badFile("\(entry.year): \(text) lies outside the year") }
                return d
            }
            guard !entry.notices.isEmpty else { throw .badFile("\(entry.year): the State Council notice is not named") }
            notices[entry.year] = entry.notices
            for h in entry.holidays {
                let from = try day(h.from), to = try day(h.to)
                guard from <= to, from.days(to: to) < 15 else { throw .badFile("\(entry.year): \(h.name) \(h.from)…\(h.to) is not a holiday period") }
                for n in from.dayNumber...to.dayNumber { holidays[n] = h.name }
            }
            for w in entry.workdays {
                let d = try day(w.date)
                guard d.isWeekend else { throw .badFile("\(entry.year): make-up working day \(w.date) is not a Saturday or Sunday") }
                guard holidays[d.dayNumber] == nil else { throw .badFile("\(entry.year): \(w.date) is both a holiday and a working day") }
                makeUpDays[d.dayNumber] = w.name
            }
        }
        self.years = first...last
        self.holidays = holidays
        self.makeUpDays = makeUpDays
        self.notices = notices
        self.entries = entries.sorted { $0.year < $1.year }
    }

    /// The calendar with one more year after its last: the next year's notice, once published.
    public func adding(_ year: Year) throws(CalendarError) -> WorkingDayCalendar {
        guard year.year == years.upperBound + 1 else {
            throw .badFile("\(year.year)年不能录入：工作日历现有\(years.lowerBound)–\(years.upperBound)年，只能接着录入\(years.upperBound + 1)年")
        }
        return try WorkingDayCalendar(years: entries + [year])
    }

    /// The State Council notices the year's data follows.
    public func notices(for year: Int) -> [String] { notices[year] ?? [] }

    public func kind(of day: ReportDate) throws(CalendarError) -> DayKind {
        guard years.contains(day.year) else { throw .yearNotCovered(day.year, covered: years) }
        if let name = holidays[day.dayNumber] { return .holiday(name) }
        if let name = makeUpDays[day.dayNumber] { return .makeUpWorkingDay(name) }
        return day.isWeekend ? .weekend : .workingDay
    }

    public func isWorkingDay(_ day: ReportDate) throws(CalendarError) -> Bool { try kind(of: day).isWorkingDay }
}

/// Why a calendar could not be read or used.
public enum CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case badFile(String)
    /// A day outside the years the calendar knows: no deadline is guessed.
    case yearNotCovered(Int, covered: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .badFile(let why): "calendar file: \(why)"
        case .yearNotCovered(let year, let covered):
            "期限无法计算：\(year)年的放假安排尚未录入（工作日历现有\(covered.lowerBound)–\(covered.upperBound)年；国务院办公厅公布该年放假安排后，由管理员录入）"
        }
    }
}
