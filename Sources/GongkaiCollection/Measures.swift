import GongkaiModel

/// A measure (指标) of an agency's year, defined once: its name, its formula in words and the
/// cells it is made of. Counts add up over a subtree of the register; a rate is computed from
/// the summed counts, never averaged.
public struct Measure: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var formula: String
    /// The cells added up for the numerator (a count's value).
    public var numerator: [CellID]
    /// The cells added up for the denominator, subtracting `minus`; empty for a count.
    public var denominator: [CellID]
    public var minus: [CellID]

    public var isRate: Bool { !denominator.isEmpty }

    static func t3(_ rows: [String]) -> [CellID] { rows.map { CellID("t3", $0, "total") } }
    static let denied = [
        "denied.state_secret", "denied.prohibited_by_law", "denied.three_security", "denied.third_party", "denied.internal_affairs",
        "denied.process_info", "denied.enforcement_file", "denied.query_matter",
    ]

    /// The measures, in the order they are shown and exported.
    public static let all: [Measure] = [
        Measure(id: "received", name: "新收申请", formula: "本年新收政府信息公开申请数量（总计）", numerator: t3(["new"]), denominator: [], minus: []),
        Measure(id: "handled", name: "办结申请", formula: "本年度办理结果（七）总计", numerator: t3(["total"]), denominator: [], minus: []),
        Measure(
            id: "disclosure_rate", name: "实质公开率", formula: "（予以公开 + 部分公开）÷ 办结", numerator: t3(["granted", "partial"]),
            denominator: t3(["total"]), minus: []),
        Measure(id: "denial_rate", name: "不予公开率", formula: "不予公开（8项合计）÷ 办结", numerator: t3(denied), denominator: t3(["total"]), minus: []),
        Measure(
            id: "review_correction_rate", name: "复议纠错率", formula: "行政复议结果纠正 ÷ 审结（总计 − 尚未审结）",
            numerator: [CellID("t4", "review", "corrected")], denominator: [CellID("t4", "review", "total")],
            minus: [CellID("t4", "review", "pending")]),
        Measure(
            id: "suit_correction_rate", name: "诉讼纠错率", formula: "行政诉讼结果纠正 ÷ 审结（两类诉讼，总计 − 尚未审结）",
            numerator: [CellID("t4", "suit_direct", "corrected"), CellID("t4", "suit_after_review", "corrected")],
            denominator: [CellID("t4", "suit_direct", "total"), CellID("t4", "suit_after_review", "total")],
            minus: [CellID("t4", "suit_direct", "pending"), CellID("t4", "suit_after_review", "pending")]),
    ]

    /// Every cell a measure reads.
    public var sourceCells: [CellID] { numerator + denominator + minus }
}

/// The measured values of a report or a subtree: the summed parts, so that rates of several
/// reports are made from their summed counts.
public struct MeasureTotals: Sendable, Hashable {
    struct Part: Sendable, Hashable {
        var numerator = ReportNumber.zero
        var denominator = ReportNumber.zero
        /// False once a report lacked a cell the measure needs.
        var complete = true
    }
    private var parts: [String: Part] = Dictionary(uniqueKeysWithValues: Measure.all.map { ($0.id, Part()) })
    /// How many reports were added.
    public private(set) var reports = 0

    public init() {}

    public init(_ cells: CellRow) { add(cells) }

    public mutating func add(_ cells: CellRow) {
        reports += 1
        func sum(_ ids: [CellID]) -> ReportNumber? {
            var s = ReportNumber.zero
            for id in ids {
                guard let v = cells.number(id) else { return nil }
                s = s + v
            }
            return s
        }
        for m in Measure.all {
            guard let n = sum(m.numerator), let d = sum(m.denominator), let x = sum(m.minus) else {
                parts[m.id]?.complete = false
                continue
            }
            var part = parts[m.id] ?? Part()
            part.numerator = part.numerator + n
            part.denominator = part.denominator + d - x
            parts[m.id] = part
        }
    }

    /// A count, or a rate in percent to one decimal; nil when it cannot be computed (a cell
    /// missing, no report, or nothing to divide by).
    public func value(of measure: Measure) -> Double? {
        guard reports > 0, let p = parts[measure.id], p.complete else { return nil }
        guard measure.isRate else { return p.numerator.doubleValue }
        guard p.denominator.doubleValue > 0 else { return nil }
        return (p.numerator.doubleValue / p.denominator.doubleValue * 1000).rounded() / 10
    }

    /// The number of cases a rate is made from (its denominator), nil for a count or when it
    /// cannot be computed.
    public func base(of measure: Measure) -> Double? {
        guard measure.isRate, reports > 0, let p = parts[measure.id], p.complete else { return nil }
        return p.denominator.doubleValue
    }

    /// The fewest cases a rate is ranked on: below it, one case moves the rate by more than
    /// three points, and agencies are listed apart instead of ranked.
    public static let minimumForRanking = 30.0

    /// The value as shown: a count as an integer, a rate with `%`.
    public func text(of measure: Measure) -> String {
        guard let v = value(of: measure) else { return "—" }
        if measure.isRate { return "\(v)%" }
        return v == v.rounded() ? String(Int(v)) : String(v)
    }
}

/// How the requests closed in a year ended, in table 三's seven groups (the 总计 column), summed
/// over reports: the outcome mix a supervisor compares between agencies and years. The 2019
/// format's single （六）其他处理 row and the 2021 format's three sub-rows count alike.
public struct OutcomeMix: Sendable, Hashable {
    /// Each group's name and the rows it adds up.
    public static let groups: [(label: String, rows: [CellID])] = {
        func t3(_ keys: [String]) -> [CellID] { keys.map { CellID("t3", $0, "total") } }
        return [
            ("予以公开", t3(["granted"])), ("部分公开", t3(["partial"])), ("不予公开", t3(Measure.denied)),
            ("无法提供", t3(["unavailable.not_held", "unavailable.needs_creation", "unavailable.still_unclear"])),
            ("不予处理", t3(["rejected.petition", "rejected.repeat", "rejected.publication", "rejected.excessive", "rejected.confirmation"])),
            ("其他处理", t3(["other_handling", "other_handling.no_correction", "other_handling.no_fee", "other_handling.other"])),
        ]
    }()

    /// Each group's count, in ``groups`` order.
    public private(set) var counts: [ReportNumber] = Array(repeating: .zero, count: OutcomeMix.groups.count)
    public private(set) var reports = 0

    public init() {}

    public mutating func add(_ cells: CellRow) {
        reports += 1
        for (i, group) in Self.groups.enumerated() {
            for id in group.rows { if let n = cells.number(id) { counts[i] = counts[i] + n } }
        }
    }
}
