import CZlibInflate
import Foundation
import GongkaiModel
import GongkaiReading

/// Reads one named part out of a zip container held in memory (a Word file), checking every
/// offset and size the container states against its real length before it is used, and every
/// part's size before it is expanded: a damaged or hostile container is an error value, never a
/// trap or a read outside the bytes, and a part that would expand past `maximumPartSize` (a zip
/// bomb) is refused before any of it is inflated.
///
/// ```swift
/// let xml = try ZipParts(bytes).part(named: "word/document.xml")
/// ```
struct ZipParts {
    /// What a part may expand to: far above any real report's document.xml (a few MB).
    static let maximumPartSize = 256 << 20

    struct Entry {
        var name: String
        var method: UInt16
        var checksum: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    /// The central directory's entries, in their order.
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(ReadError) {
        self.bytes = bytes
        entries = try Self.centralDirectory(bytes)
    }

    static func damaged(_ reason: String) -> ReadError { .damaged(kind: "DOCX", reason: reason) }

    /// A little-endian integer at `offset`, or nil past the end.
    static func read<T: FixedWidthInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count - size else { return nil }
        var value: T = 0
        for k in 0..<size { value |= T(bytes[offset + k]) << (8 * k) }
        return value
    }

    static func centralDirectory(_ bytes: [UInt8]) throws(ReadError) -> [Entry] {
        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535.
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var eocd = bytes.count - 22
        while eocd >= lowest, read(UInt32.self, bytes, at: eocd) != 0x0605_4B50 { eocd -= 1 }
        guard eocd >= lowest, let count = read(UInt16.self, bytes, at: eocd + 10),
            let size = read(UInt32.self, bytes, at: eocd + 12), let start = read(UInt32.self, bytes, at: eocd + 16)
        else { throw damaged("the zip container cannot be opened (no end of central directory)") }
        guard count != 0xFFFF, size != 0xFFFF_FFFF, start != 0xFFFF_FFFF else {
            throw damaged("the zip container uses ZIP64, which a Word report never needs")
        }
        let directoryEnd = Int(start) + Int(size)
        guard directoryEnd <= eocd else { throw damaged("the zip's central directory lies outside the file") }
        var entries: [Entry] = []
        var offset = Int(start)
        for _ in 0..<count {
            guard read(UInt32.self, bytes, at: offset) == 0x0201_4B50,
                let method = read(UInt16.self, bytes, at: offset + 10),
                let checksum = read(UInt32.self, bytes, at: offset + 16),
                let compressed = read(UInt32.self, bytes, at: offset + 20),
                let uncompressed = read(UInt32.self, bytes, at: offset + 24),
                let nameLength = read(UInt16.self, bytes, at: offset + 28),
                let extraLength = read(UInt16.self, bytes, at: offset + 30),
                let commentLength = read(UInt16.self, bytes, at: offset + 32),
                let local = read(UInt32.self, bytes, at: offset + 42)
            else { throw damaged("the zip's central directory is damaged at byte \(offset)") }
            let nameStart = offset + 46
            let next = nameStart + Int(nameLength) + Int(extraLength) + Int(commentLength)
            guard next <= directoryEnd else { throw damaged("the zip's central directory is damaged at byte \(offset)") }
            entries.append(
                Entry(
                    name: String(decoding: bytes[nameStart..<(nameStart + Int(nameLength))], as: UTF8.self), method: method,
                    checksum: checksum, compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                    localHeaderOffset: Int(local)))
            offset = next
        }
        return entries
    }

    /// The part's bytes, expanded and checked against its CRC-32; nil when there is no such part.
    func part(named name: String) throws(ReadError) -> [UInt8]? {
        guard let entry = entries.first(where: { $0.name == name }) else { return nil }
        let at = entry.localHeaderOffset
        guard Self.read(UInt32.self, bytes, at: at) == 0x0403_4B50,
            let nameLength = Self.read(UInt16.self, bytes, at: at + 26),
            let extraLength = Self.read(UInt16.self, bytes, at: at + 28)
        else { throw Self.damaged("\(name)'s local header is damaged") }
        let dataStart = at + 30 + Int(nameLength) + Int(extraLength)
        guard dataStart <= bytes.count, entry.compressedSize <= bytes.count - dataStart else {
            throw Self.damaged("\(name) runs past the end of the file")
        }
        guard entry.uncompressedSize <= Self.maximumPartSize else {
            throw Self.damaged("\(name) would expand to \(entry.uncompressedSize >> 20) MB (more than \(Self.maximumPartSize >> 20) MB): refused")
        }
        let compressed = bytes[dataStart..<(dataStart + entry.compressedSize)]
        let part: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw Self.damaged("\(name) is stored with two different sizes") }
            part = Array(compressed)
        case 8:
            part = try Self.inflate(compressed, expectedSize: entry.uncompressedSize, name: name)
        default:
            throw Self.damaged("\(name) is compressed by method \(entry.method), which Word never uses")
        }
        guard part.withUnsafeBytes(CRC32.checksum) == entry.checksum else {
            throw Self.damaged("\(name) is corrupt (its CRC-32 does not match the zip's)")
        }
        return part
    }

    /// Raw deflate into a buffer of the stated size: output beyond it is damage, not growth.
    static func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int, name: String) throws(ReadError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var stream = z_stream()
        guard gongkai_inflate_init_raw(&stream) == Z_OK else { throw damaged("\(name) cannot be expanded") }
        defer { inflateEnd(&stream) }
        let (status, produced) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                let status = CZlibInflate.inflate(&stream, Z_FINISH)
                return (status, target.count - Int(stream.avail_out))
            }
        }
        guard status == Z_STREAM_END, produced == expectedSize else {
            throw damaged(produced > expectedSize ? "\(name) expands past its stated size" : "\(name) is cut short or damaged (zlib \(status))")
        }
        output.removeLast()
        return output
    }
}

/// A zip archive of reports (a batch handed to `collect`), read in memory with every size
/// checked: a member that would expand past ``maximumMemberSize`` or a whole archive past
/// ``maximumTotalSize`` (a zip bomb) is refused before it is inflated, and a member whose name
/// leaves the archive (`../`, an absolute path) is refused by name.
public struct ZipArchive: Sendable {
    public static let maximumMemberSize = 100 << 20
    public static let maximumTotalSize = 2 << 30
    public static let maximumMembers = 100_000

    /// A member refused with the reason, or its bytes.
    public enum Member: Sendable {
        case file(name: String, bytes: [UInt8])
        case refused(name: String, reason: String)
    }

    let parts: ZipParts

    public init(bytes: [UInt8]) throws(ReadError) {
        do {
            parts = try ZipParts(bytes)
        } catch {
            throw .damaged(kind: "ZIP", reason: "\(error)")
        }
        guard parts.entries.count <= Self.maximumMembers else {
            throw .damaged(kind: "ZIP", reason: "the archive holds \(parts.entries.count) members (more than \(Self.maximumMembers))")
        }
        let total = parts.entries.reduce(0) { $0 + $1.uncompressedSize }
        guard total <= Self.maximumTotalSize else {
            throw .damaged(
                kind: "ZIP", reason: "the archive would expand to \(total >> 20) MB (more than \(Self.maximumTotalSize >> 20) MB): refused")
        }
    }

    /// The members' names, in their order.
    public var names: [String] { parts.entries.map(\.name) }

    /// Whether a member's name stays inside the folder it is unpacked into.
    public static func isContained(_ name: String) -> Bool {
        let unified = name.replacingOccurrences(of: "\\", with: "/")
        guard !unified.hasPrefix("/"), !(unified.count > 1 && unified.dropFirst().first == ":") else { return false }
        return !unified.split(separator: "/").contains("..")
    }

    /// The files of the archive in their order (folders left out), each read or refused.
    public func members() -> [Member] {
        parts.entries.compactMap { entry in
            guard !entry.name.hasSuffix("/") else { return nil }
            guard Self.isContained(entry.name) else { return .refused(name: entry.name, reason: "压缩包内的路径越出解压目录，拒绝读取") }
            guard entry.uncompressedSize <= Self.maximumMemberSize else {
                return .refused(name: entry.name, reason: "解压后\(entry.uncompressedSize >> 20) MB，超过\(Self.maximumMemberSize >> 20) MB，拒绝读取")
            }
            do {
                guard let bytes = try parts.part(named: entry.name) else { return .refused(name: entry.name, reason: "无法读取") }
                return .file(name: entry.name, bytes: bytes)
            } catch {
                return .refused(name: entry.name, reason: "\(error)")
            }
        }
    }
}
