import Foundation
import GongkaiDocuments
import GongkaiModel
import GongkaiReading

/// The files named on the command line: directories are walked, `-` is standard input.
enum Inputs {
    struct Failure: Error, CustomStringConvertible {
        var file: String
        var reason: String
        var description: String { "\(file): \(reason)" }
    }

    static let readableExtensions: Set<String> = [
        "txt", "md", "markdown", "text", "", "html", "htm", "xhtml", "docx", "pdf", "png", "jpg", "jpeg", "tif", "tiff", "pgm", "pnm", "ppm",
    ]

    /// Expands directories (sorted, recursively) into their text files.
    static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if path != "-", fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let children = (fm.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
                for child in children {
                    let full = (path as NSString).appendingPathComponent(child)
                    var childIsDir: ObjCBool = false
                    let exists = fm.fileExists(atPath: full, isDirectory: &childIsDir)
                    let ext = (child as NSString).pathExtension.lowercased()
                    if exists, !childIsDir.boolValue, readableExtensions.contains(ext), !child.hasPrefix("."), !child.hasSuffix(".cells.json") {
                        files.append(full)
                    }
                }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// The largest file read as a report: a published report, scans included, is far smaller;
    /// anything larger is refused before it is read, so that memory stays bounded.
    static let maximumInputSize = 100 << 20

    static func bytes(of path: String) throws -> [UInt8] {
        let tooLarge = "is larger than \(maximumInputSize >> 20) MB, which no report is: not read"
        if path == "-" {
            var bytes: [UInt8] = []
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
                bytes += chunk
                if bytes.count > maximumInputSize { throw Failure(file: "<stdin>", reason: tooLarge) }
            }
            return bytes
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumInputSize {
            throw Failure(file: path, reason: tooLarge)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw Failure(file: path, reason: exists ? "cannot be read (permission denied?)" : "no such file")
        }
        return Array(data)
    }

    static func report(at path: String) -> Result<Report, Failure> {
        do {
            let bytes = try bytes(of: path)
            return .success(try DocumentReader().read(bytes: bytes))
        } catch let error as Failure {
            return .failure(error)
        } catch {
            return .failure(Failure(file: path == "-" ? "<stdin>" : path, reason: "\(error)"))
        }
    }

    /// Writes the file whole or not at all: to a temporary file beside it, then renamed over it.
    static func writeAtomically(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data(("gongkai: warning: " + message + "\n").utf8))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("gongkai: error: " + message + "\n").utf8))
    }
}
