import Foundation
import GongkaiModel
import GongkaiRecords
@testable import GongkaiStore
import Testing

/// The `gongkai` executable built beside the tests.
enum GongkaiBinary {
    static var url: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gongkai")
    }
}

@Suite struct CrashTests {
    /// A loader killed with SIGKILL in the middle of its writes: every batch it reported
    /// committed is there whole, no batch is there in part, the audit log matches, and the file
    /// is sound.
    @Test func killingTheProcessDuringAWriteLosesNothingCommitted() async throws {
        let binary = GongkaiBinary.url
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the gongkai executable first (swift build)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("office.sqlite").path

        let process = Process()
        process.executableURL = binary
        process.arguments = ["office", "load", "--db", db, "--count", "400000", "--batch", "2000", "--by", "loader"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read the progress until a few batches are committed, then kill it mid-batch.
        var reported = 0
        var buffer = ""
        let handle = pipe.fileHandleForReading
        while reported < 6000 {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            for line in buffer.split(separator: "\n") where line.hasPrefix("committed ") { reported = max(reported, Int(line.dropFirst(10)) ?? 0) }
        }
        try await Task.sleep(for: .milliseconds(150))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        for line in String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n") where line.hasPrefix("committed ") {
            reported = max(reported, Int(line.dropFirst(10)) ?? 0)
        }
        #expect(reported >= 6000)

        let store = try SQLiteStore(path: db)
        try await store.migrate()
        let (count, audited, integrity) = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM application")!,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit WHERE entity = 'application' AND action = 'create'")!,
             try String.fetchOne(db, sql: "PRAGMA integrity_check")!)
        }
        #expect(integrity == "ok")
        #expect(count >= reported, "committed \(reported), found \(count)")
        #expect(count % 2000 == 0, "a batch is stored whole or not at all: \(count)")
        #expect(audited == count)
        // And the store still works.
        try await store.create(ApplicationCase(id: "after", applicant: .natural, channel: .online, request: "r", receivedOn: ReportDate(iso: "2025-03-03")!), by: "t")
        await store.close()
    }
}
