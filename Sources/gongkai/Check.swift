import ArgumentParser
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel
import GongkaiRendering

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check reports against the format and its 勾稽关系.",
        discussion: """
            Prints compiler-style diagnostics, one per problem, with the source line and the cell marked;
            the rules one problem breaks besides are printed under it. The summary counts problems.
            With --json every rule instance is a finding of its own, and `cause` gives the index of
            the finding it follows from.
            Exit status: 0 when no finding is an error, 1 when one is, 2 when an input could not be read.
            """)

    @Argument(help: "Reports or directories of reports (walked recursively). Use - for standard input.")
    var files: [String]

    @Flag(help: "Print findings as JSON.")
    var json = false

    @Flag(name: .customLong("errors-only"), help: "Show only error findings.")
    var errorsOnly = false

    @Flag(help: "Also show the reader's notes (rows left unread, values placed by structure).")
    var notes = false

    func run() throws {
        BatchMemory.keepFreedMemoryForReuse()
        let paths = Inputs.expand(files)
        guard !paths.isEmpty else {
            Inputs.printError("no report files found in \(files.joined(separator: " "))")
            throw ExitCode(2)
        }
        let checker = Checker()
        // Each report is printed as it is read and then let go: memory stays flat over a
        // directory of any size.
        var checked = 0, failing = 0, unreadable = 0
        var errors = 0, warnings = 0
        if json { print("[", terminator: "") }
        for path in paths {
            switch Inputs.report(at: path) {
            case .failure(let failure):
                unreadable += 1
                Inputs.printError(failure.description)
            case .success(let report):
                var findings = checker.check(report)
                if errorsOnly { findings = findings.keeping { $0.severity == .error } }
                // Each problem counted once: a cause with its consequences.
                let counts = findings.causeCounts()
                errors += counts.errors
                warnings += counts.warnings
                if findings.contains(where: { $0.severity == .error }) { failing += 1 }
                let name = path == "-" ? "<stdin>" : path
                if json {
                    print(
                        (checked == 0 ? "\n" : ",\n") + FindingsDocument.element(.init(file: name, report: report, findings: findings)),
                        terminator: "")
                } else {
                    print(Diagnostics.render(findings, notes: notes ? report.notes : [], report: report, file: name), terminator: "")
                }
                checked += 1
            }
        }
        if json {
            print(checked == 0 ? "]" : "\n]")
        } else {
            var summary =
                "\(checked) report\(checked == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            summary += ", \(failing) report\(failing == 1 ? "" : "s") with errors"
            if unreadable > 0 { summary += ", \(unreadable) unreadable" }
            print(summary)
        }
        if unreadable > 0 { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}
