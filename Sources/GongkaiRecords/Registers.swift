import Foundation
import GongkaiModel

/// A category of information every agency must disclose on its own initiative (《政府信息公开条例》
/// 第二十条, items 1–15).
public enum DisclosureCategory: Int, CaseIterable, Codable, Sendable, Hashable {
    case regulations = 1
    case organization, plans, statistics, licensing, penaltiesAndCoercion, budgets, fees,
        procurement, majorProjects, socialPolicies, emergencies, inspections, recruitment, other

    public var label: String {
        [
            "行政法规、规章和规范性文件", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名", "国民经济和社会发展规划、专项规划、区域规划及相关政策",
            "国民经济和社会发展统计信息", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果", "实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定",
            "财政预算、决算信息", "行政事业性收费项目及其依据、标准", "政府集中采购项目的目录、标准及实施情况", "重大建设项目的批准和实施情况",
            "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", "突发公共事件的应急预案、预警信息及应对情况",
            "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况", "公务员招考的职位、名额、报考条件等事项以及录用结果", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
        ][rawValue - 1]
    }
}

/// One item of information to be disclosed on the agency's own initiative, with its review
/// chain (三审: each step by a different person, the steps configurable) and the 20-working-day
/// limit of Art. 26.
public struct ProactiveItem: Hashable, Sendable, Codable {
    /// The kind of document, for table 二's （一） rows.
    public enum DocumentKind: String, Codable, Sendable, Hashable {
        /// 规章
        case rule = "rules"
        /// 行政规范性文件
        case normativeDocument = "normative_docs"
    }

    public struct Approval: Hashable, Sendable, Codable {
        public var step: String
        public var by: String
        public var on: ReportDate
    }

    public var id: String
    public var title: String
    public var category: DisclosureCategory
    /// The day the information was formed or changed (Art. 26 counts from it).
    public var formedOn: ReportDate
    public var publishedOn: ReportDate?
    public private(set) var approvals: [Approval] = []
    /// A 规章 or 行政规范性文件: issued on `formedOn`, repealed on `repealedOn`.
    public var documentKind: DocumentKind?
    public var repealedOn: ReportDate?

    public init(id: String, title: String, category: DisclosureCategory, formedOn: ReportDate, documentKind: DocumentKind? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.formedOn = formedOn
        self.documentKind = documentKind
    }

    /// Records the next review step; refused when out of order, by someone who already
    /// approved a step, or once the chain is complete.
    public mutating func approve(by person: String, on day: ReportDate, chain: ReviewChain) throws(CaseError) {
        guard publishedOn == nil else { throw .invalid(field: "step", "已发布，不能再审核") }
        guard approvals.count < chain.steps.count else { throw .invalid(field: "step", "审核已全部完成") }
        guard !approvals.contains(where: { $0.by == person }) else {
            throw .invalid(field: "by", "同一人不能审核两个环节（\(person)）")
        }
        guard day >= (approvals.last?.on ?? formedOn) else {
            throw .outOfOrder(event: chain.steps[approvals.count], date: day, after: approvals.last?.on ?? formedOn)
        }
        approvals.append(Approval(step: chain.steps[approvals.count], by: person, on: day))
    }

    /// Publishes the item; refused before the review chain is complete (先审后发).
    public mutating func publish(on day: ReportDate, chain: ReviewChain) throws(CaseError) {
        guard approvals.count == chain.steps.count else {
            throw .invalid(field: "step", "审核未完成（\(approvals.count)/\(chain.steps.count)），不得发布")
        }
        guard day >= (approvals.last?.on ?? formedOn) else { throw .outOfOrder(event: "published", date: day, after: approvals.last?.on ?? formedOn) }
        publishedOn = day
    }

    /// Repeals a 规章 or 行政规范性文件 (counted in table 二's 本年废止件数); refused for other
    /// items, before the document was issued, or a second time.
    public mutating func repeal(on day: ReportDate) throws(CaseError) {
        guard documentKind != nil else { throw .invalid(field: "id", "只有规章和行政规范性文件可以废止") }
        guard day >= formedOn, repealedOn == nil else { throw .invalid(field: "on", "废止日期须在制发之后，且只能废止一次") }
        repealedOn = day
    }

    /// The Art. 26 limit (20 working days after the information was formed).
    public func disclosureDeadline(calendar: WorkingDayCalendar) throws(CalendarError) -> Deadline {
        try DeadlineRule.proactiveDisclosure.deadline(from: formedOn, startEvent: "信息形成或者变更", calendar: calendar)
    }

    /// Whether the item is (or was) published late as of `today`.
    public func isOverdue(on today: ReportDate, calendar: WorkingDayCalendar) throws(CalendarError) -> Bool {
        guard let due = try disclosureDeadline(calendar: calendar).due else { return false }
        return (publishedOn ?? today) > due
    }
}

/// The review steps before publication, each by a different person (三审: 初审, 复审, 终审 by
/// default); an agency sets its own.
public struct ReviewChain: Hashable, Sendable, Codable {
    public var steps: [String]
    public init(steps: [String]) { self.steps = steps }
    public static let standard = ReviewChain(steps: ["初审", "复审", "终审"])
}

/// The year's counts of table 二 that are not items: decisions on licences, penalties and
/// coercive measures, and the fees collected (万元).
public struct YearTally: Hashable, Sendable, Codable {
    public var year: Int
    public var licensingDecisions = 0
    public var penaltyDecisions = 0
    public var coercionDecisions = 0
    /// 行政事业性收费 collected, in 万元 (as the table prints it).
    public var adminFeesTenThousandYuan = ReportNumber(0)

    public init(year: Int) { self.year = year }
}

/// A 行政复议 or 行政诉讼 about disclosure (table 四), linked to the application it concerns.
public struct ReviewCase: Hashable, Sendable, Codable {
    public enum Route: String, CaseIterable, Codable, Sendable, Hashable {
        /// 行政复议
        case review
        /// 行政诉讼, 未经复议直接起诉
        case suitDirect = "suit_direct"
        /// 行政诉讼, 复议后起诉
        case suitAfterReview = "suit_after_review"
    }

    public enum Result: String, CaseIterable, Codable, Sendable, Hashable {
        /// 结果维持
        case upheld
        /// 结果纠正 (revoked, altered, found unlawful, ordered to act)
        case corrected
        /// 其他结果 (withdrawn, dismissed on procedure …)
        case other
    }

    public var id: String
    public var route: Route
    public var applicationCaseID: String?
    public var filedOn: ReportDate
    public var decidedOn: ReportDate?
    public var result: Result?
    /// The decision as worded (撤销, 确认违法 …), kept beside its category.
    public var resultText: String?

    public init(id: String, route: Route, applicationCaseID: String? = nil, filedOn: ReportDate) {
        self.id = id
        self.route = route
        self.applicationCaseID = applicationCaseID
        self.filedOn = filedOn
    }

    public mutating func decide(_ result: Result, on day: ReportDate, text: String? = nil) throws(CaseError) {
        guard decidedOn == nil else { throw .invalid(field: "result", "已审结") }
        guard day >= filedOn else { throw .outOfOrder(event: "decided", date: day, after: filedOn) }
        self.result = result
        self.decidedOn = day
        self.resultText = text
    }
}
