import GongkaiModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a file's bytes into text: UTF-8 (with or without BOM), UTF-16 with a BOM, or
/// GB18030/GBK (which many Chinese files are), refusing binary input.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf16 = "UTF-16"
        case gb18030 = "GB18030"
    }

    /// The text of a file's bytes, its encoding, and how many damaged sequences of UTF-8 were
    /// replaced by U+FFFD (see `repairedUTF8`).
    public static func decode(_ bytes: [UInt8]) throws(ReadError) -> (text: String, encoding: Encoding, replaced: Int) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw .empty }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            if let s = bytes.withUnsafeBufferPointer({ String(checkingUTF8: UnsafeBufferPointer(rebasing: $0[3...])) }) { return (s, .utf8, 0) }
            guard let (s, replaced) = repairedUTF8(bytes.dropFirst(3)) else { throw .undecodable }
            return (s, .utf8, replaced)
        }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            guard let s = String(validating: units, as: UTF16.self) else { throw .undecodable }
            return (s, .utf16, 0)
        }
        if let kind = binaryKind(bytes) { throw .binary(kind: kind) }
        if let s = bytes.withUnsafeBufferPointer(String.init(checkingUTF8:)) { return (s, .utf8, 0) }
        // Damaged UTF-8 before GB18030, which would take it as other characters.
        if let (s, replaced) = repairedUTF8(bytes) { return (s, .utf8, replaced) }
        if let s = convertWithIconv(bytes, from: "GB18030") { return (s, .gb18030, 0) }
        throw .undecodable
    }

    /// Text that is UTF-8 but for a few damaged bytes — a file cut inside a character, a stray
    /// byte — with each damaged sequence replaced by U+FFFD, and how many were replaced; nil
    /// when the bytes are not that. At most one damaged sequence for each hundred characters
    /// beyond ASCII is taken for damage: GBK text read as UTF-8 breaks at nearly every character.
    public static func repairedUTF8(_ bytes: some Collection<UInt8>) -> (text: String, replaced: Int)? {
        let text = String(decoding: bytes, as: UTF8.self)
        var replaced = 0
        var wide = 0
        for u in text.unicodeScalars where u.value >= 0x80 {
            if u.value == 0xFFFD { replaced += 1 } else { wide += 1 }
        }
        guard replaced > 0, replaced * 100 <= wide else { return nil }
        return (text, replaced)
    }

    /// A name for well-known binary signatures, or for any input with NUL bytes near its start.
    static func binaryKind(_ bytes: [UInt8]) -> String? {
        for (magic, name) in binarySignatures where bytes.starts(with: magic) { return name }
        let hasNUL = bytes.withUnsafeBufferPointer { UTF8Search.contains(0, in: UnsafeBufferPointer(rebasing: $0.prefix(8192))) }
        return hasNUL ? "contains NUL bytes" : nil
    }

    static let binarySignatures: [([UInt8], String)] = [
        ([0x25, 0x50, 0x44, 0x46], "PDF"), ([0x50, 0x4B, 0x03, 0x04], "ZIP or DOCX"),
        ([0x89, 0x50, 0x4E, 0x47], "PNG"), ([0xFF, 0xD8, 0xFF], "JPEG"),
        ([0xD0, 0xCF, 0x11, 0xE0], "OLE (DOC/XLS)"), ([0x1F, 0x8B], "gzip"),
        ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"),
    ]

    static func convertWithIconv(_ bytes: [UInt8], from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 { return false }
                let written = outBuf.count - outLeft
                outBuf[written] = 0
                return true
            }
        }
        guard ok else { return nil }
        let utf8 = output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
    }
}
