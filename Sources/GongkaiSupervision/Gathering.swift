import Foundation
import GongkaiCollection
import GongkaiDocuments
import GongkaiModel

/// The files a batch names, gathered before anything is stored: directories walked, zip
/// archives opened, each file's bytes hashed; files of kinds Gongkai cannot read listed with
/// the reason.
public struct Gathered: Sendable {
    public struct File: Sendable {
        /// The path given, or `archive.zip!member` for a member of an archive.
        public var path: String
        /// A member's bytes; nil for a file on disk, read when it is stored, so that a batch of
        /// any size is never held in memory whole.
        public var bytes: [UInt8]?

        /// The file's bytes, or why they cannot be read.
        public func load() -> Result<[UInt8], Gathered.Refusal> {
            if let bytes { return .success(bytes) }
            let fm = FileManager.default
            if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > Gathered.maximumFileSize {
                return .failure(Refusal(reason: "文件大于 \(Gathered.maximumFileSize >> 20) MB，不是年度报告"))
            }
            guard let data = fm.contents(atPath: path) else {
                return .failure(Refusal(reason: fm.fileExists(atPath: path) ? "无法读取（权限不足？）" : "文件不存在"))
            }
            let bytes = Array(data)
            if let reason = Gathered.unreadableReason(name: path, bytes: bytes) { return .failure(Refusal(reason: reason)) }
            return .success(bytes)
        }
    }
    public struct Refusal: Error, Sendable { public var reason: String }
    public var files: [File] = []
    /// Files not read, with the reason: kinds Gongkai cannot read, refused archive members.
    public var skipped: [(path: String, reason: String)] = []

    public init() {}

    /// Whether a name given for an upload stays a plain file name (no folders, no `..`).
    public static func isPlainName(_ name: String) -> Bool {
        ZipArchive.isContained(name) && !name.contains("/") && !name.contains("\\") && !name.isEmpty
    }
}

/// What a manifest says of one file: `path,agency_id,year,published,source_url` (header
/// included; any column but `path` may be empty).
public struct ManifestEntry: Sendable, Hashable {
    public var agencyID: String?
    public var year: Int?
    public var publishedOn: ReportDate?
    public var sourceURL: String?

    public init(agencyID: String? = nil, year: Int? = nil, publishedOn: ReportDate? = nil, sourceURL: String? = nil) {
        self.agencyID = agencyID
        self.year = year
        self.publishedOn = publishedOn
        self.sourceURL = sourceURL
    }
}

public enum Manifest {
    public static let header = ["path", "agency_id", "year", "published", "source_url"]

    /// Entries by path as written, and by file name.
    public static func parse(_ text: String) throws(RegisterError) -> [String: ManifestEntry] {
        let rows = try CSV.rows(text)
        guard let head = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }), head == header else {
            throw RegisterError(line: 1, "清单表头应为 \(header.joined(separator: ","))")
        }
        var out: [String: ManifestEntry] = [:]
        for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.isEmpty }) {
            let f = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == header.count, !f[0].isEmpty else { throw RegisterError(line: row.line, "应有\(header.count)列，且 path 不能为空") }
            var entry = ManifestEntry(agencyID: f[1].isEmpty ? nil : f[1], sourceURL: f[4].isEmpty ? nil : f[4])
            if !f[2].isEmpty {
                guard let y = Int(f[2]), (2000...2100).contains(y) else { throw RegisterError(line: row.line, "年度「\(f[2])」不是年份") }
                entry.year = y
            }
            if !f[3].isEmpty {
                guard let d = ReportDate(iso: f[3]) else { throw RegisterError(line: row.line, "公开日期「\(f[3])」应写作 YYYY-MM-DD") }
                entry.publishedOn = d
            }
            out[f[0]] = entry
        }
        return out
    }

    /// The entry for a gathered path: by the path as given, then by its file name.
    public static func entry(for path: String, in manifest: [String: ManifestEntry]) -> ManifestEntry? {
        manifest[path] ?? manifest[(path as NSString).lastPathComponent]
            ?? path.split(separator: "!").last.flatMap { manifest[String($0)] ?? manifest[(String($0) as NSString).lastPathComponent] }
    }
}

extension Gathered {
    /// The largest file read: no report comes near it.
    public static let maximumFileSize = 100 << 20

    /// Extensions of documents Gongkai cannot read at all, with what to do about them.
    static let unreadable: [String: String] = [
        "doc": "Word 97-2003 文档（.doc）无法读取，请另存为 DOCX 或 PDF",
        "wps": "WPS 文字文档（.wps）无法读取，请另存为 DOCX 或 PDF",
        "ofd": "OFD 版式文档无法读取，请导出为 PDF",
        "xls": "Excel 表格不是年度报告的格式", "xlsx": "Excel 表格不是年度报告的格式", "et": "WPS 表格不是年度报告的格式",
        "gif": "GIF 图片无法识别", "bmp": "BMP 图片无法识别", "webp": "WebP 图片无法识别", "heic": "HEIC 图片无法识别", "svg": "SVG 图片无法识别",
        "rar": "RAR 压缩包无法打开，请改用 ZIP", "7z": "7z 压缩包无法打开，请改用 ZIP",
    ]
    static let ignored: Set<String> = ["json", "csv", "ds_store"]

    /// Why bytes named `name` cannot be read, if they cannot.
    public static func unreadableReason(name: String, bytes: [UInt8]) -> String? {
        let ext = (name as NSString).pathExtension.lowercased()
        if let reason = unreadable[ext] { return reason }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "旧版 Office/WPS 复合文档无法读取，请另存为 DOCX 或 PDF" }
        if bytes.isEmpty { return "文件为空" }
        return nil
    }

    /// Gathers the paths: files, directories (walked, hidden files and `*.cells.json` left out)
    /// and zip archives (their members, refused ones listed).
    public static func gather(_ paths: [String]) -> Gathered {
        var out = Gathered()
        let fm = FileManager.default
        func read(_ path: String) {
            if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileSize {
                out.skipped.append((path, "文件大于 \(maximumFileSize >> 20) MB，不是年度报告"))
                return
            }
            guard let data = fm.contents(atPath: path) else {
                out.skipped.append((path, fm.fileExists(atPath: path) ? "无法读取（权限不足？）" : "文件不存在"))
                return
            }
            out.add(path: path, bytes: Array(data))
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                out.skipped.append((path, "文件不存在"))
                continue
            }
            guard isDirectory.boolValue else {
                read(path)
                continue
            }
            let children = (fm.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
            for child in children {
                let full = (path as NSString).appendingPathComponent(child)
                var childIsDirectory: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue else { continue }
                let name = (child as NSString).lastPathComponent
                if name.hasPrefix(".") || child.hasSuffix(".cells.json") || child.hasSuffix(".findings.json")
                    || ignored.contains((name as NSString).pathExtension.lowercased())
                {
                    continue
                }
                if (name as NSString).pathExtension.lowercased() == "zip" {
                    read(full)
                } else if let reason = unreadable[(name as NSString).pathExtension.lowercased()] {
                    out.skipped.append((full, reason))
                } else {
                    out.files.append(File(path: full, bytes: nil))
                }
            }
        }
        return out
    }

    /// Adds bytes named `path`: a report, or a zip archive's members.
    public mutating func add(path: String, bytes: [UInt8]) {
        let ext = (path as NSString).pathExtension.lowercased()
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && ext != "docx" {
            do {
                let archive = try ZipArchive(bytes: bytes)
                // A Word file is a zip too: it is a report, not a batch.
                if archive.names.contains("word/document.xml") {
                    files.append(File(path: path, bytes: bytes))
                    return
                }
                if archive.names.contains("OFD.xml") {
                    skipped.append((path, Self.unreadable["ofd"]!))
                    return
                }
                for member in archive.members() {
                    switch member {
                    case .refused(let name, let reason): skipped.append(("\(path)!\(name)", reason))
                    case .file(let name, let b):
                        let memberPath = "\(path)!\(name)"
                        let lastName = (name as NSString).lastPathComponent
                        if lastName.hasPrefix(".") || Self.ignored.contains((name as NSString).pathExtension.lowercased()) { continue }
                        if let reason = Self.unreadableReason(name: name, bytes: b) {
                            skipped.append((memberPath, reason))
                        } else {
                            files.append(File(path: memberPath, bytes: b))
                        }
                    }
                }
            } catch {
                skipped.append((path, "压缩包无法打开：\(error)"))
            }
            return
        }
        if let reason = Self.unreadableReason(name: path, bytes: bytes) {
            skipped.append((path, reason))
        } else {
            files.append(File(path: path, bytes: bytes))
        }
    }
}
