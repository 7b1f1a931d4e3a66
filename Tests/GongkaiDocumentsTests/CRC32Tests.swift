import Foundation
import GongkaiReading
import GongkaiTestSupport
import Testing

@testable import GongkaiDocuments

/// The CRC-32 a Word file's document part is checked with: the standard check value, a plain
/// bit-by-bit CRC on bytes of every length up to a few hundred at every alignment, and a zip
/// whose recorded CRC-32 is wrong.
@Suite struct CRC32Tests {
    /// The CRC-32 computed a bit at a time.
    static func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    @Test func agreesWithTheBitwiseCRC() {
        #expect(Array("123456789".utf8).withUnsafeBytes(CRC32.checksum) == 0xCBF4_3926)
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<400).map { _ in UInt8.random(in: 0...255, using: &random) }
        for start in 0..<8 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                let part = Array(bytes[start..<end])
                #expect(part.withUnsafeBytes(CRC32.checksum) == Self.bitwise(part), "\(start)..<\(end)")
            }
        }
    }

    /// The national template with the CRC-32 its zip records for `word/document.xml` changed:
    /// the part inflates, and the check refuses it.
    @Test func wrongChecksumIsAClearError() throws {
        var bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("docx/national-template-2021.docx"))
        let name = Array("word/document.xml".utf8)
        var changed = 0
        // Local headers (PK 3 4: CRC at 14, name at 30) and central headers (PK 1 2: CRC at 16, name at 46).
        for (signature, crcOffset, nameOffset) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 14, 30), ([0x50, 0x4B, 0x01, 0x02], 16, 46)] {
            for i in 0..<(bytes.count - nameOffset - name.count) where bytes[i..<(i + 4)].elementsEqual(signature) {
                guard bytes[(i + nameOffset)..<(i + nameOffset + name.count)].elementsEqual(name) else { continue }
                bytes[i + crcOffset] ^= 0xFF
                changed += 1
            }
        }
        #expect(changed == 2)
        #expect {
            _ = try DocumentReader().read(bytes: bytes)
        } throws: { error in
            guard case .damaged(let kind, let reason)? = error as? ReadError else { return false }
            return kind == "DOCX" && reason.contains("CRC-32")
        }
    }
}
