import Crypto
import Foundation
import GongkaiModel

/// Whose problem a finding is: the report's (its numbers or text break a rule — the agency is
/// told to fix it) or our reading's (a table left unread, a digit string with several splits,
/// an OCR cell read with low confidence — checked by the reviewer against the source, never
/// sent to the agency as its error). Every count keeps the two apart.
public enum FindingClass: String, Sendable, Hashable, Codable, CaseIterable {
    case report
    case reading

    public var label: String { self == .report ? "报告问题" : "读取存疑" }
}

/// Another report a cross-report finding compares with.
public struct ReportReference: Sendable, Hashable, Codable {
    public var agencyID: String
    public var agency: String
    public var year: Int
    public var version: Int?

    public init(agencyID: String, agency: String, year: Int, version: Int?) {
        self.agencyID = agencyID
        self.agency = agency
        self.year = year
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case agencyID = "agency_id"
        case agency, year, version
    }
}

/// One finding about a collected report: the checker's findings, the reader's doubts, and the
/// rules across reports (X-*, Q-DUPLICATE, D-LATE), each with its class and a fingerprint that
/// stays the same when the report is read or collected again, so that a reviewer's decision
/// stays with it.
public struct CollectionFinding: Sendable, Hashable, Codable {
    public var rule: String
    public var severity: Severity
    public var findingClass: FindingClass
    public var message: String
    public var cells: [String]
    public var expected: String?
    public var actual: String?
    /// `line:column` in the source, where the checker gives one.
    public var at: String?
    /// The element path or page of the source where the evidence stands.
    public var origin: String?
    /// The index, among the same report's findings, of the finding this one follows from.
    public var cause: Int?
    /// The other report of a cross-report finding (last year's, a child's).
    public var other: ReportReference?
    /// The cells of the other report the finding compares with.
    public var otherCells: [String]
    public var fingerprint: String

    public init(
        rule: String, severity: Severity, findingClass: FindingClass, message: String, cells: [String] = [], expected: String? = nil,
        actual: String? = nil, at: String? = nil, origin: String? = nil, cause: Int? = nil, other: ReportReference? = nil, otherCells: [String] = [],
        fingerprint: String = ""
    ) {
        self.rule = rule
        self.severity = severity
        self.findingClass = findingClass
        self.message = message
        self.cells = cells
        self.expected = expected
        self.actual = actual
        self.at = at
        self.origin = origin
        self.cause = cause
        self.other = other
        self.otherCells = otherCells
        self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case rule, severity, message, cells, expected, actual, at, origin, cause, other, fingerprint
        case otherCells = "other_cells"
        case findingClass = "class"
    }

    /// The finding's identity: its rule, the agency, the year, the cells and the values compared
    /// (for a rule with no cells, its message) — SHA-256, the first 16 bytes in hex. Neither the
    /// file nor the version enters it: a finding read again from another copy is the same one.
    public static func fingerprint(
        rule: String, agencyID: String, year: Int, cells: [String], expected: String?, actual: String?, message: String
    )
        -> String
    {
        var text = [rule, agencyID, String(year), cells.joined(separator: ","), expected ?? "", actual ?? ""].joined(separator: "|")
        if cells.isEmpty && expected == nil && actual == nil { text += "|" + message }
        let digest = SHA256.hash(data: Data(text.utf8))
        return digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// Sets the fingerprint for the report of `agencyID` on `year`.
    public mutating func stamp(agencyID: String, year: Int) {
        fingerprint = Self.fingerprint(
            rule: rule, agencyID: agencyID, year: year, cells: cells, expected: expected, actual: actual, message: message)
    }
}

/// The rule ids of the reading doubts, one per kind of reader's note, and the OCR one.
public enum ReadingDoubt {
    /// An OCR cell below this mean word confidence (0–100) is a doubt: tesseract's and PP-OCR's
    /// wrong digits in the scan set sit below it, the right ones mostly above.
    public static let ocrConfidenceFloor = 80.0

    public static func rule(_ kind: ReadingNote.Kind) -> String { "R-" + kind.rawValue.uppercased() }
    public static let lowConfidence = "R-OCR-LOW"
}

extension CollectionFinding {
    /// The findings of one report as the collection keeps them: the checker's (of class
    /// `reading` when every cell it names is one the reader doubted), then one doubt per
    /// reader's note and per OCR cell read below the confidence floor.
    public static func fromReading(_ report: Report, findings: [Finding]) -> [CollectionFinding] {
        var doubted: Set<CellID> = []
        var doubts: [CollectionFinding] = []
        for note in report.notes where note.kind != .duplicateRow {
            doubted.formUnion(note.cells)
            doubts.append(
                CollectionFinding(
                    rule: ReadingDoubt.rule(note.kind), severity: .warning, findingClass: .reading, message: note.message,
                    cells: note.cells.map(\.rawValue), at: note.span?.description))
        }
        // Only cells read by OCR carry a confidence.
        for id in report.source == .ocr ? report.cells.keys.sorted() : [] {
            guard let cell = report.cells[id], let confidence = cell.origin?.confidence, confidence < ReadingDoubt.ocrConfidenceFloor else {
                continue
            }
            doubted.insert(id)
            doubts.append(
                CollectionFinding(
                    rule: ReadingDoubt.lowConfidence, severity: .warning, findingClass: .reading,
                    message: "\(id.rawValue) 由OCR读出「\(cell.raw)」，置信度\(Int(confidence))，请与原件核对", cells: [id.rawValue],
                    actual: cell.value.number?.description, at: cell.span?.description, origin: cell.origin?.path))
        }
        var out: [CollectionFinding] = findings.map { f in
            let cls: FindingClass = !f.cells.isEmpty && f.cells.allSatisfy(doubted.contains) ? .reading : .report
            let origin = f.at.flatMap { report.origin(at: $0) }
            return CollectionFinding(
                rule: f.rule, severity: f.severity, findingClass: cls, message: f.message, cells: f.cells.map(\.rawValue),
                expected: f.expected?.description, actual: f.actual?.description, at: f.at?.description, origin: origin?.path, cause: f.cause)
        }
        out += doubts
        return out
    }
}

/// A report's counts as the tracker shows them: errors and warnings about the report (each
/// cause once), and reading doubts.
public struct FindingCounts: Sendable, Hashable, Codable {
    public var errors = 0
    public var warnings = 0
    public var doubts = 0

    public init(errors: Int = 0, warnings: Int = 0, doubts: Int = 0) {
        self.errors = errors
        self.warnings = warnings
        self.doubts = doubts
    }

    public init(_ findings: [CollectionFinding]) {
        for (i, f) in findings.enumerated() where f.cause == nil {
            if f.findingClass == .reading {
                doubts += 1
                continue
            }
            var severity = f.severity
            for g in findings where g.cause == i && g.severity < severity { severity = g.severity }
            switch severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: break
            }
        }
    }

    public static func + (a: FindingCounts, b: FindingCounts) -> FindingCounts {
        FindingCounts(errors: a.errors + b.errors, warnings: a.warnings + b.warnings, doubts: a.doubts + b.doubts)
    }
}
