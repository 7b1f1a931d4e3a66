import GongkaiModel

/// A period in which a time limit does not run: consulting a third party (条例 Art. 32) or
/// another agency (Art. 34), or waiting for a fee to be paid (国办函〔2020〕109号). The clock stops
/// on `from` (the day the letter or notice goes out, itself counted as usual) and runs again the
/// day after `to` (the day the reply or payment arrives); `to` is nil while it is still stopped.
public struct ClockPause: Hashable, Sendable, Codable {
    public enum Reason: String, Hashable, Sendable, Codable, CaseIterable {
        case thirdPartyConsultation = "third_party_consultation"
        case agencyConsultation = "agency_consultation"
        case feePayment = "fee_payment"

        /// How an explanation names the pause.
        public var label: String {
            switch self {
            case .thirdPartyConsultation: "征求第三方意见（《政府信息公开条例》第三十二条）"
            case .agencyConsultation: "征求其他机关意见（《政府信息公开条例》第三十四条）"
            case .feePayment: "收费通知至缴费（《政府信息公开信息处理费管理办法》）"
            }
        }
    }

    public var reason: Reason
    public var from: ReportDate
    public var to: ReportDate?

    public init(_ reason: Reason, from: ReportDate, to: ReportDate?) {
        self.reason = reason
        self.from = from
        self.to = to
    }

    /// Whether the clock is stopped on `day`.
    func covers(_ day: ReportDate) -> Bool { day > from && (to.map { day <= $0 } ?? true) }
}

/// A time limit in working days and how it was worked out, step by step, in the words an office
/// or an applicant reads (中文).
public struct Deadline: Hashable, Sendable {
    /// The last day of the limit; nil while the clock is stopped by an open pause.
    public var due: ReportDate?
    /// Working days counted so far (all of them when `due` is known).
    public var counted: Int
    /// The explanation, one line per step.
    public var explanation: [String]
}

/// Counts working days the way the 条例 does: the day of the event that starts the limit is not
/// counted, counting starts the next day (《民法典》第二百零一条); only working days of the official
/// calendar count (调休 working weekends included); paused periods are not counted; an extension
/// runs on from the original last day.
public struct DeadlineRule: Hashable, Sendable {
    /// Working days allowed.
    public var workingDays: Int
    /// What the limit is for and its legal basis, as the explanation names it.
    public var purpose: String

    public init(workingDays: Int, purpose: String) {
        self.workingDays = workingDays
        self.purpose = purpose
    }

    /// 答复 within 20 working days (Art. 33 ¶2).
    public static let answer = DeadlineRule(workingDays: 20, purpose: "答复期限（《政府信息公开条例》第三十三条第二款）")
    /// The 补正 notice within 7 working days of receipt (Art. 30).
    public static let correctionNotice = DeadlineRule(workingDays: 7, purpose: "一次性告知补正（《政府信息公开条例》第三十条）")
    /// A consulted third party or agency replies within 15 working days (Art. 32, 34).
    public static let consultationReply = DeadlineRule(workingDays: 15, purpose: "被征求意见方答复（《政府信息公开条例》第三十二条、第三十四条）")
    /// The fee is paid within 20 working days of the notice (国办函〔2020〕109号).
    public static let feePayment = DeadlineRule(workingDays: 20, purpose: "缴纳信息处理费（《政府信息公开信息处理费管理办法》）")
    /// Proactive disclosure within 20 working days of the information being formed (Art. 26).
    public static let proactiveDisclosure = DeadlineRule(workingDays: 20, purpose: "主动公开（《政府信息公开条例》第二十六条）")
    /// The longest extension of the answer period (Art. 33 ¶2).
    public static let maximumExtension = 20

    /// The deadline counted from `start` (the receipt day, or the day the amended application
    /// arrived), with `extensionDays` more working days and the `pauses` left out.
    public func deadline(
        from start: ReportDate, startEvent: String = "收到申请", extendedBy extensionDays: Int = 0, pauses: [ClockPause] = [],
        calendar: WorkingDayCalendar
    ) throws(CalendarError) -> Deadline {
        let total = workingDays + extensionDays
        var lines = ["起算：\(start)（\(start.weekdayName)）\(startEvent)，当日不计，自次日起算（《民法典》第二百零一条）。"]
        lines.append(
            extensionDays > 0
                ? "期限：\(purpose)\(workingDays)个工作日，经批准延长\(extensionDays)个工作日，共\(total)个工作日。"
                : "期限：\(purpose)\(workingDays)个工作日。")
        var counted = 0
        var day = start
        var run: (kind: String, from: ReportDate, to: ReportDate)?
        func flush() {
            guard let r = run else { return }
            lines.append(r.from == r.to ? "\(r.from)（\(r.from.weekdayName)）：\(r.kind)，不计。" : "\(r.from) 至 \(r.to)：\(r.kind)，不计。")
            run = nil
        }
        func skip(_ kind: String, _ d: ReportDate) {
            if let r = run, r.kind == kind, r.to.adding(days: 1) == d {
                run = (kind, r.from, d)
            } else {
                flush()
                run = (kind, d, d)
            }
        }
        var originalDue: ReportDate?
        while counted < total {
            day = day.adding(days: 1)
            if let pause = pauses.first(where: { $0.covers(day) }) {
                if pause.to == nil {
                    flush()
                    lines.append("\(pause.from) 起\(pause.reason.label)，期限中止：已计\(counted)个工作日，尚余\(total - counted)个工作日。")
                    return Deadline(due: nil, counted: counted, explanation: lines)
                }
                skip(pause.reason.label, day)
                continue
            }
            switch try calendar.kind(of: day) {
            case .workingDay:
                counted += 1
            case .makeUpWorkingDay(let name):
                flush()
                counted += 1
                lines.append("\(day)（\(day.weekdayName)）：\(name)调休上班，计入（第\(counted)个工作日）。")
            case .weekend:
                skip("周末", day)
            case .holiday(let name):
                skip("\(name)放假（\(calendar.notices(for: day.year).first ?? "国务院办公厅通知")）", day)
            }
            if counted == workingDays && extensionDays > 0 && originalDue == nil {
                flush()
                originalDue = day
                lines.append("原期限届满日：\(day)（\(day.weekdayName)），延长期限自次日起接续计算。")
            }
        }
        flush()
        lines.append("第\(total)个工作日：\(day)（\(day.weekdayName)），为期限届满日。")
        return Deadline(due: day, counted: counted, explanation: lines)
    }
}
