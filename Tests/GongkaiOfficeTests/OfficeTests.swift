import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Testing

/// The office's use cases on a fresh SQLite store: records that would make the report wrong are
/// refused with the day that applies, values from outside are checked where they enter, and a
/// read-change-save is one transaction.
@Suite struct OfficeTests {
    static func office(today: String = "2025-06-30") async throws -> Office {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await Stores.open(dir.appendingPathComponent("office.sqlite").path)
        let day = ReportDate(iso: today)!
        return Office(store: store, calendar: try WorkingDayCalendar.bundled(), today: { day })
    }

    func register(_ office: Office, _ id: String, received: String = "2025-03-03") async throws -> ApplicationCase {
        try await office.registerRequest(
            RequestForm(id: id, applicant: "自然人", channel: "在线", receivedOn: received, request: "某项目的环评批复"), by: "test"
        ).request
    }

    /// The store error a use case refuses with; nil when it was done.
    func refusal(_ body: () async throws -> Void) async -> StoreError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? StoreError ?? .database("not a store error: \(error)")
        }
    }

    @Test func aRequestIsNotClosedAsUnamendedBeforeItsPeriodEnds() async throws {
        let office = try await Self.office()
        _ = try await register(office, "A1")
        _ = try await office.recordEvent(EventForm(kind: "correction-requested", on: "2025-03-05", dueBy: "2025-03-20"), on: "A1", by: "test")
        let early = await refusal { _ = try await office.recordEvent(EventForm(kind: "correction-lapsed", on: "2025-03-20"), on: "A1", by: "test") }
        #expect(early?.description.contains("补正期限为2025-03-20") == true, "\(String(describing: early))")
        #expect(try await office.request(id: "A1").closing == nil)
        let closed = try await office.recordEvent(EventForm(kind: "correction-lapsed", on: "2025-03-21"), on: "A1", by: "test")
        #expect(closed.closing?.outcome == .noCorrection)
    }

    @Test func aRequestIsNotClosedAsUnpaidBeforeTwentyWorkingDays() async throws {
        let office = try await Self.office()
        _ = try await register(office, "F1")
        _ = try await office.recordEvent(EventForm(kind: "fee-noticed", on: "2025-03-10", yuan: 100), on: "F1", by: "test")
        // 2025-03-10 + 20 working days = 2025-04-08 (清明 2025-04-04 is a holiday).
        let early = await refusal { _ = try await office.recordEvent(EventForm(kind: "fee-lapsed", on: "2025-03-25"), on: "F1", by: "test") }
        let message = try #require(early?.description)
        #expect(message.contains("缴费期限为2025-04-08"), "\(message)")
        let closed = try await office.recordEvent(EventForm(kind: "fee-lapsed", on: "2025-04-09"), on: "F1", by: "test")
        #expect(closed.closing?.outcome == .noFee)
    }

    @Test func anExtensionAfterTheAnswerPeriodIsRefused() async throws {
        let office = try await Self.office()
        _ = try await register(office, "E1")
        // Received 2025-03-03: the 20 working days end on 2025-03-31.
        let late = await refusal {
            _ = try await office.recordEvent(EventForm(kind: "extended", on: "2025-04-01", workingDays: 10, approvedBy: "负责人"), on: "E1", by: "test")
        }
        #expect(late?.description.contains("答复期限已于2025-03-31届满") == true, "\(String(describing: late))")
        let extended = try await office.recordEvent(
            EventForm(kind: "extended", on: "2025-03-31", workingDays: 10, approvedBy: "负责人"), on: "E1", by: "test")
        #expect(try extended.answerDeadline(calendar: office.calendar).due == ReportDate(iso: "2025-04-15"))
    }

    @Test func aReviewMustConcernARegisteredRequest() async throws {
        let office = try await Self.office()
        let missing = await refusal {
            _ = try await office.addReview(ReviewForm(id: "R1", route: "review", applicationId: "NOPE", filedOn: "2025-05-01"), by: "test")
        }
        #expect(missing == .invalid(field: "applicationId", "没有编号为NOPE的申请：复议、诉讼案件须关联已登记的申请"))
        #expect(try await office.store.reviews().isEmpty)
        _ = try await register(office, "A9")
        let review = try await office.addReview(ReviewForm(id: "R1", route: "review", applicationId: "A9", filedOn: "2025-05-01"), by: "test")
        #expect(review.applicationCaseID == "A9")
        let again = await refusal { _ = try await office.addReview(ReviewForm(id: "R1", route: "review", filedOn: "2025-05-02"), by: "test") }
        #expect(again == .conflict("review_case R1"))
    }

    @Test func valuesAreCheckedWhereTheyEnter() async throws {
        let office = try await Self.office()
        for (id, field) in [("", "id"), (String(repeating: "长", count: 500_000), "id"), ("2025/1", "id"), ("a b", "id")] {
            let error = await refusal {
                _ = try await office.registerRequest(
                    RequestForm(id: id, applicant: "natural", channel: "online", receivedOn: "2025-03-03", request: "x"), by: "t")
            }
            #expect(
                error.map { if case .invalid(let f, _) = $0 { f == field } else { false } } == true, "\(id.prefix(10)): \(String(describing: error))")
        }
        let badDay = await refusal {
            _ = try await office.registerRequest(
                RequestForm(id: "D1", applicant: "natural", channel: "online", receivedOn: "9999-03-03", request: "x"), by: "t")
        }
        #expect(badDay.map { if case .invalid("receivedOn", _) = $0 { true } else { false } } == true)
        let blank = await refusal {
            _ = try await office.registerRequest(
                RequestForm(id: "D2", applicant: "natural", channel: "online", receivedOn: "2025-03-03", request: "  "), by: "t")
        }
        #expect(blank.map { if case .invalid("request", _) = $0 { true } else { false } } == true)
        // Numbers that could overflow the fee schedule or a year's sum are refused, not trapped on.
        _ = try await register(office, "N1")
        for form in [
            EventForm(kind: "fee-noticed", on: "2025-03-10", pages: Int.max), EventForm(kind: "fee-noticed", on: "2025-03-10", monthlyCount: Int.max),
            EventForm(kind: "fee-noticed", on: "2025-03-10", yuan: Int.max),
        ] {
            let error = await refusal { _ = try await office.recordEvent(form, on: "N1", by: "t") }
            #expect(error.map { if case .rejected(.invalid) = $0 { true } else { false } } == true, "\(String(describing: error))")
        }
        #expect(try await office.request(id: "N1").events.isEmpty)
    }

    @Test func theChineseNamesStandBesideTheCodes() async throws {
        let office = try await Self.office()
        let c = try await office.registerRequest(
            RequestForm(
                id: "C1", applicant: "社会公益组织", channel: "电子邮件", receivedOn: "2025-03-03", request: "某文件", applicantName: "某协会", contact: "010-1234"),
            by: "t")
        #expect(c.request.applicant == .publicInterest && c.request.channel == .email)
        #expect(c.request.applicantName == "某协会" && c.request.trackingTokenHash == Credentials.digest(c.trackingToken))
        let decided = try await office.recordEvent(
            EventForm(kind: "decided", on: "2025-03-20", outcome: "保护第三方合法权益", basis: "第十五条"), on: "C1", by: "t")
        #expect(decided.closing?.outcome.rowKey == "denied.third_party")
        #expect(Outcome(code: "（一）予以公开") == .granted && Outcome(code: "其他") == .otherHandling && Outcome(code: "不存在的结果") == nil)
    }

    @Test func aDayTheCalendarCannotCountIsSaidPlainly() async throws {
        let office = try await Self.office(today: "2027-01-05")
        let c = try await register(office, "Y1", received: "2027-01-04")
        let message = office.warnings(c).joined()
        #expect(message.contains("期限无法计算：2027年的放假安排尚未录入"), "\(message)")
    }

    @Test func approvalsAtOnceAreAllKept() async throws {
        let office = try await Self.office()
        _ = try await office.addItem(ItemForm(id: "P1", title: "某办法", category: 1, formedOn: "2025-05-06", documentKind: "rules"), by: "t")
        async let first = office.approveItem(id: "P1", on: "2025-05-07", by: "张三", actor: "t")
        async let second = office.approveItem(id: "P1", on: "2025-05-07", by: "李四", actor: "t")
        _ = try await (first, second)
        let item = try #require(try await office.store.item(id: "P1"))
        #expect(Set(item.approvals.map(\.by)) == ["张三", "李四"])
        #expect(item.approvals.map(\.step) == ["初审", "复审"])
        let duplicate = await refusal { _ = try await office.addItem(ItemForm(id: "P1", title: "另一", category: 2, formedOn: "2025-05-06"), by: "t") }
        #expect(duplicate == .conflict("proactive_item P1"))
    }

    @Test func aMistakeIsVoidedOrCorrectedWithAReasonAndTheReportFollows() async throws {
        let office = try await Self.office()
        _ = try await register(office, "V1", received: "2025-03-03")
        _ = try await office.recordEvent(EventForm(kind: "decided", on: "2025-03-10", outcome: "granted", basis: "第二十七条"), on: "V1", by: "t")
        var report = try await office.yearReport(year: 2025, agency: "某镇")
        #expect(report.value(of: "t3.granted.natural")?.number == ReportNumber(1))

        let noReason = await refusal { _ = try await office.voidEvent(number: 1, on: "V1", reason: " ", by: "t") }
        #expect(noReason.map { if case .invalid("reason", _) = $0 { true } else { false } } == true)
        let voided = try await office.voidEvent(number: 1, on: "V1", reason: "误录：实为部分公开", by: "head")
        #expect(voided.events.isEmpty && voided.closing == nil)
        _ = try await office.recordEvent(EventForm(kind: "decided", on: "2025-03-10", outcome: "partial", basis: "第三十七条"), on: "V1", by: "t")
        let corrected = try await office.correctRequest(id: "V1", field: "applicant", value: "商业企业", reason: "登记时选错申请人类别", by: "head")
        #expect(corrected.applicant == .commercial)
        report = try await office.yearReport(year: 2025, agency: "某镇")
        #expect(report.value(of: "t3.granted.natural")?.number == .zero && report.value(of: "t3.partial.commercial")?.number == ReportNumber(1))
        // A receipt day moved after the decision cannot stand.
        let late = await refusal { _ = try await office.correctRequest(id: "V1", field: "receivedOn", value: "2025-03-20", reason: "r", by: "head") }
        #expect(late.map { if case .rejected(.invalid("event", _)) = $0 { true } else { false } } == true, "\(String(describing: late))")
        // The audit log keeps the reason, and before and after.
        let log = try await office.store.auditLog(entityID: "V1", limit: 10)
        #expect(log.contains { $0.action == "void 1：误录：实为部分公开" && $0.before?.contains("granted") == true && $0.after?.contains("granted") == false })
        #expect(log.contains { $0.action.hasPrefix("correct applicant：") })
    }

    @Test func aPublishedReportIsNotChangedSilently() async throws {
        let office = try await Self.office()
        _ = try await register(office, "P1", received: "2025-03-03")
        _ = try await office.recordEvent(EventForm(kind: "decided", on: "2025-03-10", outcome: "granted", basis: "b"), on: "P1", by: "t")
        #expect(try await office.changesSincePublication(year: 2025, agency: "某镇") == nil)
        _ = try await office.publishReport(year: 2025, agency: "某镇", on: ReportDate(year: 2026, month: 1, day: 20), by: "head")
        #expect(try await office.changesSincePublication(year: 2025, agency: "某镇")?.changes.isEmpty == true)
        _ = try await office.voidEvent(number: 1, on: "P1", reason: "误录", by: "head")
        let changes = try #require(try await office.changesSincePublication(year: 2025, agency: "某镇")).changes
        #expect(changes.contains(ReportChange(cell: "t3.granted.natural", published: "1", now: "0")))
        #expect(changes.contains(ReportChange(cell: "t3.carried_out.total", published: "0", now: "1")))
    }

    @Test func theNextYearOfTheCalendarIsAddedAsData() async throws {
        let office = try await Self.office(today: "2027-01-05")
        let c = try await register(office, "Y2", received: "2027-01-04")
        #expect(office.warnings(c).joined().contains("2027年的放假安排尚未录入"))
        let next = WorkingDayCalendar.Year(
            year: 2027, notices: ["国办发明电〔2026〕1号"], holidays: [.init(name: "元旦", from: "2027-01-01", to: "2027-01-01")], workdays: [])
        let skipping = WorkingDayCalendar.Year(year: 2028, notices: ["x"], holidays: [], workdays: [])
        #expect(
            await refusal { try await office.addCalendarYear(skipping, by: "admin") }.map { if case .invalid("year", _) = $0 { true } else { false } }
                == true)
        let unnamed = WorkingDayCalendar.Year(year: 2027, notices: [], holidays: [], workdays: [])
        #expect(
            await refusal { try await office.addCalendarYear(unnamed, by: "admin") }.map {
                if case .invalid("notices", _) = $0 { true } else { false }
            } == true)
        try await office.addCalendarYear(next, by: "admin")
        #expect(try c.answerDeadline(calendar: office.calendar).due == ReportDate(iso: "2027-02-01"))
        // A new office on the same store counts with it too.
        let reopened = try await Office.open(store: office.store)
        #expect(reopened.calendar.years.upperBound == 2027 && reopened.calendar.notices(for: 2027) == ["国办发明电〔2026〕1号"])
    }
}
