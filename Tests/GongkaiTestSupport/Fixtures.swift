import Foundation
import GongkaiModel

/// The corpus documents copied into Tests/Fixtures, with their gold `*.cells.json`.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    public struct Gold {
        public var format: String?
        public var year: Int?
        public var agency: String?
        public var cells: [String: Any]
        public var unscored: Set<String>
        public var violations: [String]
        public var units: [String: Any]
    }

    /// Every text document (.txt/.md) that has a gold file.
    public static var textDocuments: [URL] {
        let fm = FileManager.default
        var out: [URL] = []
        for dir in ["seeds", "text"] {
            let d = root.appendingPathComponent(dir)
            for name in (try? fm.contentsOfDirectory(atPath: d.path))?.sorted() ?? [] where name.hasSuffix(".txt") || name.hasSuffix(".md") {
                out.append(d.appendingPathComponent(name))
            }
        }
        return out
    }

    public static func gold(for document: URL) throws -> Gold {
        let url = document.deletingPathExtension().appendingPathExtension("cells.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return Gold(
            format: json["format"] as? String, year: json["year"] as? Int, agency: json["agency"] as? String,
            cells: json["cells"] as! [String: Any], unscored: Set(json["unscored"] as? [String] ?? []),
            violations: json["violations"] as? [String] ?? [], units: json["units"] as? [String: Any] ?? [:])
    }

    public static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
    public static func text(_ relative: String) throws -> String { try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) }

    /// The gold value as the --cells JSON prints it (`null` for blank).
    public static func goldValue(_ any: Any) -> String {
        if any is NSNull { return "null" }
        if let n = any as? NSNumber { return ReportNumber(parsing: n.stringValue).map(\.description) ?? n.stringValue }
        return "\(any)"
    }

    public static func value(_ cell: Cell?) -> String? {
        guard let cell else { return nil }
        switch cell.value {
        case .number(let n): return n.description
        case .blank: return "null"
        case .text(let t): return t
        }
    }
}
