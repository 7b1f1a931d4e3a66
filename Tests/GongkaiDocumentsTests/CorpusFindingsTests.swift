import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel
import GongkaiTestSupport
import Testing

/// Every finding the checker gives on every corpus document, pinned in a golden file beside the
/// document (`X.findings.json`) with a reviewer's verdict on each: a new false finding or a lost
/// true one fails the suite, and so does a finding nobody has judged.
///
/// After a deliberate change, write the files again with `GONGKAI_UPDATE_FINDINGS=1 swift test
/// --filter CorpusFindingsTests`: verdicts are kept for findings that stay, new ones are written
/// `unreviewed` (and fail until judged), and `Docs/Checker-Precision.md` is written from them.
@Suite struct CorpusFindingsTests {
    struct Golden: Codable, Equatable {
        var rule: String
        var severity: String
        var cells: [String]
        var cause: Int?
        var message: String
        /// `right`, `wrong` or `unreviewed`: the reviewer's judgement, read as the agency that
        /// receives the finding would.
        var review: String
        var reason: String

        init(_ finding: Finding) {
            rule = finding.rule
            severity = finding.severity.rawValue
            cells = finding.cells.map(\.rawValue)
            cause = finding.cause
            message = finding.message
            review = "unreviewed"
            reason = ""
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule, forKey: .rule)
            try c.encode(severity, forKey: .severity)
            try c.encode(cells, forKey: .cells)
            try c.encode(cause, forKey: .cause)  // null written, so that every finding shows it
            try c.encode(message, forKey: .message)
            try c.encode(review, forKey: .review)
            try c.encode(reason, forKey: .reason)
        }

        /// What the checker decides, without the verdict.
        var checked: [String] { [rule, severity, cells.joined(separator: ","), cause.map(String.init) ?? "-", message] }
    }

    static let documents: [String] = {
        let fm = FileManager.default
        var out: [String] = []
        for dir in ["seeds", "text", "pdf", "docx"] {
            let names = (try? fm.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent(dir).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".cells.json") {
                let stem = String(name.dropLast(".cells.json".count))
                if let document = names.first(where: { $0.hasPrefix(stem + ".") && !$0.hasSuffix(".json") }) {
                    out.append("\(dir)/\(document)")
                }
            }
        }
        return out
    }()

    static func goldenURL(_ relative: String) -> URL {
        Fixtures.root.appendingPathComponent(relative).deletingPathExtension().appendingPathExtension("findings.json")
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["GONGKAI_UPDATE_FINDINGS"] == "1" }

    static func findings(_ relative: String) throws -> [Finding] {
        let report = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent(relative)))
        return Checker().check(report)
    }

    static func golden(_ relative: String) throws -> [Golden] {
        try JSONDecoder().decode([Golden].self, from: Data(contentsOf: goldenURL(relative)))
    }

    @Test func everyCorpusDocumentHasGoldenFindings() {
        #expect(Self.documents.count == 18)
    }

    @Test(arguments: documents)
    func findingsAreTheGolden(_ relative: String) throws {
        let found = try Self.findings(relative).map(Golden.init)
        if Self.updating {
            let old = (try? Self.golden(relative)) ?? []
            let merged = found.map { new in
                var new = new
                if let kept = old.first(where: { $0.checked == new.checked }) ?? old.first(where: { $0.rule == new.rule && $0.cells == new.cells }) {
                    new.review = kept.review
                    new.reason = kept.reason
                }
                return new
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try (encoder.encode(merged) + Data("\n".utf8)).write(to: Self.goldenURL(relative))
        }
        let golden = try Self.golden(relative)
        #expect(found.map(\.checked) == golden.map(\.checked), "\(relative): findings differ from \(Self.goldenURL(relative).lastPathComponent)")
        for g in golden {
            #expect(g.review == "right" || g.review == "wrong", "\(relative): \(g.rule) is not reviewed")
            #expect(!g.reason.isEmpty, "\(relative): \(g.rule) has no reason for its verdict")
        }
    }

    /// Per rule: how many findings the corpus has and how many were judged right.
    static func precisionTable() throws -> String {
        var counts: [String: (all: Int, right: Int)] = [:]
        for relative in documents {
            for g in try golden(relative) {
                let rule = String(g.rule.prefix { $0 != ":" })
                var c = counts[rule] ?? (0, 0)
                c.all += 1
                if g.review == "right" { c.right += 1 }
                counts[rule] = c
            }
        }
        var table = "| rule | findings | judged right | precision |\n|---|---:|---:|---:|\n"
        for rule in counts.keys.sorted() {
            let c = counts[rule]!
            table += "| `\(rule)` | \(c.all) | \(c.right) | \(c.all == 0 ? "–" : "\(c.right * 100 / c.all) %") |\n"
        }
        let all = counts.values.reduce(0) { $0 + $1.all }, right = counts.values.reduce(0) { $0 + $1.right }
        table += "| all | \(all) | \(right) | \(all == 0 ? "–" : "\(right * 100 / all) %") |\n"
        return table
    }

    @Test func precisionIsStatedInDocs() throws {
        let url = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Docs/Checker-Precision.md")
        let table = try Self.precisionTable()
        let marker = "<!-- table: written by CorpusFindingsTests -->\n"
        if Self.updating, let doc = try? String(contentsOf: url, encoding: .utf8), let start = doc.range(of: marker),
            let end = doc.range(of: "\n\n", range: start.upperBound..<doc.endIndex)
        {
            try (doc[..<start.upperBound] + table + doc[end.lowerBound...].dropFirst()).write(to: url, atomically: true, encoding: .utf8)
        }
        let doc = try String(contentsOf: url, encoding: .utf8)
        #expect(doc.contains(marker + table), "Docs/Checker-Precision.md does not state the corpus's current precision:\n\(table)")
    }
}
