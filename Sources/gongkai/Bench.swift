import ArgumentParser
import Dispatch
import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiReading

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how fast reports are read and checked.",
        discussion:
            "Loads the given reports into memory, repeats them to --count documents, and reads and checks every one, first on one core, then on all cores. Prints reports/s and MB/s."
    )

    @Argument(help: "Reports or directories to measure with.")
    var files: [String] = ["Examples"]

    @Option(help: "How many documents to read and check in each run.")
    var count = 10_000

    @Option(help: "Worker threads for the parallel run (default: all cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Also print, for each distinct report, the time to read it and to check it on one core.")
    var each = false

    func run() throws {
        BatchMemory.keepFreedMemoryForReuse()
        let named = try Inputs.expand(files).map { ($0, try Inputs.bytes(of: $0)) }.filter { (try? DocumentReader().read(bytes: $0.1)) != nil }
        let corpus = named.map(\.1)
        guard !corpus.isEmpty else {
            Inputs.printError("no readable reports in \(files.joined(separator: " "))")
            throw ExitCode(2)
        }
        let documents = (0..<count).map { corpus[$0 % corpus.count] }
        let bytes = documents.reduce(0) { $0 + $1.count }
        print("corpus: \(corpus.count) distinct reports, \(documents.count) documents, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB")

        let clock = ContinuousClock()
        var sink = 0
        if each { sink &+= perReport(named, clock: clock) }
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
        guard let report = try? DocumentReader().read(bytes: doc) else { return 0 }
        return Checker().check(report).count
    }

    /// Times reading and checking of each distinct report (repeated so that each takes ~0.2 s).
    func perReport(_ named: [(String, [UInt8])], clock: ContinuousClock) -> Int {
        var sink = 0
        for (name, bytes) in named {
            var repeats = 1
            var readTime = Duration.zero
            while true {
                readTime = clock.measure { for _ in 0..<repeats { sink &+= (try? DocumentReader().read(bytes: bytes))?.cells.count ?? 0 } }
                if readTime > .milliseconds(200) || repeats >= 1 << 20 { break }
                repeats *= 4
            }
            guard let report = try? DocumentReader().read(bytes: bytes) else { continue }
            let checkTime = clock.measure { for _ in 0..<repeats { sink &+= Checker().check(report).count } }
            print(
                String(
                    format: "  %8.3f ms read  %8.3f ms check  %@",
                    milliseconds(readTime) / Double(repeats), milliseconds(checkTime) / Double(repeats), name as NSString))
        }
        return sink
    }

    func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    func report(_ label: String, _ d: Duration, _ n: Int, _ bytes: Int) {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        print(
            String(
                format: "%-8@ %9.0f reports/s  %7.1f MB/s  (%.2f s)", label as NSString, Double(n) / seconds, Double(bytes) / 1_048_576 / seconds,
                seconds))
    }
}
