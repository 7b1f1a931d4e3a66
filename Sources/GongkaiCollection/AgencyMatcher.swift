import Foundation

/// Finds the agency of the register a report names: its own issuer's name, then the start of its
/// title, matched against names and aliases with white space and bracket widths ignored. A name
/// that matches no agency, or several, is never guessed at: it goes to the queue of reports to
/// assign, with the reason.
public struct AgencyMatcher: Sendable {
    public enum Match: Sendable, Hashable {
        case agency(id: String)
        /// No agency's name or alias; the name the report gives, if any.
        case unmatched(name: String?)
        /// Several agencies answer to the name.
        case ambiguous(name: String, ids: [String])

        /// Why a report waits to be assigned, for the clerk.
        public var reason: String? {
            switch self {
            case .agency: nil
            case .unmatched(let name?): "报告中的机构名称「\(name)」不在名录中"
            case .unmatched(nil): "报告中找不到机构名称"
            case .ambiguous(let name, let ids): "机构名称「\(name)」对应多个机构：\(ids.joined(separator: "、"))"
            }
        }
    }

    private var byName: [String: [String]] = [:]

    public init(_ register: Register) {
        for a in register.agencies {
            for name in Set([a.name] + a.aliases).map(Self.normalized) where !name.isEmpty {
                byName[name, default: []].append(a.id)
            }
        }
    }

    /// The name as compared: no white space, full-width brackets as half-width.
    public static func normalized(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for s in name.unicodeScalars {
            switch s {
            case "（": out.append("(")
            case "）": out.append(")")
            case _ where s.properties.isWhitespace || s == "\u{3000}": continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    public func match(agency: String?, title: String?) -> Match {
        if let agency, !agency.isEmpty {
            let key = Self.normalized(agency)
            if let ids = byName[key] { return ids.count == 1 ? .agency(id: ids[0]) : .ambiguous(name: agency, ids: ids.sorted()) }
        }
        // A title starts with its issuer's name, followed by the year or the report's own words.
        if let title {
            let t = Self.normalized(title)
            var best: (length: Int, ids: Set<String>) = (0, [])
            for (name, ids) in byName where t.hasPrefix(name) {
                let rest = t.dropFirst(name.count)
                guard rest.isEmpty || rest.first!.isNumber || rest.hasPrefix("二〇") || rest.hasPrefix("关于") || rest.hasPrefix("政府信息公开")
                else { continue }
                if name.count > best.length { best = (name.count, Set(ids)) } else if name.count == best.length { best.ids.formUnion(ids) }
            }
            if best.ids.count == 1 { return .agency(id: best.ids.first!) }
            if best.ids.count > 1 { return .ambiguous(name: String(t.prefix(best.length)), ids: best.ids.sorted()) }
        }
        return .unmatched(name: agency.flatMap { $0.isEmpty ? nil : $0 })
    }
}
