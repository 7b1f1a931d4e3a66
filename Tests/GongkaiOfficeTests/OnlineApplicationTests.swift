import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import Testing

/// The online application's fields, checked as an applicant types them.
@Suite struct OnlineApplicationTests {
    @Test func identityNumbersAndCreditCodesAreCheckedByTheirCheckCharacter() {
        #expect(OnlineApplication.isResidentID("11010519491231002X"))
        #expect(OnlineApplication.isResidentID("11010519491231002x"))
        #expect(!OnlineApplication.isResidentID("110105194912310021"))
        #expect(!OnlineApplication.isResidentID("1101051949123100"))
        #expect(OnlineApplication.isCreditCode("91350100M000100Y43"))
        #expect(!OnlineApplication.isCreditCode("91350100M000100Y44"))
        #expect(!OnlineApplication.isCreditCode("91350100M000100YI3"), "I is not in the code's alphabet")
        #expect(OnlineApplication.isPhone("13800138000") && OnlineApplication.isPhone("0517-83608888"))
        #expect(!OnlineApplication.isPhone("12345") && !OnlineApplication.isPhone("23800138000"))
        #expect(OnlineApplication.isEmail("a@b.cn") && !OnlineApplication.isEmail("a@b") && !OnlineApplication.isEmail("a b@c.cn"))
    }

    @Test func everyProblemOfAFormIsNamedAtOnce() {
        var form = OnlineApplication()
        form.applicantType = "organization"
        form.delivery = "邮寄"
        let fields = Set(form.problems().map(\.field))
        #expect(fields == ["name", "organizationKind", "creditCode", "contactPerson", "phone", "title", "form", "address", "declared"])
        form.name = "某某科技有限公司"
        form.organizationKind = "commercial"
        form.creditCode = "91350100M000100Y43"
        form.contactPerson = "李四"
        form.phone = "0591-87654321"
        form.title = "某项目环评批复"
        form.form = "纸质文本"
        form.address = "福州市某路1号"
        form.declared = true
        #expect(form.problems().isEmpty)
        #expect(form.applicantKind == .commercial)
    }
}

/// The notices written from a request's records.
@Suite struct NoticeTests {
    @Test func eachNoticeSaysWhatTheRecordsSayAndOnlyWhenTheyHaveIt() throws {
        let calendar = try WorkingDayCalendar.bundled()
        var c = ApplicationCase(
            id: "2025-0007", applicant: .natural, channel: .letter, request: "所需信息：某道路工程招标文件\n形式：纸质文本",
            receivedOn: ReportDate(year: 2025, month: 3, day: 3))
        c.applicantName = "王某"
        #expect(Notice.available(for: c).isEmpty)
        try c.record(
            .correctionRequested(on: ReportDate(year: 2025, month: 3, day: 5), dueBy: ReportDate(year: 2025, month: 3, day: 20)), calendar: calendar)
        let correction = try #require(Notice.make(.correction, for: c, office: "某某镇人民政府", calendar: calendar))
        #expect(correction.addressee == "王某：")
        #expect(correction.paragraphs[0].contains("2025年3月3日") && correction.paragraphs[0].contains("「某道路工程招标文件」"))
        #expect(correction.paragraphs[1].contains("第三十条") && correction.paragraphs[1].contains("2025年3月20日前"))
        #expect(correction.signature == ["某某镇人民政府", "2025年3月5日"])
        #expect(Notice.make(.reply, for: c, office: "某某镇人民政府", calendar: calendar) == nil)
        try c.record(.correctionReceived(on: ReportDate(year: 2025, month: 3, day: 10)), calendar: calendar)
        try c.record(.extended(on: ReportDate(year: 2025, month: 4, day: 1), workingDays: 20, approvedBy: "负责人"), calendar: calendar)
        let extended = try #require(Notice.make(.extension, for: c, office: "某某镇人民政府", calendar: calendar))
        #expect(extended.paragraphs[1].contains("延长20个工作日，延长后的答复期限至2025年5月"))
        try c.record(.decided(on: ReportDate(year: 2025, month: 4, day: 20), outcome: .granted, basis: "条例第三十六条第（二）项"), calendar: calendar)
        let reply = try #require(Notice.make(.reply, for: c, office: "某某镇人民政府", calendar: calendar))
        #expect(reply.paragraphs.joined().contains("予以公开") && reply.paragraphs.joined().contains("60日内"))
        #expect(Notice.available(for: c) == [.correction, .extension, .reply])
    }
}
