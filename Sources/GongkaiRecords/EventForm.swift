import GongkaiModel

/// An event as a form, a request body or a command line gives it: its kind and the fields as
/// text. The API and the `gongkai case event` command read events through it, so that both
/// accept and refuse the same things.
public struct EventForm: Decodable, Sendable {
    /// `correction_requested` … `withdrawn` (``ApplicationCase/Event/kinds``); `-` may stand for `_`.
    public var kind: String
    public var on: String
    /// correction_requested: the day to amend by.
    public var dueBy: String?
    /// decided: the row of table 三 (2021 format), by its key or its name, and the legal basis.
    public var outcome: String?
    public var basis: String?
    /// extended: working days, and who approved (the one recording it, when absent).
    public var workingDays: Int?
    public var approvedBy: String?
    /// fee_noticed: the amount in yuan, or what the schedule works it out from — pages supplied
    /// (按量) or the applicant's applications this month, this one included (按件).
    public var yuan: Int?
    public var pages: Int?
    public var monthlyCount: Int?
    /// consultation_started: third_party_consultation (the default) or agency_consultation.
    public var party: String?

    /// The largest page count, monthly application count and fee an event may state: far above
    /// any real one (100,000 pages cost 3.99 million yuan), far below what could overflow.
    public static let maximumPages = 100_000
    public static let maximumMonthlyCount = 10_000
    public static let maximumYuan = 10_000_000

    public init(
        kind: String, on: String, dueBy: String? = nil, outcome: String? = nil, basis: String? = nil, workingDays: Int? = nil,
        approvedBy: String? = nil, yuan: Int? = nil, pages: Int? = nil, monthlyCount: Int? = nil, party: String? = nil
    ) {
        self.kind = kind
        self.on = on
        self.dueBy = dueBy
        self.outcome = outcome
        self.basis = basis
        self.workingDays = workingDays
        self.approvedBy = approvedBy
        self.yuan = yuan
        self.pages = pages
        self.monthlyCount = monthlyCount
        self.party = party
    }

    /// The event the fields describe, or the field at fault (`.missing` when the kind needs a
    /// field that is absent, `.invalid` for a bad value).
    public func event(recordedBy recorder: String) throws(CaseError) -> ApplicationCase.Event {
        func date(_ text: String?, _ field: String) throws(CaseError) -> ReportDate {
            guard let text else { throw .missing(field: field) }
            guard let d = ReportDate(iso: text) else { throw .invalid(field: field, "\(text) is not a date (YYYY-MM-DD)") }
            return d
        }
        func need<T>(_ value: T?, _ field: String) throws(CaseError) -> T {
            guard let value else { throw .missing(field: field) }
            return value
        }
        let on = try date(on, "on")
        switch kind.replacingOccurrences(of: "-", with: "_") {
        case "correction_requested": return .correctionRequested(on: on, dueBy: try date(dueBy, "dueBy"))
        case "correction_received": return .correctionReceived(on: on)
        case "correction_lapsed": return .correctionLapsed(on: on)
        case "consultation_started":
            guard let reason = ClockPause.Reason(rawValue: party ?? ClockPause.Reason.thirdPartyConsultation.rawValue), reason != .feePayment else {
                throw .invalid(field: "party", "third_party_consultation or agency_consultation")
            }
            return .consultationStarted(on: on, party: reason)
        case "consultation_ended": return .consultationEnded(on: on)
        case "extended": return .extended(on: on, workingDays: try need(workingDays, "workingDays"), approvedBy: approvedBy ?? recorder)
        case "fee_noticed":
            // Bounded where they enter, so that no count can overflow the schedule or a year's sum.
            if let pages {
                guard (1...Self.maximumPages).contains(pages) else { throw .invalid(field: "pages", "页数须为1至\(Self.maximumPages)") }
                return .feeNoticed(on: on, yuan: InformationProcessingFee.perVolume(pages: pages))
            }
            if let monthlyCount {
                guard (1...Self.maximumMonthlyCount).contains(monthlyCount) else {
                    throw .invalid(field: "monthlyCount", "当月申请件数须为1至\(Self.maximumMonthlyCount)")
                }
                return .feeNoticed(on: on, yuan: InformationProcessingFee.perApplication(monthlyCount: monthlyCount))
            }
            let yuan = try need(yuan, "yuan")
            guard (1...Self.maximumYuan).contains(yuan) else { throw .invalid(field: "yuan", "收费金额须为1至\(Self.maximumYuan)元") }
            return .feeNoticed(on: on, yuan: yuan)
        case "fee_paid": return .feePaid(on: on)
        case "fee_lapsed": return .feeLapsed(on: on)
        case "decided":
            let key = try need(outcome, "outcome")
            guard let o = Outcome(code: key) else {
                throw .invalid(
                    field: "outcome",
                    "\(key) is not an outcome row of table 三 in the 2021 format (\(Outcome.all.map(\.rowKey).joined(separator: ", ")))")
            }
            return .decided(on: on, outcome: o, basis: try need(basis, "basis"))
        case "withdrawn": return .withdrawn(on: on)
        default:
            throw .invalid(field: "kind", "\(kind) is not one of \(ApplicationCase.Event.kinds.joined(separator: ", "))")
        }
    }
}
