import ArgumentParser
import GongkaiRendering

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a report and print it as JSON.",
        discussion:
            "Without --cells, prints the whole typed report: sections with their text, every cell with its raw text, source span and provenance, and the reader's notes."
    )

    @Argument(help: "The report to read (text, markdown, HTML, DOCX or PDF; GBK or UTF-8 text). Use - for standard input.")
    var file: String

    @Flag(help: "Print only the --cells document of Docs/Cells.md (format, year, agency, cells, units).")
    var cells = false

    @Flag(
        help:
            "Print the text the tables were read from: for HTML, DOCX and PDF the laid-out lines (a table row per line, cells separated by tabs) that line:column locations refer to."
    )
    var text = false

    @Flag(help: "Print compact JSON on one line.")
    var compact = false

    func run() throws {
        switch Inputs.report(at: file) {
        case .success(let report):
            if text {
                print(report.lines.joined(separator: "\n"))
                return
            }
            let indent: String? = compact ? nil : "  "
            print(cells ? CellsDocument.render(report, indent: indent) : ReportDocument.render(report, indent: indent))
        case .failure(let failure):
            Inputs.printError(failure.description)
            throw ExitCode(2)
        }
    }
}
