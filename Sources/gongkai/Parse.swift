import ArgumentParser
import GongkaiRendering

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a report and print it as JSON.",
        discussion: "Without --cells, prints the whole typed report: sections with their text, every cell with its raw text, source span and provenance, and the reader's notes.")

    @Argument(help: "The report to read (text, markdown; GBK or UTF-8). Use - for standard input.")
    var file: String

    @Flag(help: "Print only the --cells document of spec/cells.md (format, year, agency, cells, units).")
    var cells = false

    @Flag(help: "Print compact JSON on one line.")
    var compact = false

    func run() throws {
        switch Inputs.report(at: file) {
        case .success(let report):
            let indent: String? = compact ? nil : "  "
            print(cells ? CellsDocument.render(report, indent: indent) : ReportDocument.render(report, indent: indent))
        case .failure(let failure):
            Inputs.printError(failure.description)
            throw ExitCode(2)
        }
    }
}
