import ArgumentParser
import Dispatch
import Foundation
import GongkaiChecks
import GongkaiReading

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how fast reports are read and checked.",
        discussion: "Loads the given reports into memory, repeats them to --count documents, and reads and checks every one, first on one core, then on all cores. Prints reports/s and MB/s.")

    @Argument(help: "Reports or directories to measure with.")
    var files: [String] = ["Examples"]

    @Option(help: "How many documents to read and check in each run.")
    var count = 10_000

    @Option(help: "Worker threads for the parallel run (default: all cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let corpus = try Inputs.expand(files).map { try Inputs.bytes(of: $0) }.filter { (try? ReportReader().read(bytes: $0)) != nil }
        guard !corpus.isEmpty else {
            Inputs.printError("no readable reports in \(files.joined(separator: " "))")
            throw ExitCode(2)
        }
        let documents = (0..<count).map { corpus[$0 % corpus.count] }
        let bytes = documents.reduce(0) { $0 + $1.count }
        print("corpus: \(corpus.count) distinct reports, \(documents.count) documents, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB")

        let clock = ContinuousClock()
        var sink = 0
        let single = clock.measure { for d in documents { sink &+= Self.work(d) } }
        report("1 core", single, documents.count, bytes)

        let threads = max(1, jobs)
        let chunk = (documents.count + threads - 1) / threads
        let parallel = clock.measure {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var local = 0
                for i in (t * chunk)..<min(documents.count, (t + 1) * chunk) { local &+= Self.work(documents[i]) }
                _ = local
            }
        }
        report("\(threads) cores", parallel, documents.count, bytes)
        if sink == Int.min { print(sink) }
    }

    @Sendable static func work(_ doc: [UInt8]) -> Int {
        guard let report = try? ReportReader().read(bytes: doc) else { return 0 }
        return Checker().check(report).count
    }

    func report(_ label: String, _ d: Duration, _ n: Int, _ bytes: Int) {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        print(String(format: "%-8@ %9.0f reports/s  %7.1f MB/s  (%.2f s)", label as NSString, Double(n) / seconds, Double(bytes) / 1_048_576 / seconds, seconds))
    }
}
