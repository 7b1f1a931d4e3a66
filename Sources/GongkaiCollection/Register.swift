import Foundation
import GongkaiModel

/// What kind of body an agency is: it decides the statutory publication date (D-LATE) and is
/// shown in the tracker.
public enum AgencyKind: String, CaseIterable, Sendable, Hashable, Codable {
    case government = "人民政府"
    case department = "部门"
    case township = "乡镇"
    case subdistrict = "街道"
    case other = "其他"

    /// The kind a register's `kind` column names: the Chinese name or the English code.
    public init?(named name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let kind = AgencyKind(rawValue: trimmed) {
            self = kind
            return
        }
        guard let kind = AgencyKind.allCases.first(where: { "\($0)" == trimmed }) else { return nil }
        self = kind
    }

    /// The last day a report on `year` may be published (条例 Art. 50): 31 January for a
    /// department's, a township's and a subdistrict's report; 31 March for a government's own.
    public func publicationDeadline(for year: Int) -> ReportDate {
        switch self {
        case .government: ReportDate(year: year + 1, month: 3, day: 31)
        case .department, .township, .subdistrict, .other: ReportDate(year: year + 1, month: 1, day: 31)
        }
    }
}

/// One body of the register of agencies (机构名录): its stable id, names, place in the
/// hierarchy, and whether its own report is the sum of its children's.
public struct Agency: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The official name.
    public var name: String
    /// The parent's id; nil for a root.
    public var parent: String?
    public var kind: AgencyKind
    /// 简称 and former names, matched as the name is.
    public var aliases: [String]
    /// The agency's report is the sum of its children's (a 全县/全市 report): X-ROLLUP applies.
    public var sumsChildren: Bool

    public init(id: String, name: String, parent: String? = nil, kind: AgencyKind, aliases: [String] = [], sumsChildren: Bool = false) {
        self.id = id
        self.name = name
        self.parent = parent
        self.kind = kind
        self.aliases = aliases
        self.sumsChildren = sumsChildren
    }

    enum CodingKeys: String, CodingKey {
        case id, name, parent, kind, aliases
        case sumsChildren = "sums_children"
    }
}

/// The register of agencies as one checked tree: every id once, every parent present, no
/// cycles. Built only through ``init(_:)``, which refuses a register that breaks these.
public struct Register: Sendable {
    /// The agencies in the order given.
    public let agencies: [Agency]
    private let index: [String: Int]
    private let childIndices: [String: [Int]]
    private let levels: [Int]

    /// Checks the agencies; a problem names the agency by its position (from 1).
    public init(_ agencies: [Agency]) throws(RegisterError) {
        var index: [String: Int] = [:]
        for (i, a) in agencies.enumerated() {
            guard !a.id.isEmpty else { throw RegisterError(line: i + 1, "机构编号为空") }
            guard !a.name.isEmpty else { throw RegisterError(line: i + 1, "机构 \(a.id) 的名称为空") }
            if let first = index[a.id] { throw RegisterError(line: i + 1, "机构编号 \(a.id) 重复（第\(first + 1)条已有）") }
            index[a.id] = i
        }
        var children: [String: [Int]] = [:]
        for (i, a) in agencies.enumerated() {
            guard let p = a.parent else { continue }
            guard index[p] != nil else { throw RegisterError(line: i + 1, "机构 \(a.id) 的上级机构 \(p) 不在名录中") }
            guard p != a.id else { throw RegisterError(line: i + 1, "机构 \(a.id) 以自己为上级机构") }
            children[p, default: []].append(i)
        }
        // Levels from the roots down; an agency never reached lies on a cycle.
        var levels = [Int](repeating: 0, count: agencies.count)
        var queue = agencies.indices.filter { agencies[$0].parent == nil }
        for i in queue { levels[i] = 1 }
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            for c in children[agencies[i].id] ?? [] {
                levels[c] = levels[i] + 1
                queue.append(c)
            }
        }
        if let i = levels.firstIndex(of: 0) {
            throw RegisterError(line: i + 1, "机构 \(agencies[i].id) 的上级关系形成循环")
        }
        self.agencies = agencies
        self.index = index
        self.childIndices = children
        self.levels = levels
    }

    public static let empty = try! Register([])

    public subscript(id: String) -> Agency? { index[id].map { agencies[$0] } }

    /// 1 for a root, 2 for its children, and so on.
    public func level(of id: String) -> Int? { index[id].map { levels[$0] } }

    /// The direct children, in register order.
    public func children(of id: String) -> [Agency] { (childIndices[id] ?? []).map { agencies[$0] } }

    /// The agency and everything below it, parents before children.
    public func subtree(of id: String) -> [Agency] {
        guard let root = index[id] else { return [] }
        var out: [Agency] = []
        var stack = [root]
        while let i = stack.popLast() {
            out.append(agencies[i])
            stack += (childIndices[agencies[i].id] ?? []).reversed()
        }
        return out
    }

    /// The chain of parents from the agency's parent up to its root.
    public func ancestors(of id: String) -> [Agency] {
        var out: [Agency] = []
        var current = self[id]?.parent
        while let p = current, let a = self[p] {
            out.append(a)
            current = a.parent
        }
        return out
    }

    /// The register with one agency added or changed, checked as a whole.
    public func replacing(_ agency: Agency) throws(RegisterError) -> Register {
        var list = agencies
        if let i = index[agency.id] { list[i] = agency } else { list.append(agency) }
        return try Register(list)
    }

    /// The register without one agency; refused while it has children.
    public func removing(id: String) throws(RegisterError) -> Register {
        guard let i = index[id] else { throw RegisterError(line: nil, "名录中没有机构 \(id)") }
        let kids = children(of: id)
        guard kids.isEmpty else {
            throw RegisterError(line: nil, "机构 \(id) 还有\(kids.count)个下级机构（\(kids.prefix(3).map(\.name).joined(separator: "、"))…），不能删除")
        }
        var list = agencies
        list.remove(at: i)
        return try Register(list)
    }
}

/// Why a register was refused: nothing of it was stored.
public struct RegisterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line of the CSV file (the header is line 1), or the agency's position.
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "第\($0)行：\(message)" } ?? message }
}
