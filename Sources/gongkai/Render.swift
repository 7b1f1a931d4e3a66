import ArgumentParser
import Foundation
import GongkaiGeneration
import GongkaiModel

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a report in the official format: DOCX, HTML, Markdown or PDF.",
        discussion: """
            FILE is a report as JSON (what `gongkai parse` prints, or the fill-in document of \
            `gongkai new`), or a published report in any form Gongkai reads, to be re-issued. \
            The report is checked first: when it breaks a hard rule nothing is written (exit 1) \
            unless --force, and then the output carries a visible draft mark. PDF is made from \
            the DOCX by LibreOffice (Debian libreoffice-writer, fonts-noto-cjk).
            """)

    @Argument(help: "The report: JSON, or a report document (text, HTML, DOCX, PDF).")
    var file: String

    @Option(name: .customLong("to"), help: "The output format: docx, html, md or pdf.")
    var format: ReportWriter.Format

    @Option(name: .shortAndLong, help: "The file to write (written whole or not at all). HTML and Markdown go to standard output without it.")
    var output: String?

    @Flag(help: "Write even when the report breaks hard rules, with a draft mark.")
    var force = false

    func validate() throws {
        if output == nil && (format == .docx || format == .pdf) {
            throw ValidationError("--to \(format.rawValue) needs -o FILE")
        }
    }

    func run() throws {
        let report: Report
        do {
            let bytes = try Inputs.bytes(of: file)
            if ReportInput.isJSON(bytes) {
                report = try ReportInput.read(json: Data(bytes))
            } else {
                report = try Inputs.report(at: file).get()
            }
        } catch {
            Inputs.printError("\(file): \(error)")
            throw ExitCode(2)
        }
        let data: Data
        do {
            data = try ReportWriter(format: format, force: force).write(report)
        } catch {
            Inputs.printError("\(file): \(error.description)")
            if case .findings = error { throw ExitCode(1) }
            throw ExitCode(2)
        }
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try Inputs.writeAtomically(data, to: output)
        } catch {
            Inputs.printError("\(output): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}

extension ReportWriter.Format: ExpressibleByArgument {}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a fill-in document for a new report: every cell at 0, every section with a placeholder.",
        discussion: "Edit the JSON, then write the report with `gongkai render FILE --to docx -o report.docx`.")

    @Option(help: "The table format: 2019 (国办公开办函〔2019〕60号) or 2021 (〔2021〕30号). Default: the one the year requires.")
    var format: ReportFormat?

    @Option(help: "The statistical year.")
    var year: Int

    @Option(help: "The issuing body, e.g. 某某镇人民政府.")
    var agency: String

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    func run() throws {
        let text = FillInDocument.make(format: format ?? .expected(forYear: year), year: year, agency: agency)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Inputs.writeAtomically(Data(text.utf8), to: output)
        } catch {
            Inputs.printError("\(output): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
