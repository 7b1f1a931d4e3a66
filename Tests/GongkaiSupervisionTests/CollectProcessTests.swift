import Foundation
import GongkaiCollection
import GongkaiStore
import GongkaiSupervision
import Testing

/// `gongkai collect` as a process: killed with SIGKILL in the middle of a batch, and two
/// workers sharing one PostgreSQL queue.
@Suite(.serialized) struct CollectProcessTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gongkai")
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A synthetic register and year of reports in a new folder.
    static func synthetic(_ agencies: Int) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-synthetic-\(UUID().uuidString)")
        let made = try run(["collection", "synthesize", "--agencies", String(agencies), "-o", dir.path])
        try #require(made.status == 0, "\(made.err)")
        return dir
    }

    @Test func killingCollectLosesNothingItReportedAndLeavesNoHalfStoredReport() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the gongkai executable first (swift build)")
        let dir = try Self.synthetic(3000)
        let db = dir.appendingPathComponent("collection.sqlite").path
        try #require(try Self.run(["agencies", "import", dir.appendingPathComponent("register.csv").path, "--db", db]).status == 0)
        let expected = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("reports").path).count

        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["collect", dir.appendingPathComponent("reports").path, "--db", db, "--workers", "2"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Killed once it has reported some reports stored, in the middle of the batches.
        var reported = 0
        var buffer = ""
        while reported == 0 {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += String(decoding: chunk, as: UTF8.self)
            for line in buffer.split(separator: "\n") where line.hasPrefix("collected ") {
                reported = max(reported, Int(line.dropFirst("collected ".count).split(separator: "/")[0]) ?? 0)
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(reported > 0 && reported < expected, "killed after \(reported) of \(expected)")

        let store = try await Stores.open(db)
        let c = Collection(store)
        let stored = try await c.status(year: 2024).filter(\.received).count
        #expect(stored >= reported)
        // Every stored report's job is done, and no job is done without its report.
        let collection = CollectionStore(store)
        #expect(try await collection.inconsistentJobs() == 0)
        await store.close()

        // Collecting again finishes the batch: nothing twice, nothing lost.
        let again = try Self.run(["collect", dir.appendingPathComponent("reports").path, "--db", db, "--lease", "0"])
        #expect(again.status == 0, "\(again.out) \(again.err)")
        let reopened = try await Stores.open(db)
        let rows = try await Collection(reopened).status(year: 2024).filter(\.received)
        #expect(rows.count == expected)
        #expect(rows.allSatisfy { $0.version == 1 && $0.versions == 1 })
        await reopened.close()
    }

    @Test func twoWorkersShareOnePostgresQueue() async throws {
        guard let base = CollectionBackend.postgresURL else { return }
        _ = base
        let (store, url) = try await CollectionBackend.postgres.open()
        await store.close()
        let dir = try Self.synthetic(1200)
        try #require(try Self.run(["agencies", "import", dir.appendingPathComponent("register.csv").path, "--db", url]).status == 0)
        let queued = try Self.run(["collect", dir.appendingPathComponent("reports").path, "--db", url, "--queue-only"])
        try #require(queued.status == 0, "\(queued.err)")
        let expected = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("reports").path).count
        // Two processes at once, one core each.
        async let first = Task.detached { try Self.run(["collection", "work", "--db", url, "--workers", "1"]) }.value
        async let second = Task.detached { try Self.run(["collection", "work", "--db", url, "--workers", "1"]) }.value
        let results = try await [first, second]
        var counts: [Int] = []
        for r in results {
            #expect(r.status == 0, "\(r.err)")
            let line = try #require(r.out.split(separator: "\n").first)
            counts.append(Int(line.dropFirst(2).prefix { $0.isNumber }) ?? -1)
        }
        // Each file read once, by one of them; both took part.
        #expect(counts.reduce(0, +) == expected, "\(counts)")
        #expect(counts.allSatisfy { $0 > 0 }, "\(counts)")
        let reopened = try await Stores.open(url)
        let rows = try await Collection(reopened).status(year: 2024).filter(\.received)
        #expect(rows.count == expected && rows.allSatisfy { $0.versions == 1 })
        #expect(try await CollectionStore(reopened).queueLength() == 0)
        await reopened.close()
    }
}
