import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// The disclosure office's work in one place: every use case that the command line, the JSON
/// API and the web pages offer. Each takes a form as a door received it, checks every value
/// where it enters (naming the field), applies the records' rules, and is one transaction in the
/// store with its audit entry. The doors parse their input into forms and present what comes
/// back; they hold no rule.
///
/// ```swift
/// let office = Office(store: try await Stores.open("gongkai.sqlite"), calendar: try .bundled())
/// let (request, token) = try await office.registerRequest(form, by: "staff:张三")
/// ```
///
/// "Today" is a value the office is given (`today`), never read from the machine inside a use
/// case, so that tests and the command line's `--as-of` decide it.
public struct Office: Sendable {
    public let store: any RecordStore
    /// The working-day calendar: the bundled years and those added since (`addCalendarYear`),
    /// shared by every copy of this office, so that a year added is counted at once.
    public var calendar: WorkingDayCalendar { calendarBox.value }
    let calendarBox: CalendarBox
    /// Today in China, for overdue flags and timing warnings.
    public var today: @Sendable () -> ReportDate
    /// The time now, for sessions and login limits.
    public var now: @Sendable () -> Date
    /// The review steps before an item is published (三审 by default).
    public var reviewChain: ReviewChain
    /// Failed logins, shared by every copy of this office.
    public let limiter = LoginLimiter()
    /// The open requests with their standings as last read, kept until the store changes.
    let openRequestsCache = OpenRequestsCache()

    public init(
        store: any RecordStore, calendar: WorkingDayCalendar, today: @escaping @Sendable () -> ReportDate = { .todayInChina },
        now: @escaping @Sendable () -> Date = { Date() }, reviewChain: ReviewChain = .standard
    ) {
        self.store = store
        self.calendarBox = CalendarBox(calendar)
        self.today = today
        self.now = now
        self.reviewChain = reviewChain
    }

    // MARK: Requests (依申请公开)

    /// Registers a request received on a day (条例 Art. 29–31) and gives the applicant's private
    /// tracking token, which is kept only as its digest.
    public func registerRequest(_ form: RequestForm, by actor: String) async throws(StoreError) -> (request: ApplicationCase, trackingToken: String) {
        let id = try Validate.id(form.id, field: "id")
        let applicationID = try form.applicationId.map { (text) throws(StoreError) in try Validate.id(text, field: "applicationId") }
        guard let applicant = ApplicantKind(code: form.applicant) else {
            throw .invalid(field: "applicant", "\(form.applicant)不是申请人类别，可填：\(ApplicantKind.accepted)")
        }
        guard let channel = Channel(code: form.channel) else {
            throw .invalid(field: "channel", "\(form.channel)不是申请方式，可填：\(Channel.accepted)")
        }
        let request = try Validate.text(
            form.request, field: "request", blank: "申请应包括所需政府信息的名称、文号或者便于查询的其他特征性描述（第二十九条）")
        var c = ApplicationCase(
            id: id, applicationID: applicationID, applicant: applicant, channel: channel, request: request,
            receivedOn: try Validate.date(form.receivedOn, field: "receivedOn"))
        if let submitted = form.submittedOn {
            c.submittedOn = try Validate.date(submitted, field: "submittedOn")
            if let error = ApplicationCase.receiptError(channel: channel, submittedOn: c.submittedOn, receivedOn: c.receivedOn) {
                throw .invalid(field: error.field, error.description)
            }
        }
        c.applicantName = try Validate.optional(form.applicantName, field: "applicantName")
        c.contact = try Validate.optional(form.contact, field: "contact", limit: 1000)
        let token = Credentials.newToken()
        c.trackingTokenHash = Credentials.digest(token)
        try await store.create(c, by: actor)
        return (c, token)
    }

    /// Records what happened to a request, by the case's rules and the days it counts: refused,
    /// with the day that applies, when it is out of order, out of place or out of time.
    public func recordEvent(_ form: EventForm, on id: String, by actor: String) async throws(StoreError) -> ApplicationCase {
        let event: ApplicationCase.Event
        do throws(CaseError) { event = try form.event(recordedBy: actor) } catch { throw .rejected(error) }
        guard Validate.years.contains(event.date.year) else { throw .invalid(field: "on", "\(event.date)不在\(Validate.years)年之间") }
        let calendar = calendar
        return try await store.updateApplication(id: id, action: "event", by: actor) { c throws(CaseError) in
            try c.record(event, calendar: calendar)
        }
    }

    /// The permission an event kind needs: a decision a role that decides, an extension the
    /// head's approval, anything else a role that records events.
    public static func permission(forEvent kind: String) -> Permission {
        switch kind.replacingOccurrences(of: "-", with: "_") {
        case "decided": .decide
        case "extended": .extend
        default: .recordEvent
        }
    }

    /// Records an event as a staff member: refused when their role may not record that kind;
    /// an extension is approved by the member recording it (never a name typed in).
    public func recordEvent(_ form: EventForm, on id: String, member: StaffMember) async throws(StoreError) -> ApplicationCase {
        guard Self.permission(forEvent: form.kind).roles.contains(member.role) else { throw .forbidden("\(member.role.label)无此权限") }
        var form = form
        if form.kind.replacingOccurrences(of: "-", with: "_") == "extended" { form.approvedBy = member.name }
        return try await recordEvent(form, on: id, by: "staff:\(member.name)")
    }

    /// A request by its id; `notFound` when there is none.
    public func request(id: String) async throws(StoreError) -> ApplicationCase {
        guard let c = try await store.application(id: id) else { throw .notFound("application \(id)") }
        return c
    }

    /// The timing warnings of a request as of today, in the office's words; a deadline the
    /// calendar cannot count says so.
    public func warnings(_ c: ApplicationCase) -> [String] {
        do { return try c.warnings(on: today(), calendar: calendar) } catch { return [error.description] }
    }

    // MARK: The proactive-disclosure register (主动公开)

    public func addItem(_ form: ItemForm, by actor: String) async throws(StoreError) -> ProactiveItem {
        let id = try Validate.id(form.id, field: "id")
        let title = try Validate.text(form.title, field: "title", limit: 500, blank: "须填写信息名称")
        guard let category = DisclosureCategory(rawValue: form.category) else { throw .invalid(field: "category", "须为1至15（条例第二十条）") }
        var kind: ProactiveItem.DocumentKind?
        if let k = form.documentKind {
            guard let parsed = ProactiveItem.DocumentKind(rawValue: k) else {
                throw .invalid(field: "documentKind", "rules（规章）或 normative_docs（行政规范性文件）")
            }
            kind = parsed
        }
        let item = ProactiveItem(
            id: id, title: title, category: category, formedOn: try Validate.date(form.formedOn, field: "formedOn"), documentKind: kind)
        try await store.insert(item, by: actor)
        return item
    }

    /// The next review step, by the person named (each step by a different person). With
    /// `role`, the step must be one that role does (初审 a clerk, 复审 a reviewer, 终审 the head).
    public func approveItem(
        id: String, on day: String, by person: String, role: StaffMember.Role? = nil, actor: String
    ) async throws(StoreError) -> ProactiveItem {
        let on = try Validate.date(day, field: "on"), chain = reviewChain
        return try await store.update(ProactiveItem.self, id: id, action: "approve", by: actor) { item throws(CaseError) in
            if let role, item.approvals.count < chain.steps.count {
                let step = chain.steps[item.approvals.count]
                if let needed = ReviewChain.stepRoles[step], needed != role {
                    throw .invalid(field: "role", "\(step)须由\(needed.label)办理，\(role.label)不能办理")
                }
            }
            try item.approve(by: person, on: on, chain: chain)
        }
    }

    public func publishItem(id: String, on day: String, by actor: String) async throws(StoreError) -> ProactiveItem {
        let on = try Validate.date(day, field: "on"), chain = reviewChain
        return try await store.update(ProactiveItem.self, id: id, action: "publish", by: actor) { item throws(CaseError) in
            try item.publish(on: on, chain: chain)
        }
    }

    public func repealItem(id: String, on day: String, by actor: String) async throws(StoreError) -> ProactiveItem {
        let on = try Validate.date(day, field: "on")
        return try await store.update(ProactiveItem.self, id: id, action: "repeal", by: actor) { item throws(CaseError) in try item.repeal(on: on) }
    }

    /// Whether an item is past its Art. 26 limit today (nil when the calendar cannot tell).
    public func isOverdue(_ item: ProactiveItem) -> Bool? { try? item.isOverdue(on: today(), calendar: calendar) }

    // MARK: Reconsideration and litigation (table 四)

    /// Registers a case; one about a request must name a request the office has registered.
    public func addReview(_ form: ReviewForm, by actor: String) async throws(StoreError) -> ReviewCase {
        let id = try Validate.id(form.id, field: "id")
        guard let route = ReviewCase.Route(rawValue: form.route) else {
            throw .invalid(field: "route", "review（行政复议）、suit_direct（直接起诉）或 suit_after_review（复议后起诉）")
        }
        if let application = form.applicationId {
            guard try await store.application(id: try Validate.id(application, field: "applicationId")) != nil else {
                throw .invalid(field: "applicationId", "没有编号为\(application)的申请：复议、诉讼案件须关联已登记的申请")
            }
        }
        let review = ReviewCase(
            id: id, route: route, applicationCaseID: form.applicationId, filedOn: try Validate.date(form.filedOn, field: "filedOn"))
        try await store.insert(review, by: actor)
        return review
    }

    public func decideReview(id: String, result: String, on day: String, text: String?, by actor: String) async throws(StoreError) -> ReviewCase {
        guard let result = ReviewCase.Result(rawValue: result) else {
            throw .invalid(field: "result", "upheld（维持）、corrected（纠正）或 other（其他）")
        }
        let on = try Validate.date(day, field: "on")
        let text = try Validate.optional(text, field: "text", limit: Validate.maximumTextLength)
        return try await store.update(ReviewCase.self, id: id, action: "decide", by: actor) { review throws(CaseError) in
            try review.decide(result, on: on, text: text)
        }
    }

    // MARK: The year

    /// The year's counts of table 二 that are not items.
    public func setTally(_ form: TallyForm, by actor: String) async throws(StoreError) -> YearTally {
        guard Validate.years.contains(form.year) else { throw .invalid(field: "year", "须在\(Validate.years)之间") }
        var tally = YearTally(year: form.year)
        tally.licensingDecisions = try Validate.count(form.licensingDecisions, field: "licensingDecisions")
        tally.penaltyDecisions = try Validate.count(form.penaltyDecisions, field: "penaltyDecisions")
        tally.coercionDecisions = try Validate.count(form.coercionDecisions, field: "coercionDecisions")
        guard let fees = ReportNumber(parsing: form.adminFeesTenThousandYuan), fees >= ReportNumber(0), fees < ReportNumber(100_000_000) else {
            throw .invalid(field: "adminFeesTenThousandYuan", "以万元计的非负数（如 3.5）")
        }
        tally.adminFeesTenThousandYuan = fees
        try await store.save(tally, by: actor)
        return tally
    }

    /// The year's annual report computed from the records, with the prose given or, when none
    /// is given, the prose the office saved for that year (``saveReportTexts(year:agency:texts:by:)``).
    public func yearReport(year: Int, agency: String, texts: YearReport.Texts? = nil) async throws(StoreError) -> Report {
        guard Validate.years.contains(year) else { throw .invalid(field: "year", "须在\(Validate.years)之间") }
        let agency = try Validate.text(agency, field: "agency", limit: Validate.maximumNameLength, blank: "须填写机关名称")
        let prose: YearReport.Texts
        if let texts { prose = texts } else { prose = try await reportTexts(year: year, agency: agency) }
        return try await store.yearReport(year: year, agency: agency, texts: prose)
    }

    /// The prose the office saved for a year's report (empty parts when none was saved).
    public func reportTexts(year: Int, agency: String) async throws(StoreError) -> YearReport.Texts {
        guard let saved = try await store.record(ReportTexts.self, id: "\(year):\(agency)") else { return .init() }
        func part(_ s: String) -> String? { s.isEmpty ? nil : s }
        return .init(overview: part(saved.overview), problems: part(saved.problems), otherMatters: part(saved.otherMatters))
    }

    /// Saves the prose of a year's report: 一、总体情况, 五、存在的主要问题及改进情况 and
    /// 六、其他需要报告的事项, each up to ``Validate/maximumTextLength`` characters.
    public func saveReportTexts(year: Int, agency: String, texts: YearReport.Texts, by actor: String) async throws(StoreError) {
        guard Validate.years.contains(year) else { throw .invalid(field: "year", "须在\(Validate.years)之间") }
        let saved = ReportTexts(
            year: year, agency: agency,
            overview: try Validate.optional(texts.overview, field: "overview", limit: Validate.maximumTextLength) ?? "",
            problems: try Validate.optional(texts.problems, field: "problems", limit: Validate.maximumTextLength) ?? "",
            otherMatters: try Validate.optional(texts.otherMatters, field: "otherMatters", limit: Validate.maximumTextLength) ?? "")
        if try await store.record(ReportTexts.self, id: saved.id) != nil {
            _ = try await store.update(ReportTexts.self, id: saved.id, action: "edit", by: actor) { old throws(CaseError) in old = saved }
        } else {
            try await store.insert(saved, by: actor)
        }
    }
}

extension Office {
    /// The shortest password a staff member may have.
    public static let minimumPasswordLength = 10

    /// Adds a staff member with a role; the password is kept only as its scrypt hash.
    public func addStaff(name: String, role: String, password: String, by actor: String) async throws(StoreError) -> StaffMember {
        let name = try Validate.id(name, field: "name")
        guard let role = StaffMember.Role(code: role) else { throw .invalid(field: "role", "可填：" + StaffMember.Role.accepted) }
        guard password.count >= Self.minimumPasswordLength else { throw .invalid(field: "password", "密码至少\(Self.minimumPasswordLength)个字符") }
        guard password.count <= 1024 else { throw .invalid(field: "password", "密码不能超过1024个字符") }
        let hash: String
        do { hash = try Credentials.hash(password: password) } catch { throw .database("the password could not be hashed: \(error)") }
        let member = StaffMember(name: name, role: role, passwordHash: hash)
        try await store.create(member, by: actor)
        return member
    }
}

/// Where an open request stands against its reply day, as every list shows it.
public struct ReplyStanding: Sendable, Hashable {
    /// The reply day, when the clock runs and the calendar can count it.
    public var due: ReportDate?
    /// Past the reply day today.
    public var overdue: Bool
    /// Due within five working days of today (and not yet past).
    public var dueSoon: Bool
    /// Why no reply day can be given, when the calendar cannot count it.
    public var uncountable: String?
}

extension Office {
    /// The request's reply day and whether it is past or near today: nil for a closed request.
    public func standing(_ c: ApplicationCase) -> ReplyStanding? { standings([c])[0] }

    /// The standings of many requests at once (a desk's or a list's): today's horizon of five
    /// working days is counted once, and the reply day once per receipt day for the requests
    /// with nothing recorded yet, which share it.
    public func standings(_ cases: [ApplicationCase]) -> [ReplyStanding?] {
        let calendar = calendar, today = today()
        let soon = try? DeadlineRule(workingDays: 5, purpose: "").deadline(from: today, startEvent: "", calendar: calendar).due
        var plain: [String: Result<ReportDate?, CalendarError>] = [:]
        return cases.map { c in
            guard c.closing == nil else { return nil }
            let due: Result<ReportDate?, CalendarError>
            if c.events.isEmpty, let known = plain["\(c.receivedOn)\(c.channel.rawValue)"] {
                due = known
            } else {
                do throws(CalendarError) { due = .success(try c.answerDeadline(calendar: calendar).due) } catch { due = .failure(error) }
                if c.events.isEmpty { plain["\(c.receivedOn)\(c.channel.rawValue)"] = due }
            }
            switch due {
            case .failure(let error): return ReplyStanding(due: nil, overdue: false, dueSoon: false, uncountable: error.description)
            case .success(nil): return ReplyStanding(due: nil, overdue: false, dueSoon: false)
            case .success(let day?):
                if today > day { return ReplyStanding(due: day, overdue: true, dueSoon: false) }
                return ReplyStanding(due: day, overdue: false, dueSoon: soon.map { day <= $0 } ?? false)
            }
        }
    }
}

/// An open request as the desk and the lists show it.
public struct OpenRequest: Sendable {
    public var request: ApplicationCase
    public var standing: ReplyStanding?
    /// Waiting for the applicant or someone else: 补正, a fee, a consultation.
    public var isWaiting: Bool
}

/// The open requests and their standings, as of a store stamp and a day: read again only when
/// either has changed (and once for all who ask at the same time), so that every desk and list
/// of a busy office does not decode every open request on each view.
actor OpenRequestsCache {
    private var stamp: (changes: Int, today: ReportDate)?
    private var task: Task<[OpenRequest], any Error>?

    func value(changes: Int, today: ReportDate, read: @escaping @Sendable () async throws -> [OpenRequest]) async throws -> [OpenRequest] {
        if let stamp, stamp.changes == changes, stamp.today == today, let task { return try await task.value }
        let fresh = Task { try await read() }
        task = fresh
        stamp = (changes, today)
        do { return try await fresh.value } catch {
            if stamp?.changes == changes { (stamp, task) = (nil, nil) }
            throw error
        }
    }
}

extension Office {
    /// Every open request with where it stands against its reply day, the earliest reply day
    /// first (those without one last), then by id.
    public func openRequests() async throws(StoreError) -> [OpenRequest] {
        let changes = try await store.committedChanges(), today = today()
        let office = self
        do {
            return try await openRequestsCache.value(changes: changes, today: today) { try await office.readOpenRequests() }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    func readOpenRequests() async throws(StoreError) -> [OpenRequest] {
        var out: [OpenRequest] = []
        var after: String?
        while true {
            let page = try await store.applications(matching: RequestQuery(open: true, after: after, limit: 1000))
            for (c, standing) in zip(page, standings(page)) {
                let waiting: Bool
                if case .inProgress = c.state { waiting = false } else { waiting = true }
                out.append(OpenRequest(request: c, standing: standing, isWaiting: waiting))
            }
            guard page.count == 1000 else { break }
            after = page.last?.id
        }
        let never = ReportDate(year: 9999, month: 12, day: 31)
        return out.sorted { a, b in
            let (x, y) = (a.standing?.due ?? never, b.standing?.due ?? never)
            return x != y ? x < y : a.request.id < b.request.id
        }
    }
}
