import ArgumentParser
import Foundation
import GongkaiDocuments
import GongkaiModel
import GongkaiRendering

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read reports and score their cells against expected --cells documents.",
        discussion: """
            For each FILE, the expected cells are read from the --cells document beside it \
            (`report.pdf` → `report.cells.json`) or from --gold. Cells listed under `unscored` \
            are left out. Prints the share of cells read exactly, the format, year and agency, \
            and (with --verbose) every cell that differs. For cells read by OCR it also says how \
            the wrong cells were flagged by their confidence.
            """)

    @Argument(help: "Reports to score (any kind gongkai reads). Directories are walked.")
    var files: [String]

    @Option(help: "The expected --cells document, when scoring a single FILE.")
    var gold: String?

    @Flag(name: .shortAndLong, help: "List every cell that differs.")
    var verbose = false

    func run() throws {
        BatchMemory.keepFreedMemoryForReuse()
        let paths = Inputs.expand(files)
        if gold != nil && paths.count != 1 { throw ValidationError("--gold needs exactly one FILE") }
        var total = Tally()
        var unreadable = false
        for path in paths {
            let goldPath = gold ?? ((path as NSString).deletingPathExtension + ".cells.json")
            guard let goldData = FileManager.default.contents(atPath: goldPath),
                let expected = try? ExpectedCells(json: goldData)
            else {
                Inputs.printError("\(path): no expected cells at \(goldPath)")
                unreadable = true
                continue
            }
            switch Inputs.report(at: path) {
            case .failure(let failure):
                Inputs.printError(failure.description)
                unreadable = true
            case .success(let report):
                let tally = Tally(report: report, expected: expected)
                print(tally.summary(for: path))
                if verbose { for line in tally.differences { print("    \(line)") } }
                total.add(tally)
            }
        }
        if paths.count > 1 { print(total.summary(for: "total")) }
        if unreadable { throw ExitCode(2) }
    }
}

/// Cells read right and wrong against an expected --cells document.
private struct Tally {
    var scored = 0
    var right = 0
    var metadataRight = 0
    var metadataScored = 0
    var differences: [String] = []
    /// Cells read by OCR: (confidence, right?) for the confidence line.
    var confidences: [(Double, Bool)] = []

    init() {}

    init(report: Report, expected: ExpectedCells) {
        let metadata: [(String, String?, String?)] = [
            ("format", report.format?.rawValue, expected.format), ("year", report.year.map(String.init), expected.year.map(String.init)),
            ("agency", report.agency, expected.agency),
        ]
        for (key, read, wanted) in metadata {
            metadataScored += 1
            if read == wanted { metadataRight += 1 } else { differences.append("\(key): read \(read ?? "null"), expected \(wanted ?? "null")") }
        }
        for (id, wanted) in expected.cells.sorted(by: { $0.key < $1.key }) where !expected.unscored.contains(id) {
            scored += 1
            let cell = report.cells[CellID(rawValue: id)]
            let read = ExpectedCells.valueText(of: cell)
            if read == wanted { right += 1 } else { differences.append("\(id): read \(read ?? "absent"), expected \(wanted)") }
            if let confidence = cell?.origin?.confidence { confidences.append((confidence, read == wanted)) }
        }
        let extra = report.cells.keys.filter { expected.cells[$0.rawValue] == nil && !expected.unscored.contains($0.rawValue) }
        for id in extra.sorted(by: { $0.rawValue < $1.rawValue }) { differences.append("\(id): read but not expected") }
    }

    mutating func add(_ other: Tally) {
        scored += other.scored
        right += other.right
        metadataRight += other.metadataRight
        metadataScored += other.metadataScored
        confidences += other.confidences
    }

    func summary(for name: String) -> String {
        let share = scored == 0 ? 100 : Double(right) * 100 / Double(scored)
        var line =
            "\(name): \(right)/\(scored) cells right (\(String(format: "%.1f", share))%), \(metadataRight)/\(metadataScored) of format, year, agency"
        if !confidences.isEmpty {
            let low = confidences.filter { $0.0 < Self.lowConfidence }
            let wrong = confidences.filter { !$0.1 }
            let wrongLow = wrong.filter { $0.0 < Self.lowConfidence }
            line +=
                "; OCR: \(low.count) cells below confidence \(Int(Self.lowConfidence)), \(wrongLow.count) of the \(wrong.count) wrong cells among them"
        }
        return line
    }

    static let lowConfidence = 80.0
}
