import Foundation
import GongkaiModel

/// Day arithmetic on ``ReportDate`` (proleptic Gregorian calendar, no time zone): the records
/// count days, never instants.
extension ReportDate {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> ReportDate { ReportDate(dayNumber: dayNumber + days) }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(to other: ReportDate) -> Int { other.dayNumber - dayNumber }

    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    public var isWeekend: Bool { weekday >= 6 }

    /// Today in China (UTC+8), the day deadlines and warnings are judged on.
    public static var todayInChina: ReportDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!, from: Date())
        return ReportDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// 星期一 … 星期日.
    public var weekdayName: String { ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][weekday - 1] }
}
