import Foundation
import GongkaiModel

/// A kind a door may name by its code (`natural`) or by its Chinese name (自然人): every such
/// kind is read the one way this gives.
public protocol NamedCode: RawRepresentable, CaseIterable where RawValue == String {
    /// The Chinese name.
    var label: String { get }
}

extension NamedCode {
    /// The kind by its code or its Chinese name; nil for anything else.
    public init?(code: String) {
        guard let found = Self(rawValue: code) ?? Self.allCases.first(where: { $0.label == code }) else { return nil }
        self = found
    }

    /// The codes and names accepted, for help and error messages: `natural（自然人）、…`.
    public static var accepted: String { allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、") }
}

/// Who applies, as table 三 counts them (申请人情况): 自然人, or one of the five kinds of 法人或其他组织.
public enum ApplicantKind: String, CaseIterable, Codable, Sendable, Hashable, NamedCode {
    case natural
    case commercial
    case research
    case publicInterest = "public_interest"
    case legalService = "legal_service"
    case otherOrganization = "other_org"

    /// The column key of table 三 (Docs/Cells.md).
    public var columnKey: String { rawValue }
    public var label: String { ReportTemplate.applicantColumns.first { $0.key == rawValue }!.label }
}

/// How an application arrived; the receipt day follows 条例 Art. 31.
public enum Channel: String, CaseIterable, Codable, Sendable, Hashable, NamedCode {
    /// 当面提交: received the day it is handed in.
    case inPerson = "in_person"
    /// 信函: received the day the agency signs for it (an unsigned letter: the day the office confirms it with the applicant).
    case letter
    /// 在线 (网上申请平台): received the day both sides confirm.
    case online
    /// 传真: received the day both sides confirm.
    case fax
    /// 电子邮件: received the day both sides confirm.
    case email

    public var label: String {
        switch self {
        case .inPerson: "当面"
        case .letter: "信函"
        case .online: "在线"
        case .fax: "传真"
        case .email: "电子邮件"
        }
    }
}

/// The one result of a request, as a row of table 三 (三、本年度办理结果) in the 2021 format:
/// 予以公开, 部分公开, or a reason row of 不予公开, 无法提供, 不予处理 or 其他处理.
public struct Outcome: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The row key of table 三 (`granted`, `denied.state_secret`, `other_handling.no_fee` …).
    public let rowKey: String

    /// Every outcome, in the table's order.
    public static let all: [Outcome] = (ReportTemplate.outcomeRowsBeforeOther.map(\.0) + ReportTemplate.otherHandlingSubRows).map(
        Outcome.init(unchecked:))

    private init(unchecked rowKey: String) { self.rowKey = rowKey }

    /// The outcome of a row key of the 2021 format; nil for anything else.
    public init?(rowKey: String) {
        guard Self.all.contains(where: { $0.rowKey == rowKey }) else { return nil }
        self.rowKey = rowKey
    }

    /// The outcome of a row key, or of its row's name as the form prints it, with or without
    /// its number and group (`保护第三方合法权益`, `4.保护第三方合法权益`, `（一）予以公开`); nil for
    /// anything else, or a name two rows share.
    public init?(code: String) {
        if let outcome = Outcome(rowKey: code) {
            self = outcome
            return
        }
        func bare(_ label: Substring) -> Substring {
            var rest = label
            if let dot = rest.firstIndex(where: { $0 == "." || $0 == "）" }), rest[..<dot].count <= 3 { rest = rest[rest.index(after: dot)...] }
            return rest
        }
        let wanted = bare(Substring(code))
        let matches = Self.all.filter { outcome in
            let row = outcome.label.split(separator: "·").last ?? Substring(outcome.label)
            return row == code || bare(row) == wanted || outcome.label == code
        }
        guard matches.count == 1 else { return nil }
        self = matches[0]
    }

    public static let granted = Outcome(unchecked: "granted")
    public static let partial = Outcome(unchecked: "partial")
    /// 其他处理 1: no amendment by the set day (条例 Art. 30).
    public static let noCorrection = Outcome(unchecked: "other_handling.no_correction")
    /// 其他处理 2: the fee not paid in time.
    public static let noFee = Outcome(unchecked: "other_handling.no_fee")
    /// 其他处理 3: withdrawn, and everything else.
    public static let otherHandling = Outcome(unchecked: "other_handling.other")

    /// The row this outcome counts in for a report of `format` (the 2019 format has one
    /// 其他处理 row).
    public func rowKey(in format: ReportFormat) -> String {
        format == .v2019 && rowKey.hasPrefix("other_handling.") ? ReportTemplate.otherHandlingRow : rowKey
    }

    /// The row label as the form prints it, with its group (（三）不予公开 · 1.属于国家秘密).
    public var label: String {
        let labels =
            ReportTemplate.outcomeRowsBeforeOther + [
                ("other_handling.no_correction", "1.申请人无正当理由逾期不补正"), ("other_handling.no_fee", "2.申请人逾期未按收费通知缴纳费用"),
                ("other_handling.other", "3.其他"),
            ]
        let row = labels.first { $0.0 == rowKey }!.1
        let group = ["denied.": "（三）不予公开", "unavailable.": "（四）无法提供", "rejected.": "（五）不予处理", "other_handling.": "（六）其他处理"]
            .first { rowKey.hasPrefix($0.key) }?.value
        return group.map { "\($0)·\(row)" } ?? row
    }

    public var description: String { rowKey }
}

/// One request (一事一申请) of an application and everything that happened to it, in order.
/// The events are the record; the state, the deadline and the year it counts in follow from them.
public struct ApplicationCase: Hashable, Sendable, Codable {
    /// What happened, on which day.
    public enum Event: Hashable, Sendable, Codable {
        /// 补正告知 (Art. 30): what to amend, and by which day.
        case correctionRequested(on: ReportDate, dueBy: ReportDate)
        /// The amended application arrived: the answer period starts again from this day.
        case correctionReceived(on: ReportDate)
        /// The set day passed without amendment: closed as 其他处理 1.
        case correctionLapsed(on: ReportDate)
        /// A third party (Art. 32) or another agency (Art. 34) consulted: the clock stops.
        case consultationStarted(on: ReportDate, party: ClockPause.Reason)
        /// Its reply (or the end of its 15 working days): the clock runs again from the next day.
        case consultationEnded(on: ReportDate)
        /// The answer period extended (Art. 33 ¶2), with the head of the office's approval.
        case extended(on: ReportDate, workingDays: Int, approvedBy: String)
        /// 收费通知 under 国办函〔2020〕109号: the clock stops until payment.
        case feeNoticed(on: ReportDate, yuan: Int)
        case feePaid(on: ReportDate)
        /// Not paid in time: closed as 其他处理 2.
        case feeLapsed(on: ReportDate)
        /// The decision, with its legal basis.
        case decided(on: ReportDate, outcome: Outcome, basis: String)
        /// Withdrawn by the applicant: closed as 其他处理 3.
        case withdrawn(on: ReportDate)

        /// The event's name in records and the API (`correction_requested` …).
        public var kind: String {
            switch self {
            case .correctionRequested: "correction_requested"
            case .correctionReceived: "correction_received"
            case .correctionLapsed: "correction_lapsed"
            case .consultationStarted: "consultation_started"
            case .consultationEnded: "consultation_ended"
            case .extended: "extended"
            case .feeNoticed: "fee_noticed"
            case .feePaid: "fee_paid"
            case .feeLapsed: "fee_lapsed"
            case .decided: "decided"
            case .withdrawn: "withdrawn"
            }
        }

        /// Every event name.
        public static let kinds = [
            "correction_requested", "correction_received", "correction_lapsed", "consultation_started", "consultation_ended", "extended",
            "fee_noticed", "fee_paid", "fee_lapsed", "decided", "withdrawn",
        ]

        /// The Chinese name of an event kind, for messages (`correction_lapsed` → 逾期未补正).
        public static func name(of kind: String) -> String {
            let names = [
                "correction_requested": "告知补正", "correction_received": "收到补正", "correction_lapsed": "逾期未补正",
                "consultation_started": "征求意见", "consultation_ended": "收到意见", "extended": "延长答复期限", "fee_noticed": "收费通知",
                "fee_paid": "缴费", "fee_lapsed": "逾期未缴费", "decided": "答复", "withdrawn": "撤回",
            ]
            return names[kind] ?? kind
        }

        /// The event as an office reads it.
        public var label: String {
            switch self {
            case .correctionRequested(_, let dueBy): "告知补正，补正期限\(dueBy)"
            case .correctionReceived: "收到补正后的申请"
            case .correctionLapsed: "逾期未补正，不再处理"
            case .consultationStarted(_, let party): party == .agencyConsultation ? "征求其他机关意见" : "征求第三方意见"
            case .consultationEnded: "收到意见（或征求意见期满）"
            case .extended(_, let days, let by): "延长答复期限\(days)个工作日（\(by)同意）"
            case .feeNoticed(_, let yuan): "发出收费通知：\(yuan)元"
            case .feePaid: "缴纳信息处理费"
            case .feeLapsed: "逾期未缴费，不再处理"
            case .decided(_, let outcome, let basis): "答复：\(outcome.label)（依据：\(basis)）"
            case .withdrawn: "申请人撤回申请"
            }
        }

        public var date: ReportDate {
            switch self {
            case .correctionRequested(let d, _), .correctionReceived(let d), .correctionLapsed(let d),
                .consultationStarted(let d, _), .consultationEnded(let d), .extended(let d, _, _), .feeNoticed(let d, _),
                .feePaid(let d), .feeLapsed(let d), .decided(let d, _, _), .withdrawn(let d):
                d
            }
        }
    }

    /// Where a case stands.
    public enum State: Hashable, Sendable {
        case inProgress
        case awaitingCorrection(dueBy: ReportDate)
        case inConsultation(since: ReportDate)
        case awaitingFee(since: ReportDate)
        case closed(Outcome, on: ReportDate)

        /// Where the case stands, in the office's words.
        public var label: String {
            switch self {
            case .inProgress: "办理中"
            case .awaitingCorrection(let dueBy): "待申请人补正（补正期限\(dueBy)）"
            case .inConsultation(let since): "征求意见中（\(since)起）"
            case .awaitingFee(let since): "待缴纳信息处理费（\(since)通知）"
            case .closed(let outcome, let on): "已于\(on)办结（\(outcome.label)）"
            }
        }
    }

    public var id: String
    /// The application this request was split from (一事一申请); several requests may share it.
    public var applicationID: String
    public var applicant: ApplicantKind
    public var channel: Channel
    /// What is asked for.
    public var request: String
    /// The receipt day under Art. 31.
    public var receivedOn: ReportDate
    /// The day the applicant handed in, posted or sent the application, when known; the receipt
    /// day follows from it by Art. 31 (see ``receiptError(channel:submittedOn:receivedOn:)``).
    public var submittedOn: ReportDate?
    /// The applicant's name and contact details (Art. 29): personal data, shown to staff only.
    public var applicantName: String?
    public var contact: String?
    /// The SHA-256 (hex) of the private token the applicant follows the request with.
    public var trackingTokenHash: String?
    public private(set) var events: [Event] = []

    public init(id: String, applicationID: String? = nil, applicant: ApplicantKind, channel: Channel, request: String, receivedOn: ReportDate) {
        self.id = id
        self.applicationID = applicationID ?? id
        self.applicant = applicant
        self.channel = channel
        self.request = request
        self.receivedOn = receivedOn
    }

    /// The state after all events.
    public var state: State {
        var state = State.inProgress
        for event in events { state = Self.apply(event, to: state) ?? state }
        return state
    }

    /// The outcome and its day, once closed.
    public var closing: (outcome: Outcome, on: ReportDate)? {
        if case .closed(let outcome, let day) = state { return (outcome, day) }
        return nil
    }

    /// The 信息处理费 paid, with the day: the amount of the last notice before the payment.
    public var feePaid: (on: ReportDate, yuan: Int)? {
        var notice = 0
        var paid: (on: ReportDate, yuan: Int)?
        for event in events {
            if case .feeNoticed(_, let yuan) = event { notice = yuan }
            if case .feePaid(let d) = event { paid = (d, notice) }
        }
        return paid
    }

    /// Whether the case is still open at the end of `day`.
    public func isOpen(atEndOf day: ReportDate) -> Bool {
        receivedOn <= day && (closing.map { $0.on > day } ?? true)
    }

    /// Records an event, or says why it cannot happen now (nothing is recorded then).
    public mutating func record(_ event: Event) throws(CaseError) {
        let last = events.last?.date ?? receivedOn
        guard event.date >= last else {
            throw .outOfOrder(event: event.kind, date: event.date, after: last)
        }
        switch event {
        case .extended(_, let days, let approver):
            guard (1...DeadlineRule.maximumExtension).contains(days) else {
                throw .invalid(field: "workingDays", "延长期限须为1至\(DeadlineRule.maximumExtension)个工作日（第三十三条第二款）")
            }
            guard !approver.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid(field: "approvedBy", "延长答复期限须经政府信息公开工作机构负责人同意") }
            guard !events.contains(where: { if case .extended = $0 { true } else { false } }) else {
                throw .invalid(field: "event", "答复期限只能延长一次")
            }
        case .correctionRequested(let on, let dueBy):
            guard dueBy > on else { throw .invalid(field: "dueBy", "补正期限须晚于告知之日") }
            guard !events.contains(where: { if case .correctionRequested = $0 { true } else { false } }) else {
                throw .invalid(field: "event", "补正应一次性告知（第三十条）")
            }
        case .feeNoticed(_, let yuan):
            guard yuan > 0 else { throw .invalid(field: "yuan", "收费金额须大于0") }
        case .decided(_, _, let basis):
            guard !basis.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid(field: "basis", "答复须写明依据") }
        default: break
        }
        guard Self.apply(event, to: state) != nil else { throw .notNow(event: event.kind, state: state) }
        events.append(event)
    }

    /// Records an event after checking it against the statutory days the case itself counts:
    /// a request is closed as 逾期未补正 only after its 补正 period, and as 逾期未缴费 only after
    /// the 20 working days to pay; an extension is decided within the original answer period
    /// (条例 Art. 33), never after it has run out, where it would hide a late answer. A day the
    /// calendar cannot count refuses the event with the reason, rather than letting it pass.
    public mutating func record(_ event: Event, calendar: WorkingDayCalendar) throws(CaseError) {
        func counted(_ body: () throws(CalendarError) -> ReportDate?) throws(CaseError) -> ReportDate? {
            do { return try body() } catch { throw .invalid(field: "on", error.description) }
        }
        switch (state, event) {
        case (.awaitingCorrection(let dueBy), .correctionLapsed(let on)) where on <= dueBy:
            throw .invalid(field: "on", "补正期限为\(dueBy)，\(on)尚未逾期：\(dueBy.adding(days: 1))起方可按逾期未补正处理")
        case (.awaitingFee(let since), .feeLapsed(let on)):
            let due = try counted { () throws(CalendarError) in
                try DeadlineRule.feePayment.deadline(from: since, startEvent: "收费通知", calendar: calendar).due
            }
            if let due, on <= due {
                throw .invalid(field: "on", "缴费期限为\(due)（收费通知后20个工作日），\(on)尚未逾期：\(due.adding(days: 1))起方可按逾期未缴费处理")
            }
        case (.inProgress, .extended(let on, _, _)):
            let due = try counted { () throws(CalendarError) in try answerDeadline(calendar: calendar).due }
            if let due, on > due {
                throw .invalid(field: "on", "答复期限已于\(due)届满，\(on)不能再延长：延长须在答复期限内决定（第三十三条第二款）")
            }
        default: break
        }
        try record(event)
    }

    /// A field of a registered request that a correction may change.
    public enum Field: String, CaseIterable, Sendable {
        case applicant, channel, receivedOn, submittedOn, request, applicantName, contact
    }

    /// Voids the event at `index` (0 for the first): the record is replayed without it, and the
    /// void is refused, with the reason, when an event after it no longer stands (a decision
    /// after a voided extension that it needed stays valid; an event that followed from the
    /// voided one does not).
    public mutating func voidEvent(at index: Int, calendar: WorkingDayCalendar) throws(CaseError) {
        guard events.indices.contains(index) else { throw .invalid(field: "event", "没有第\(index + 1)项事项（共\(events.count)项）") }
        var kept = events
        kept.remove(at: index)
        try replay(kept, calendar: calendar, because: "撤销第\(index + 1)项「\(events[index].label)」后")
    }

    /// Sets a field to a corrected value, given as text as a form gives it; the events are
    /// replayed on the corrected request, and the correction is refused when one no longer fits
    /// (a receipt day moved after an event).
    public mutating func correct(_ field: Field, to value: String, calendar: WorkingDayCalendar) throws(CaseError) {
        var corrected = self
        switch field {
        case .applicant:
            guard let kind = ApplicantKind(code: value) else {
                throw .invalid(field: "value", "\(value)不是申请人类别")
            }
            corrected.applicant = kind
        case .channel:
            guard let channel = Channel(code: value) else {
                throw .invalid(field: "value", "\(value)不是申请方式")
            }
            corrected.channel = channel
        case .receivedOn, .submittedOn:
            guard let day = ReportDate(iso: value) else { throw .invalid(field: "value", "\(value)不是日期（YYYY-MM-DD）") }
            if field == .receivedOn { corrected.receivedOn = day } else { corrected.submittedOn = day }
            if let error = Self.receiptError(channel: corrected.channel, submittedOn: corrected.submittedOn, receivedOn: corrected.receivedOn) {
                throw error
            }
        case .request:
            guard value.contains(where: { !$0.isWhitespace }) else { throw .invalid(field: "value", "申请内容不能为空") }
            corrected.request = value
        case .applicantName: corrected.applicantName = value.isEmpty ? nil : value
        case .contact: corrected.contact = value.isEmpty ? nil : value
        }
        try corrected.replay(events, calendar: calendar, because: "更正\(field.rawValue)后")
        self = corrected
    }

    /// Records `events` again from the start, by the same rules as when they were first
    /// recorded; on failure nothing changes and the error says which event no longer stands.
    mutating func replay(_ events: [Event], calendar: WorkingDayCalendar, because what: String) throws(CaseError) {
        var fresh = self
        fresh.events = []
        for event in events {
            do { try fresh.record(event, calendar: calendar) } catch {
                throw .invalid(field: "event", "\(what)，「\(event.label)」（\(event.date)）不再成立：\(error.description)")
            }
        }
        self = fresh
    }

    /// The events that may be recorded next, by kind (``Event/kinds`` order): what the state
    /// allows, less a second 补正 notice (Art. 30: once) or a second extension. The web pages
    /// offer these actions only.
    public var possibleEventKinds: [String] {
        let d = events.last?.date ?? receivedOn
        let samples: [Event] = [
            .correctionRequested(on: d, dueBy: d.adding(days: 1)), .correctionReceived(on: d), .correctionLapsed(on: d),
            .consultationStarted(on: d, party: .thirdPartyConsultation), .consultationEnded(on: d), .extended(on: d, workingDays: 1, approvedBy: "-"),
            .feeNoticed(on: d, yuan: 1), .feePaid(on: d), .feeLapsed(on: d), .decided(on: d, outcome: .granted, basis: "-"),
            .decided(on: d, outcome: .otherHandling, basis: "-"), .withdrawn(on: d),
        ]
        let once = Set(events.map(\.kind)).intersection(["correction_requested", "extended"])
        var kinds: [String] = []
        for event in samples where Self.apply(event, to: state) != nil && !once.contains(event.kind) && !kinds.contains(event.kind) {
            kinds.append(event.kind)
        }
        return kinds
    }

    /// The state after `event`, or nil when the event cannot happen in `state`.
    static func apply(_ event: Event, to state: State) -> State? {
        switch (state, event) {
        case (.closed, _): nil
        case (.inProgress, .correctionRequested(_, let dueBy)): .awaitingCorrection(dueBy: dueBy)
        case (.awaitingCorrection, .correctionReceived): .inProgress
        case (.awaitingCorrection, .correctionLapsed(let d)): .closed(.noCorrection, on: d)
        case (.inProgress, .consultationStarted(let d, _)): .inConsultation(since: d)
        case (.inConsultation, .consultationEnded): .inProgress
        case (.inProgress, .extended): .inProgress
        case (.inProgress, .feeNoticed(let d, _)): .awaitingFee(since: d)
        case (.awaitingFee, .feePaid): .inProgress
        case (.awaitingFee, .feeLapsed(let d)): .closed(.noFee, on: d)
        case (.inProgress, .decided(let d, let outcome, _)):
            // 其他处理 1 and 2 come from their own events, not from a decision.
            outcome == .noCorrection || outcome == .noFee ? nil : .closed(outcome, on: d)
        case (.awaitingCorrection, .decided(let d, let outcome, _)) where outcome == .otherHandling: .closed(outcome, on: d)
        case (_, .withdrawn(let d)): .closed(.otherHandling, on: d)
        default: nil
        }
    }

    /// Why a receipt day breaks 条例 Art. 31, if it does: an application handed in is received
    /// that day; one by post, online, fax or e-mail on the day it is signed for or confirmed,
    /// which cannot come before it was sent.
    public static func receiptError(channel: Channel, submittedOn: ReportDate?, receivedOn: ReportDate) -> CaseError? {
        guard let submittedOn else { return nil }
        if channel == .inPerson && receivedOn != submittedOn {
            return .invalid(field: "receivedOn", "当面提交的申请，以提交之日为收到申请之日（第三十一条）")
        }
        if receivedOn < submittedOn { return .invalid(field: "receivedOn", "收到申请之日不能早于提交之日（\(submittedOn)）") }
        return nil
    }

    /// What is wrong with the case's timing as of `today`, in the office's words: a 补正 notice
    /// sent after its 7 working days (Art. 30), a consultation past its 15 working days (Art. 32,
    /// 34), an answer past its deadline (Art. 33), a fee unpaid past its 20 working days.
    public func warnings(on today: ReportDate, calendar: WorkingDayCalendar) throws(CalendarError) -> [String] {
        var out: [String] = []
        let noticeDue = try correctionNoticeDeadline(calendar: calendar).due
        for event in events {
            if case .correctionRequested(let on, _) = event, let due = noticeDue, on > due {
                out.append("补正告知晚于收到申请后7个工作日（应于\(due)前告知，实际\(on)）")
            }
        }
        switch state {
        case .inConsultation(let since):
            if let due = try DeadlineRule.consultationReply.deadline(from: since, startEvent: "征求意见", calendar: calendar).due, today > due {
                out.append("征求意见已逾15个工作日（\(due)届满），可依法自行决定（第三十二条、第三十四条）")
            }
        case .awaitingFee(let since):
            if let due = try DeadlineRule.feePayment.deadline(from: since, startEvent: "收费通知", calendar: calendar).due, today > due {
                out.append("收费通知已逾20个工作日（\(due)届满）未缴费，可按逾期未缴费不再处理")
            }
        case .awaitingCorrection(let dueBy):
            if today > dueBy { out.append("补正期限（\(dueBy)）已过，可按逾期未补正不再处理") }
        case .inProgress:
            if let due = try answerDeadline(calendar: calendar).due, today > due { out.append("已超过答复期限（\(due)）") }
        case .closed(_, let on):
            if let due = try answerDeadline(calendar: calendar).due, on > due { out.append("答复晚于期限（期限\(due)，答复\(on)）") }
        }
        return out
    }

    /// The answer deadline as things stand, with its explanation: counted from receipt, or from
    /// the amended application; consultations and fee waits left out; the extension added.
    /// Nil due while the applicant is to amend (the period has not started) or a pause is open.
    public func answerDeadline(calendar: WorkingDayCalendar) throws(CalendarError) -> Deadline {
        var start = receivedOn
        var startEvent = "收到申请（\(channel.label)）"
        var pauses: [ClockPause] = []
        var extensionDays = 0
        var awaitingCorrection: ReportDate?
        for event in events {
            switch event {
            case .correctionRequested(_, let dueBy): awaitingCorrection = dueBy
            case .correctionReceived(let d):
                start = d
                startEvent = "收到补正后的申请（第三十条：答复期限自收到补正的申请之日起计算）"
                pauses = []
                awaitingCorrection = nil
            case .consultationStarted(let d, let party): pauses.append(ClockPause(party, from: d, to: nil))
            case .consultationEnded(let d), .feePaid(let d):
                if let k = pauses.indices.last, pauses[k].to == nil { pauses[k].to = d }
            case .feeNoticed(let d, _): pauses.append(ClockPause(.feePayment, from: d, to: nil))
            case .extended(_, let days, _): extensionDays = days
            default: break
            }
        }
        if let dueBy = awaitingCorrection {
            return Deadline(due: nil, counted: 0, explanation: ["已告知补正，补正期限为\(dueBy)；答复期限自收到补正后的申请之日起计算（第三十条）。"])
        }
        return try DeadlineRule.answer.deadline(from: start, startEvent: startEvent, extendedBy: extensionDays, pauses: pauses, calendar: calendar)
    }

    /// The last day for the one-time 补正 notice (7 working days after receipt).
    public func correctionNoticeDeadline(calendar: WorkingDayCalendar) throws(CalendarError) -> Deadline {
        try DeadlineRule.correctionNotice.deadline(from: receivedOn, startEvent: "收到申请（\(channel.label)）", calendar: calendar)
    }
}

/// Why an event cannot be recorded; nothing is recorded then.
public enum CaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An event dated before the one before it (or before receipt).
    case outOfOrder(event: String, date: ReportDate, after: ReportDate)
    /// The event cannot happen in the case's state (a decision on a closed case …).
    case notNow(event: String, state: ApplicationCase.State)
    /// A field of the event is wrong.
    case invalid(field: String, String)
    /// A field the event needs is absent.
    case missing(field: String)

    /// The field the error is about, for an API answer.
    public var field: String {
        switch self {
        case .outOfOrder: "date"
        case .notNow: "event"
        case .invalid(let field, _), .missing(let field): field
        }
    }

    public var description: String {
        switch self {
        case .outOfOrder(let event, let date, let after): "\(ApplicationCase.Event.name(of: event))：日期\(date)早于上一事项或收到申请之日（\(after)）"
        case .notNow(let event, let state): "\(ApplicationCase.Event.name(of: event))：案件当前\(state.label)，不能办理此事项"
        case .invalid(_, let why): why
        case .missing(let field): "\(field) is required"
        }
    }
}
