/// How much a finding matters (Docs/Rules.md).
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, info
    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One broken rule in one report: the rule's id, a Chinese message for the person who fixes the
/// report, the cells involved, the compared numbers and where the evidence stands.
public struct Finding: Sendable, Hashable {
    /// The rule id of Docs/Rules.md, suffixed where the rule applies per column, row or group
    /// (`T3-1:total`, `T3-3:carried_out`, `T4-1:review`).
    public var rule: String
    public var severity: Severity
    public var message: String
    public var cells: [CellID]
    public var expected: ReportNumber?
    public var actual: ReportNumber?
    public var at: SourceSpan?
    /// The index, among the same report's findings, of the finding this one follows from: a
    /// hard rule broken because a cell was left blank (its cause is that cell's `C-BLANK`), or
    /// one of the rules that a single wrong number breaks together (its cause is the first of
    /// them). Nil for a finding that stands for its own cause. The checker sets it; a finding
    /// and its consequences are one problem to fix, and are counted and shown as one.
    public var cause: Int?

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

extension Array where Element == Finding {
    /// The indices of the findings that stand for their own cause (`cause` nil), in order.
    public var causeIndices: [Int] { indices.filter { self[$0].cause == nil } }

    /// The findings that follow from the finding at `index`.
    public func consequences(of index: Int) -> [Finding] { filter { $0.cause == index } }

    /// The severity of the problem the finding at `index` stands for: the most severe of it and
    /// its consequences (a blank cell that breaks a hard rule is an error to fix).
    public func causeSeverity(of index: Int) -> Severity {
        var severity = self[index].severity
        for f in self where f.cause == index && f.severity < severity { severity = f.severity }
        return severity
    }

    /// How many causes of each severity: what a report is told to fix, each problem once.
    public func causeCounts() -> (errors: Int, warnings: Int) {
        var errors = 0, warnings = 0
        for i in causeIndices {
            switch causeSeverity(of: i) {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: break
            }
        }
        return (errors, warnings)
    }

    /// The findings that `isIncluded` keeps, with the causes of those kept kept too, and every
    /// `cause` renumbered to the index its finding has in the result.
    public func keeping(_ isIncluded: (Finding) -> Bool) -> [Finding] {
        var keep = map(isIncluded)
        for i in indices where keep[i] {
            if let c = self[i].cause { keep[c] = true }
        }
        var newIndex: [Int?] = [Int?](repeating: nil, count: count)
        var out: [Finding] = []
        for i in indices where keep[i] {
            newIndex[i] = out.count
            out.append(self[i])
        }
        for k in out.indices { out[k].cause = out[k].cause.flatMap { newIndex[$0] } }
        return out
    }
}
