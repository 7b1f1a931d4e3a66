import GongkaiModel
import GongkaiRecords
import Testing

@Suite struct ApplicationTests {
    let calendar = try! WorkingDayCalendar.bundled()

    func newCase(_ received: String = "2025-01-20") -> ApplicationCase {
        ApplicationCase(id: "A1", applicant: .natural, channel: .online, request: "某项目环评批复", receivedOn: day(received))
    }

    @Test func onlyTheEventsTheStateAllowsAreOffered() throws {
        var c = newCase()
        #expect(c.possibleEventKinds == ["correction_requested", "consultation_started", "extended", "fee_noticed", "decided", "withdrawn"])
        try c.record(.correctionRequested(on: day("2025-01-22"), dueBy: day("2025-02-10")))
        #expect(c.possibleEventKinds == ["correction_received", "correction_lapsed", "decided", "withdrawn"])
        try c.record(.correctionReceived(on: day("2025-01-27")))
        #expect(!c.possibleEventKinds.contains("correction_requested"), "补正 is told once")
        try c.record(.extended(on: day("2025-02-03"), workingDays: 20, approvedBy: "负责人"))
        #expect(!c.possibleEventKinds.contains("extended"), "extended once")
        try c.record(.decided(on: day("2025-02-18"), outcome: .granted, basis: "第三十六条"))
        #expect(c.possibleEventKinds.isEmpty)
    }

    @Test func aPlainCaseIsAnsweredWithin20WorkingDaysAndClosesWithItsOutcome() throws {
        var c = newCase()
        #expect(try c.answerDeadline(calendar: calendar).due == day("2025-02-21"))
        #expect(try c.correctionNoticeDeadline(calendar: calendar).due == day("2025-02-05"))
        try c.record(.decided(on: day("2025-02-18"), outcome: .granted, basis: "《政府信息公开条例》第三十六条第二项"))
        #expect(c.state == .closed(.granted, on: day("2025-02-18")))
        #expect(c.isOpen(atEndOf: day("2025-02-17")) && !c.isOpen(atEndOf: day("2025-02-18")))
    }

    @Test func anAmendedApplicationRestartsTheClock() throws {
        var c = newCase()
        try c.record(.correctionRequested(on: day("2025-01-22"), dueBy: day("2025-02-14")))
        #expect(try c.answerDeadline(calendar: calendar).due == nil)
        try c.record(.correctionReceived(on: day("2025-02-10")))
        let deadline = try c.answerDeadline(calendar: calendar)
        #expect(deadline.due == day("2025-03-10"))
        #expect(deadline.explanation[0].contains("收到补正后的申请"))
    }

    @Test func noAmendmentByTheSetDayClosesAsOtherHandling1() throws {
        var c = newCase()
        try c.record(.correctionRequested(on: day("2025-01-22"), dueBy: day("2025-02-14")))
        try c.record(.correctionLapsed(on: day("2025-02-17")))
        #expect(c.closing?.outcome == .noCorrection)
        #expect(c.closing?.outcome.rowKey(in: .v2019) == "other_handling")
        #expect(throws: CaseError.self) { try c.record(.decided(on: day("2025-02-18"), outcome: .granted, basis: "x")) }
    }

    @Test func consultationAndFeeWaitsAreLeftOutAndAnUnpaidFeeClosesAsOtherHandling2() throws {
        var c = newCase("2024-09-27")
        try c.record(.consultationStarted(on: day("2024-10-08"), party: .thirdPartyConsultation))
        #expect(try c.answerDeadline(calendar: calendar).due == nil)
        try c.record(.consultationEnded(on: day("2024-10-14")))
        #expect(try c.answerDeadline(calendar: calendar).due == day("2024-11-06"))
        try c.record(.feeNoticed(on: day("2024-10-16"), yuan: InformationProcessingFee.perVolume(pages: 120)))
        #expect(c.state == .awaitingFee(since: day("2024-10-16")))
        try c.record(.feeLapsed(on: day("2024-11-14")))
        #expect(c.closing?.outcome == .noFee)
    }

    @Test func anExtensionNeedsApprovalIsAtMost20DaysAndComesOnce() throws {
        var c = newCase()
        #expect(throws: CaseError.invalid(field: "workingDays", "延长期限须为1至20个工作日（第三十三条第二款）")) {
            try c.record(.extended(on: day("2025-02-19"), workingDays: 21, approvedBy: "王主任"))
        }
        #expect(throws: CaseError.self) { try c.record(.extended(on: day("2025-02-19"), workingDays: 10, approvedBy: " ")) }
        try c.record(.extended(on: day("2025-02-19"), workingDays: 20, approvedBy: "王主任"))
        #expect(try c.answerDeadline(calendar: calendar).due == day("2025-03-21"))
        #expect(throws: CaseError.self) { try c.record(.extended(on: day("2025-02-20"), workingDays: 5, approvedBy: "王主任")) }
    }

    @Test func eventsOutOfOrderOrOutOfPlaceAreRefusedAndNothingIsRecorded() throws {
        var c = newCase()
        #expect(throws: CaseError.outOfOrder(event: "decided", date: day("2025-01-19"), after: day("2025-01-20"))) {
            try c.record(.decided(on: day("2025-01-19"), outcome: .granted, basis: "x"))
        }
        #expect(throws: CaseError.self) { try c.record(.consultationEnded(on: day("2025-01-21"))) }
        #expect(throws: CaseError.self) { try c.record(.feePaid(on: day("2025-01-21"))) }
        // 其他处理 1 and 2 come from their own events.
        #expect(throws: CaseError.self) { try c.record(.decided(on: day("2025-01-21"), outcome: .noFee, basis: "x")) }
        #expect(throws: CaseError.invalid(field: "basis", "答复须写明依据")) { try c.record(.decided(on: day("2025-01-21"), outcome: .granted, basis: "")) }
        #expect(c.events.isEmpty && c.state == .inProgress)
        try c.record(.withdrawn(on: day("2025-01-23")))
        #expect(c.closing?.outcome == .otherHandling)
    }

    @Test func outcomesAreTheRowsOfTable3() {
        #expect(Outcome.all.count == 21)
        #expect(Outcome(rowKey: "denied.state_secret")?.label == "（三）不予公开·1.属于国家秘密")
        #expect(Outcome(rowKey: "other_handling") == nil && Outcome(rowKey: "total") == nil && Outcome(rowKey: "new") == nil)
    }

    @Test func feesFollowTheSchedule() {
        #expect([10, 11, 30, 31, 40, 41, 51].map(InformationProcessingFee.perApplication(monthlyCount:)) == [0, 100, 100, 200, 200, 300, 400])
        #expect([0, 30, 31, 100, 101, 200, 201, 250].map(InformationProcessingFee.perVolume(pages:)) == [0, 0, 10, 700, 720, 2700, 2740, 4700])
    }

    @Test func proactiveItemsAreReviewedByDifferentPeopleBeforePublicationAndOverdueAfter20WorkingDays() throws {
        var item = ProactiveItem(id: "P1", title: "关于印发某办法的通知", category: .regulations, formedOn: day("2025-09-26"), documentKind: .normativeDocument)
        #expect(throws: CaseError.self) { try item.publish(on: day("2025-09-29"), chain: .standard) }
        try item.approve(by: "张三", on: day("2025-09-26"), chain: .standard)
        #expect(throws: CaseError.invalid(field: "by", "同一人不能审核两个环节（张三）")) { try item.approve(by: "张三", on: day("2025-09-27"), chain: .standard) }
        try item.approve(by: "李四", on: day("2025-09-28"), chain: .standard)
        try item.approve(by: "王五", on: day("2025-10-20"), chain: .standard)
        #expect(try item.disclosureDeadline(calendar: calendar).due == day("2025-10-30"))
        #expect(try item.isOverdue(on: day("2025-10-31"), calendar: calendar))
        try item.publish(on: day("2025-10-29"), chain: .standard)
        #expect(try !item.isOverdue(on: day("2025-12-31"), calendar: calendar))
        let twoSteps = ReviewChain(steps: ["审核", "签发"])
        var other = ProactiveItem(id: "P2", title: "t", category: .statistics, formedOn: day("2025-03-03"))
        try other.approve(by: "a", on: day("2025-03-03"), chain: twoSteps)
        try other.approve(by: "b", on: day("2025-03-04"), chain: twoSteps)
        #expect(throws: CaseError.self) { try other.approve(by: "c", on: day("2025-03-04"), chain: twoSteps) }
        try other.publish(on: day("2025-03-05"), chain: twoSteps)
    }
}

@Suite struct TimingWarningTests {
    let calendar = try! WorkingDayCalendar.bundled()

    @Test func lateNoticesOverdueWaitsAndLateAnswersAreFlagged() throws {
        var c = ApplicationCase(id: "W", applicant: .research, channel: .letter, request: "r", receivedOn: day("2025-01-20"))
        #expect(try c.warnings(on: day("2025-02-21"), calendar: calendar).isEmpty)
        #expect(try c.warnings(on: day("2025-02-24"), calendar: calendar) == ["已超过答复期限（2025-02-21）"])
        try c.record(.correctionRequested(on: day("2025-02-07"), dueBy: day("2025-02-20")))
        let late = try c.warnings(on: day("2025-02-10"), calendar: calendar)
        #expect(late == ["补正告知晚于收到申请后7个工作日（应于2025-02-05前告知，实际2025-02-07）"])
        #expect(try c.warnings(on: day("2025-02-21"), calendar: calendar).contains("补正期限（2025-02-20）已过，可按逾期未补正不再处理"))

        var consulted = ApplicationCase(id: "C", applicant: .natural, channel: .online, request: "r", receivedOn: day("2024-09-20"))
        try consulted.record(.consultationStarted(on: day("2024-09-27"), party: .thirdPartyConsultation))
        // 15 working days from 2024-09-27 across National Day: 2024-10-23.
        #expect(try consulted.warnings(on: day("2024-10-23"), calendar: calendar).isEmpty)
        #expect(try consulted.warnings(on: day("2024-10-24"), calendar: calendar).first?.contains("2024-10-23届满") == true)

        var answered = ApplicationCase(id: "A", applicant: .natural, channel: .online, request: "r", receivedOn: day("2025-01-20"))
        try answered.record(.decided(on: day("2025-02-24"), outcome: .granted, basis: "b"))
        #expect(try answered.warnings(on: day("2025-03-01"), calendar: calendar) == ["答复晚于期限（期限2025-02-21，答复2025-02-24）"])
    }

    @Test func theReceiptDayFollowsArticle31() {
        #expect(ApplicationCase.receiptError(channel: .inPerson, submittedOn: day("2025-03-03"), receivedOn: day("2025-03-04")) != nil)
        #expect(ApplicationCase.receiptError(channel: .inPerson, submittedOn: day("2025-03-03"), receivedOn: day("2025-03-03")) == nil)
        #expect(ApplicationCase.receiptError(channel: .letter, submittedOn: day("2025-03-03"), receivedOn: day("2025-03-06")) == nil)
        #expect(ApplicationCase.receiptError(channel: .online, submittedOn: day("2025-03-03"), receivedOn: day("2025-03-02"))?.field == "receivedOn")
    }
}

@Suite struct RepealTests {
    @Test func onlyDocumentsAreRepealedOnceAfterTheyWereIssued() throws {
        var rule = ProactiveItem(id: "R", title: "规章", category: .regulations, formedOn: day("2024-05-01"), documentKind: .rule)
        #expect(throws: CaseError.self) { try rule.repeal(on: day("2024-04-30")) }
        try rule.repeal(on: day("2025-06-30"))
        #expect(rule.repealedOn == day("2025-06-30"))
        #expect(throws: CaseError.self) { try rule.repeal(on: day("2025-07-01")) }
        var notice = ProactiveItem(id: "N", title: "通知", category: .statistics, formedOn: day("2024-05-01"))
        #expect(throws: CaseError.invalid(field: "id", "只有规章和行政规范性文件可以废止")) { try notice.repeal(on: day("2025-01-01")) }
    }
}
