import Foundation
import GongkaiReading

/// Where the readers look for the programs they run (`pdftotext`, `pdftoppm`, `tesseract`,
/// netpbm's converters): the directories of `PATH` unless told otherwise.
public struct ExternalPrograms: Sendable {
    public var searchPath: [String]

    public init(searchPath: [String]) {
        self.searchPath = searchPath
    }

    /// The directories of this process's `PATH`.
    /// Read once: a process's `PATH` does not change under it, and building the environment
    /// dictionary for every document cost more than reading a small text report.
    public static let environment: ExternalPrograms = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return ExternalPrograms(searchPath: path.split(separator: ":").map(String.init))
    }()

    /// The program's path, or nil when it is not installed.
    public func find(_ name: String) -> String? {
        for dir in searchPath {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Running the external programs some readers need.
package enum ExternalTool {
    package struct Result {
        package var status: Int32
        package var output: Data
        package var errorText: String
    }

    /// Runs the program to its end; `environment` entries are added to this process's own.
    package static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws(ReadError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw .io("cannot start \(tool): \(error.localizedDescription)") }
        // Read standard error on another thread while standard output is read here, so that
        // neither pipe can fill up and block the child.
        let errorData = ErrorOutput()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Result(status: process.terminationStatus, output: output, errorText: String(decoding: errorData.data, as: UTF8.self))
    }
}

/// Standard error of a child, written by one thread and read by another after a semaphore.
private final class ErrorOutput: @unchecked Sendable {
    var data = Data()
}

extension ExternalTool {
    /// Runs `body` with a new private temporary directory, removed with everything in it
    /// afterwards, whether `body` returns or throws.
    package static func withTemporaryDirectory<T>(_ body: (URL) throws(ReadError) -> T) throws(ReadError) -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false) } catch {
            throw .io("cannot create a temporary directory: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    /// Writes the bytes to `name` in `dir`.
    package static func write(_ bytes: [UInt8], to name: String, in dir: URL) throws(ReadError) -> URL {
        let file = dir.appendingPathComponent(name)
        do { try Data(bytes).write(to: file) } catch { throw .io("cannot write a temporary file: \(error.localizedDescription)") }
        return file
    }
}
