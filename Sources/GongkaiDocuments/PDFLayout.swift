import Foundation
import GongkaiModel
import GongkaiReading

/// Lays out a PDF with a text layer through poppler's `pdftotext -layout`, which places every
/// word by its coordinates so that a table's columns stay aligned: a run of two or more spaces
/// separates cells, so each printed table row becomes a line of tab-separated cells, and a cell
/// left empty on the page stays empty instead of pulling its neighbours left.
enum PDFLayout {
    static func layOut(_ bytes: [UInt8]) throws(ReadError) -> LaidOutText {
        let text = try extractText(bytes)
        var out = LaidOutText(source: .pdf)
        var page = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            while line.first == "\u{0C}" {
                page += 1
                line = line.dropFirst()
            }
            let pieces = cells(of: line)
            let origin = SourceOrigin(path: "page \(page)", page: page)
            out.append(.init(pieces: pieces.isEmpty ? [""] : pieces, origins: Array(repeating: origin, count: max(1, pieces.count))))
            joinWrappedLabel(&out)
        }
        return out
    }

    /// A label cell wrapped over lines prints its values on a line of their own, level with the
    /// cell's middle (`（二）部分公开（区分处理的，只计这一情形，不` / `计其他情形）` / `4 0 0 0 0 0 4`).
    /// When the text lines just above a values-only line join into a row label, they become that
    /// line's first cell.
    static func joinWrappedLabel(_ out: inout LaidOutText) {
        guard let last = out.lines.last else { return }
        // The values line: values only, or a label fragment that names no row followed by values.
        let values = last.pieces.drop { !RowLabel.isValue($0) }
        let lead = last.pieces.count - values.count
        guard values.count >= 2, values.allSatisfy(RowLabel.isValue), lead <= 1 else { return }
        let fragment = lead == 1 ? last.pieces[0] : ""
        if lead == 1 && RowLabel.namesTableRow(fragment) { return }
        var best: Int?
        var joined = fragment
        var k = out.lines.count - 2
        var seen = 0
        while k >= 0, seen < 3 {
            let line = out.lines[k]
            if line.pieces.allSatisfy(\.isEmpty) { k -= 1; continue }
            guard line.pieces.count == 1, let text = line.pieces.first, !RowLabel.isValue(text) else { break }
            joined = text + joined
            seen += 1
            if RowLabel.namesTableRow(joined) { best = k }
            k -= 1
        }
        guard let start = best else { return }
        let above = out.lines[start..<(out.lines.count - 1)].compactMap { $0.pieces.first }.joined()
        let origin = out.lines[start].origins.first ?? nil
        let merged = LaidOutText.Line(pieces: [above + fragment] + values, origins: [origin] + last.origins.suffix(values.count))
        // Keep the line count (spans refer to lines): the label lines are emptied, not removed.
        for i in start..<(out.lines.count - 1) { out.lines[i] = .init("", origin: out.lines[i].origins.first ?? nil) }
        out.lines[out.lines.count - 1] = merged
    }

    /// The cells of one laid-out line: text separated by two or more spaces.
    static func cells(of line: Substring) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        var spaces = 0
        for u in line.unicodeScalars {
            if u == " " || u == "\u{3000}" || u == "\t" {
                spaces += u == " " ? 1 : 2
                continue
            }
            if spaces >= 2, !current.isEmpty {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            } else if spaces == 1, !current.isEmpty {
                current.append(" ")
            }
            spaces = 0
            current.append(u)
        }
        if !current.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    /// Runs `pdftotext -layout` on the bytes (through a temporary file, removed afterwards).
    static func extractText(_ bytes: [UInt8]) throws(ReadError) -> String {
        guard let tool = ExternalTool.find("pdftotext") else {
            throw .missingTool(tool: "pdftotext", package: "poppler-utils")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString).pdf")
        do { try Data(bytes).write(to: file) } catch { throw .io("cannot write a temporary file: \(error.localizedDescription)") }
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ExternalTool.run(tool, ["-layout", "-enc", "UTF-8", file.path, "-"])
        if result.status != 0 {
            let message = result.errorText.trimmingCharacters(in: .whitespacesAndNewlines)
            if message.localizedCaseInsensitiveContains("password") || result.status == 3 { throw .encrypted(kind: "PDF") }
            throw .damaged(kind: "PDF", reason: message.isEmpty ? "pdftotext exited with status \(result.status)" : message)
        }
        let text = String(decoding: result.output, as: UTF8.self)
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{0C}" }) {
            throw .noText(reason: "the PDF has no text layer (a scanned document); it cannot be read without OCR")
        }
        return text
    }
}

/// Finding and running the external programs some readers need.
enum ExternalTool {
    struct Result {
        var status: Int32
        var output: Data
        var errorText: String
    }

    /// The program's path on `PATH`, or nil when it is not installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ tool: String, _ arguments: [String]) throws(ReadError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw .io("cannot start \(tool): \(error.localizedDescription)") }
        // Read standard error on another thread while standard output is read here, so that
        // neither pipe can fill up and block the child.
        let errorData = ErrorOutput()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Result(status: process.terminationStatus, output: output, errorText: String(decoding: errorData.data, as: UTF8.self))
    }
}

/// Standard error of a child, written by one thread and read by another after a semaphore.
private final class ErrorOutput: @unchecked Sendable {
    var data = Data()
}
