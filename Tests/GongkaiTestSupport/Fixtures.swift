import Foundation
import GongkaiModel
import GongkaiRendering

/// The corpus documents copied into Tests/Fixtures, with their gold `*.cells.json`.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

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

    /// The gold `*.cells.json` beside a document.
    public static func gold(for document: URL) throws -> ExpectedCells {
        try ExpectedCells(json: Data(contentsOf: document.deletingPathExtension().appendingPathExtension("cells.json")))
    }

    public static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
    public static func text(_ relative: String) throws -> String { try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) }
}
