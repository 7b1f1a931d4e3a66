import GongkaiModel

/// Compiler-style diagnostics for the terminal:
/// `file:line:col: error[T3-1:total]: message`, the source line, and a caret under the cell.
/// A finding that follows from another (`Finding.cause`) is printed under it, as a note, so
/// that each problem is shown once.
public enum Diagnostics {
    public static func render(_ findings: [Finding], notes: [ReadingNote] = [], report: Report, file: String) -> String {
        var out = ""
        for i in findings.causeIndices {
            let f = findings[i]
            let place = f.at.map { "\(file):\($0.line):\($0.column)" } ?? file
            out += "\(place): \(f.severity.rawValue)[\(f.rule)]: \(f.message)\n"
            if let at = f.at {
                // In a laid-out document, say where the cell stands in the original too.
                let origin = report.origin(at: at).map { "(\($0))" }
                let label = [markedCell(of: f, report: report).map(Self.shortName), origin].compactMap { $0 }
                out += excerpt(at, report: report, label: label.isEmpty ? nil : label.joined(separator: " "))
            }
            for c in findings.consequences(of: i) {
                out += "  note: 由此引起 \(c.severity.rawValue)[\(c.rule)]: \(c.message)\n"
            }
        }
        for n in notes {
            let place = n.span.map { "\(file):\($0.line):\($0.column)" } ?? file
            out += "\(place): note[read:\(n.kind.rawValue)]: \(n.message)\n"
        }
        return out
    }

    static func shortName(_ id: CellID) -> String { id.rawValue }

    /// The cell the caret stands under: the finding's last cell (a rule's total) when it is
    /// printed there, else the first of its cells printed there (the first blank of a row's
    /// C-BLANK); nil when none is (a row-level finding marks the row's label or the section's
    /// heading, and its message names the row).
    static func markedCell(of finding: Finding, report: Report) -> CellID? {
        guard let at = finding.at, let last = finding.cells.last else { return nil }
        if report.cells[last]?.span == at { return last }
        return finding.cells.first { report.cells[$0]?.span == at }
    }

    /// The source line with a caret under the span, aligned for wide (CJK) characters.
    static func excerpt(_ span: SourceSpan, report: Report, label: String?) -> String {
        guard span.line >= 1, span.line <= report.lines.count else { return "" }
        let line = String(report.lines[span.line - 1]).replacingTabs()
        let number = String(span.line)
        let gutter = String(repeating: " ", count: number.count)
        var shown = ""
        var width = 0
        var caretOffset = 0
        for (i, u) in line.unicodeScalars.enumerated() {
            if width > 100 {
                shown += "…"
                break
            }
            if i == span.column - 1 { caretOffset = width }
            shown.unicodeScalars.append(u)
            width += displayWidth(u)
        }
        if span.column - 1 >= line.unicodeScalars.count { caretOffset = width }
        let caret = String(repeating: " ", count: caretOffset) + "^" + (label.map { " " + $0 } ?? "")
        return " \(number) | \(shown)\n \(gutter) | \(caret)\n"
    }

    static func displayWidth(_ u: Unicode.Scalar) -> Int {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            2
        default: 1
        }
    }
}

/// The `check --json` document: one entry per file with its findings. A finding that follows
/// from another gives that finding's index in the same array as `cause` (null for a cause).
public enum FindingsDocument {
    public struct Entry {
        public var file: String
        public var report: Report
        public var findings: [Finding]
        public init(file: String, report: Report, findings: [Finding]) {
            self.file = file
            self.report = report
            self.findings = findings
        }
    }

    public static func render(_ entries: [Entry]) -> String {
        guard !entries.isEmpty else { return "[]" }
        return "[\n" + entries.map(element).joined(separator: ",\n") + "\n]"
    }

    /// One entry as an element of the document's array (indented one level), so that a batch
    /// can print its entries as it reads them instead of holding every report: the document is
    /// `[`, the elements joined by `,` and new lines, and `]`.
    public static func element(_ e: Entry) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.string(e.file, key: "file")
        w.string(e.report.format?.rawValue, key: "format")
        w.int(e.report.year, key: "year")
        w.string(e.report.agency, key: "agency")
        w.beginArray(key: "findings")
        for f in e.findings {
            w.beginObject()
            w.string(f.rule, key: "rule")
            w.string(f.severity.rawValue, key: "severity")
            w.string(f.message, key: "message")
            w.beginArray(key: "cells")
            for c in f.cells { w.string(c.rawValue) }
            w.endArray()
            w.raw(f.expected?.description ?? "null", key: "expected")
            w.raw(f.actual?.description ?? "null", key: "actual")
            if let at = f.at { ReportDocument.span(at, key: "at", &w) } else { w.raw("null", key: "at") }
            if let at = f.at, let origin = e.report.origin(at: at) { ReportDocument.origin(origin, key: "origin", &w) }
            w.int(f.cause, key: "cause")
            w.endObject()
        }
        w.endArray()
        w.beginArray(key: "readingNotes")
        for n in e.report.notes {
            w.beginObject()
            w.string(n.kind.rawValue, key: "kind")
            w.string(n.message, key: "message")
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
