/// How much a finding matters (spec/rules.md).
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, info
    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One broken rule in one report: the rule's id, a Chinese message for the person who fixes the
/// report, the cells involved, the compared numbers and where the evidence stands.
public struct Finding: Sendable, Hashable {
    /// The rule id of spec/rules.md, suffixed where the rule applies per column, row or group
    /// (`T3-1:total`, `T3-3:carried_out`, `T4-1:review`).
    public var rule: String
    public var severity: Severity
    public var message: String
    public var cells: [CellID]
    public var expected: ReportNumber?
    public var actual: ReportNumber?
    public var at: SourceSpan?

    public init(
        rule: String, severity: Severity, message: String, cells: [CellID] = [],
        expected: ReportNumber? = nil, actual: ReportNumber? = nil, at: SourceSpan? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.cells = cells
        self.expected = expected
        self.actual = actual
        self.at = at
    }
}
