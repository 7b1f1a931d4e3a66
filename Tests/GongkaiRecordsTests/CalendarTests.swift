import Foundation
import GongkaiModel
import GongkaiRecords
import Testing

func day(_ text: String) -> ReportDate { ReportDate(iso: text)! }

@Suite struct CalendarTests {
    let calendar = try! WorkingDayCalendar.bundled()

    @Test func daysAreCountedOnTheProlepticGregorianCalendar() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("2024-02-29").adding(days: 1) == day("2024-03-01"))
        #expect(day("2025-01-20").weekday == 1)
        #expect(day("2026-02-14").weekday == 6)
        #expect(ReportDate(iso: "2025-02-29") == nil && ReportDate(iso: "2025-2-1") == nil && ReportDate(iso: "x") == nil)
        for n in stride(from: -800_000, through: 800_000, by: 997) { #expect(ReportDate(dayNumber: n).dayNumber == n) }
    }

    @Test func theBundledCalendarCoversEveryYearSince2019WithItsNotice() throws {
        #expect(calendar.years == 2019...2026)
        #expect(calendar.notices(for: 2025) == ["国办发明电〔2024〕12号"])
        #expect(calendar.notices(for: 2026) == ["国办发明电〔2025〕7号"])
        #expect(calendar.notices(for: 2020).count == 2)  // the 2020 Spring Festival extension
    }

    @Test(arguments: [
        ("2024-02-04", WorkingDayCalendar.DayKind.makeUpWorkingDay("春节")),
        ("2024-02-12", .holiday("春节")), ("2024-02-18", .makeUpWorkingDay("春节")),
        ("2024-10-12", .makeUpWorkingDay("国庆节")), ("2024-10-07", .holiday("国庆节")),
        ("2025-01-26", .makeUpWorkingDay("春节")), ("2025-02-04", .holiday("春节")), ("2025-02-05", .workingDay),
        ("2025-10-08", .holiday("国庆节、中秋节")), ("2025-10-11", .makeUpWorkingDay("国庆节、中秋节")),
        ("2026-02-14", .makeUpWorkingDay("春节")), ("2026-02-23", .holiday("春节")), ("2026-02-28", .makeUpWorkingDay("春节")),
        ("2026-01-04", .makeUpWorkingDay("元旦")), ("2026-10-10", .makeUpWorkingDay("国庆节")),
        ("2020-02-01", .holiday("春节")), ("2019-05-05", .makeUpWorkingDay("劳动节")), ("2023-06-25", .makeUpWorkingDay("端午节")),
        ("2025-03-15", .weekend), ("2025-03-14", .workingDay),
    ])
    func daysAreWhatTheNoticesSay(_ date: String, _ kind: WorkingDayCalendar.DayKind) throws {
        #expect(try calendar.kind(of: day(date)) == kind)
    }

    /// Golden deadlines around the Spring Festival and National Day of 2024–2026, counted by hand
    /// on the notices.
    @Test(arguments: [
        ("2025-01-20", 20, 0, "2025-02-21"),
        ("2024-02-01", 20, 0, "2024-03-05"),
        ("2024-09-27", 20, 0, "2024-10-30"),
        ("2025-09-26", 20, 0, "2025-10-30"),
        ("2026-02-10", 7, 0, "2026-02-26"),
        ("2026-09-30", 15, 0, "2026-10-27"),
        ("2025-01-20", 20, 20, "2025-03-21"),
    ])
    func deadlinesAroundTheHolidays(_ from: String, _ days: Int, _ extensionDays: Int, _ due: String) throws {
        let deadline = try DeadlineRule(workingDays: days, purpose: "").deadline(from: day(from), extendedBy: extensionDays, calendar: calendar)
        #expect(deadline.due == day(due))
        #expect(deadline.counted == days + extensionDays)
        #expect(deadline.explanation.last?.contains(due) == true)
    }

    @Test func theExplanationNamesEveryDayLeftOutAndEveryMakeUpDay() throws {
        let deadline = try DeadlineRule.answer.deadline(from: day("2025-01-20"), calendar: calendar)
        let text = deadline.explanation.joined(separator: "\n")
        #expect(text.contains("2025-01-20（星期一）收到申请，当日不计，自次日起算（《民法典》第二百零一条）"))
        #expect(text.contains("2025-01-28 至 2025-02-04：春节放假（国办发明电〔2024〕12号），不计。"))
        #expect(text.contains("2025-01-26（星期日）：春节调休上班，计入（第5个工作日）。"))
        #expect(text.contains("2025-02-08（星期六）：春节调休上班，计入（第10个工作日）。"))
        #expect(text.contains("第二十条") == false && text.contains("第三十三条第二款"))
    }

    @Test func aPauseIsLeftOutAndAnOpenPauseSuspendsTheDeadline() throws {
        let closed = try DeadlineRule.answer.deadline(
            from: day("2024-09-27"), pauses: [ClockPause(.thirdPartyConsultation, from: day("2024-10-08"), to: day("2024-10-14"))], calendar: calendar
        )
        #expect(closed.due == day("2024-11-06"))
        #expect(closed.explanation.contains { $0.hasPrefix("2024-10-09 至 2024-10-14：征求第三方意见") })
        let open = try DeadlineRule.answer.deadline(
            from: day("2024-09-27"), pauses: [ClockPause(.feePayment, from: day("2024-10-08"), to: nil)], calendar: calendar)
        #expect(open.due == nil && open.counted == 3)
        #expect(open.explanation.last?.contains("期限中止：已计3个工作日，尚余17个工作日") == true)
    }

    @Test func aYearWithoutDataIsAnErrorNotAGuess() throws {
        #expect(throws: CalendarError.yearNotCovered(2027, covered: 2019...2026)) {
            try DeadlineRule.answer.deadline(from: day("2026-12-20"), calendar: calendar)
        }
    }

    @Test func aNewYearIsAddedInTheFileWithoutCode() throws {
        let url = try #require(WorkingDayCalendar.bundledFile)
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var years = try #require(file["years"] as? [[String: Any]])
        years.append([
            "year": 2027, "notices": ["test notice"], "holidays": [["name": "元旦", "from": "2027-01-01", "to": "2027-01-01"]], "workdays": [],
        ])
        file["years"] = years
        let extended = try WorkingDayCalendar(json: JSONSerialization.data(withJSONObject: file))
        #expect(extended.years == 2019...2027)
        #expect(try extended.kind(of: day("2027-01-01")) == .holiday("元旦"))
        #expect(try DeadlineRule.answer.deadline(from: day("2026-12-20"), calendar: extended).due != nil)
    }

    @Test func badCalendarFilesAreRefusedWithTheReason() {
        func error(_ json: String) -> String {
            do {
                _ = try WorkingDayCalendar(json: Data(json.utf8))
                return "accepted"
            } catch { return error.description }
        }
        #expect(error("{}").contains("not a calendar file"))
        #expect(
            error(#"{"years":[{"year":2025,"notices":["n"],"holidays":[],"workdays":[{"name":"x","date":"2025-03-12"}]}]}"#).contains(
                "not a Saturday or Sunday"))
        #expect(error(#"{"years":[{"year":2025,"notices":[],"holidays":[],"workdays":[]}]}"#).contains("notice is not named"))
        #expect(
            error(#"{"years":[{"year":2025,"notices":["n"],"holidays":[{"name":"x","from":"2026-01-01","to":"2026-01-02"}],"workdays":[]}]}"#)
                .contains("outside the year"))
        #expect(
            error(#"{"years":[{"year":2024,"notices":["n"],"holidays":[],"workdays":[]},{"year":2026,"notices":["n"],"holidays":[],"workdays":[]}]}"#)
                .contains("without a gap"))
    }
}
