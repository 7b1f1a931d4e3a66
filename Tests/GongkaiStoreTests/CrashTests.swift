import Foundation
import GongkaiModel
import GongkaiRecords
import Testing

@testable import GongkaiStore

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
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM application")!,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit WHERE entity = 'application' AND action = 'create'")!,
                try String.fetchOne(db, sql: "PRAGMA integrity_check")!
            )
        }
        #expect(integrity == "ok")
        #expect(count >= reported, "committed \(reported), found \(count)")
        #expect(count % 2000 == 0, "a batch is stored whole or not at all: \(count)")
        #expect(audited == count)
        // And the store still works.
        try await store.create(
            ApplicationCase(id: "after", applicant: .natural, channel: .online, request: "r", receivedOn: ReportDate(iso: "2025-03-03")!), by: "t")
        await store.close()
    }
}

/// The office's daily work through the `gongkai` command, on a SQLite file.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = GongkaiBinary.url
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func aYearOfWorkFromTheCommandLineMakesTheReport() throws {
        try #require(FileManager.default.isExecutableFile(atPath: GongkaiBinary.url.path), "build the gongkai executable first (swift build)")
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-cli-\(UUID().uuidString).sqlite").path
        let d = ["--db", db, "--by", "经办人:张三"]
        #expect(
            try run(
                [
                    "case", "add", "--id", "A1", "--applicant", "commercial", "--channel", "letter", "--submitted", "2025-03-03",
                    "--received", "2025-03-05", "--request", "某文件",
                ] + d
            ).status == 0)
        #expect(
            try run(
                [
                    "case", "add", "--id", "A2", "--applicant", "natural", "--channel", "in_person", "--submitted", "2025-03-03",
                    "--received", "2025-03-05", "--request", "某文件",
                ] + d
            ).status != 0)
        #expect(try run(["case", "event", "A1", "fee-noticed", "--on", "2025-03-10", "--pages", "31"] + d).out.contains("发出收费通知：10元"))
        #expect(try run(["case", "event", "A1", "fee-paid", "--on", "2025-03-12"] + d).status == 0)
        let refused = try run(["case", "event", "A1", "decided", "--on", "2025-03-01", "--outcome", "granted", "--basis", "b"] + d)
        #expect(refused.status == 1 && refused.err.contains("早于"))
        #expect(try run(["case", "event", "A1", "decided", "--on", "2025-03-20", "--outcome", "granted", "--basis", "第三十六条"] + d).status == 0)
        #expect(
            try run(["item", "add", "--id", "P1", "--title", "办法", "--category", "1", "--formed", "2025-05-06", "--document", "rules"] + d).status
                == 0)
        for (who, on) in [("甲", "2025-05-06"), ("乙", "2025-05-07"), ("丙", "2025-05-08")] {
            #expect(try run(["item", "approve", "P1", "--on", on, "--db", db, "--by", who]).status == 0)
        }
        #expect(try run(["item", "publish", "P1", "--on", "2025-05-09"] + d).status == 0)
        #expect(try run(["review", "add", "--id", "R1", "--route", "review", "--filed", "2025-06-01"] + d).status == 0)
        #expect(try run(["tally", "--year", "2025", "--licensing", "7", "--fees", "0.8"] + d).status == 0)
        let report = try run(["report", "--year", "2025", "--agency", "某某镇人民政府"] + d)
        #expect(report.status == 0)
        #expect(report.out.contains("| 规章 | 1 | 0 | 1 |"))
        #expect(report.out.contains("本年度收取政府信息公开信息处理费10元"))
        #expect(report.out.contains("| 行政许可 | 7 |"))
        let audit = try run(["office", "audit"] + d)
        #expect(audit.out.split(separator: "\n").count >= 10)
        #expect(audit.out.contains("经办人:张三") && audit.out.contains("\t乙\t"))
    }
}
