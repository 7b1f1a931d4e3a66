import GongkaiModel
import GongkaiRecords

/// A notice the office sends an applicant, written from the request's records: 补正告知书,
/// 延期答复告知书, 收费通知书 and the 答复书 (政府信息公开申请答复书). Its words follow the 条例
/// and the 信息处理费 rules; the doors write it as DOCX or PDF.
public struct Notice: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case correction, `extension`, fee, reply

        public var title: String {
            switch self {
            case .correction: "政府信息公开申请补正告知书"
            case .extension: "政府信息公开申请延期答复告知书"
            case .fee: "政府信息公开信息处理费缴费通知书"
            case .reply: "政府信息公开申请答复书"
            }
        }

        /// The event a notice is written from.
        var event: String {
            switch self {
            case .correction: "correction_requested"
            case .extension: "extended"
            case .fee: "fee_noticed"
            case .reply: "decided"
            }
        }
    }

    public var kind: Kind
    public var title: String
    public var addressee: String
    public var paragraphs: [String]
    /// The office's name and the day, at the right.
    public var signature: [String]

    /// The notices a request's records can give: one for each of its events that has one.
    public static func available(for c: ApplicationCase) -> [Kind] {
        Kind.allCases.filter { kind in c.events.contains { $0.kind == kind.event } }
    }

    /// The notice of `kind` for a request, from its last event of that kind; nil when the
    /// request has none.
    public static func make(_ kind: Kind, for c: ApplicationCase, office: String, calendar: WorkingDayCalendar) -> Notice? {
        guard let event = c.events.last(where: { $0.kind == kind.event }) else { return nil }
        let addressee = (c.applicantName.map { $0.isEmpty ? "申请人" : $0 } ?? "申请人") + "："
        let received = "本机关于\(Self.chinese(c.receivedOn))收到您提出的政府信息公开申请（申请编号：\(c.id)）"
        let sought = c.request.split(separator: "\n").first.map { "，申请获取「\(Self.sought(String($0)))」" } ?? ""
        var paragraphs: [String] = []
        switch event {
        case .correctionRequested(_, let dueBy):
            paragraphs = [
                received + sought + "。",
                "经审查，您的申请内容不明确，本机关无法确定您所需要的政府信息。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于\(Self.chinese(dueBy))前对申请作出补正，写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。",
                "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ]
        case .extended(_, let days, _):
            let due = (try? c.answerDeadline(calendar: calendar))?.due
            paragraphs = [
                received + sought + "。",
                "因需要查找、核实的信息较多，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长\(days)个工作日"
                    + (due.map { "，延长后的答复期限至\(Self.chinese($0))" } ?? "") + "。",
                "特此告知。",
            ]
        case .feeNoticed(_, let yuan):
            paragraphs = [
                received + sought + "。",
                "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费人民币\(yuan)元。请于收到本通知之日起20个工作日内缴纳。",
                "缴费期间不计入答复期限。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ]
        case .decided(let on, let outcome, let basis):
            paragraphs = [
                received + sought + "。",
                "经审查，现答复如下：\(Self.replyText(outcome))",
                "依据：\(basis)。",
                "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。",
            ]
            return Notice(kind: kind, title: kind.title, addressee: addressee, paragraphs: paragraphs, signature: [office, Self.chinese(on)])
        default:
            return nil
        }
        return Notice(kind: kind, title: kind.title, addressee: addressee, paragraphs: paragraphs, signature: [office, Self.chinese(event.date)])
    }

    /// What is sought, as the request's first line names it.
    static func sought(_ line: String) -> String {
        line.hasPrefix("所需信息：") ? String(line.dropFirst("所需信息：".count)) : line
    }

    /// The answer's words for an outcome row of table 三.
    static func replyText(_ outcome: Outcome) -> String {
        switch outcome.rowKey {
        case "granted": "您申请获取的政府信息属于公开范围，本机关予以公开，现按您要求的形式提供。"
        case "partial": "您申请获取的政府信息中含有不应当公开的内容，本机关对可以公开的部分予以提供。"
        case let key where key.hasPrefix("denied."): "您申请获取的政府信息属于不予公开的范围（\(outcome.label)），本机关不予公开。"
        case "unavailable.not_held": "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在。"
        case let key where key.hasPrefix("unavailable."): "本机关无法提供您申请获取的政府信息（\(outcome.label)）。"
        case let key where key.hasPrefix("rejected."): "您的申请属于本机关不予处理的情形（\(outcome.label)）。"
        default: "\(outcome.label)。"
        }
    }

    /// A day as a notice prints it: 2025年3月10日.
    public static func chinese(_ d: ReportDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
}
