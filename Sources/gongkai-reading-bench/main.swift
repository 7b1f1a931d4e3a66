// Reads and checks the given reports, repeated, on one thread, and prints what it took.
//
//     swift build -c release --product gongkai-reading-bench
//     .build/release/gongkai-reading-bench Examples/*.txt Examples/html/*.html --count 1000
//     valgrind --tool=callgrind .build/release/gongkai-reading-bench Examples/*.txt --count 24
//
// `gongkai bench` is the user's benchmark (one core and all cores); this one is for profiling:
// synchronous, one thread, nothing linked but the readers and the checker.
import Foundation
import GongkaiChecks
import GongkaiDocuments

var paths: [String] = []
var count = 1000
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--count", let n = arguments.popFirst().flatMap({ Int($0) }), n > 0 {
        count = n
    } else if argument.hasPrefix("-") {
        FileHandle.standardError.write(Data("usage: gongkai-reading-bench FILE... [--count N]\n".utf8))
        exit(2)
    } else {
        paths.append(argument)
    }
}
var corpus: [[UInt8]] = []
for path in paths {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("gongkai-reading-bench: cannot read \(path)\n".utf8))
        exit(2)
    }
    corpus.append(Array(data))
}
guard !corpus.isEmpty else {
    FileHandle.standardError.write(Data("usage: gongkai-reading-bench FILE... [--count N]\n".utf8))
    exit(2)
}
BatchMemory.keepFreedMemoryForReuse()
let reader = DocumentReader()
var findings = 0
var bytes = 0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for i in 0..<count {
        let document = corpus[i % corpus.count]
        bytes += document.count
        if let report = try? reader.read(bytes: document) { findings += Checker().check(report).count }
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(
    String(
        format: "%d reports, %.1f MB, %.3f s: %.0f reports/s, %.1f MB/s (%d findings)",
        count, Double(bytes) / 1_048_576, seconds, Double(count) / seconds, Double(bytes) / 1_048_576 / seconds, findings))
