import GongkaiModel
import GongkaiTestSupport
import Testing

/// The one-pass UTF-8 check every text goes through (`UTF8Validation`) accepts exactly what the
/// standard library accepts: every one- and two-byte sequence, every three- and four-byte lead
/// with every second byte, each at every alignment of its loads and cut short at the end, and
/// real reports broken at random places.
@Suite struct UTF8ValidationTests {
    static func standard(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }
    static func ours(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(UTF8Validation.isValid) }

    /// `sequence` alone, after 0…8 ASCII bytes (so that it meets the eight-byte and four-byte
    /// loads at every offset), between Chinese characters (the two-character loads), and with
    /// its last byte cut off.
    static func contexts(of sequence: [UInt8]) -> [[UInt8]] {
        let han = Array("公开".utf8)
        var out: [[UInt8]] = (0...8).map { [UInt8](repeating: 0x41, count: $0) + sequence }
        out.append(han + sequence + han + han)
        out.append(han + han + sequence + Array("a".utf8))
        if !sequence.isEmpty { out.append(han + han + Array(sequence.dropLast())) }
        return out
    }

    @Test func agreesOnEveryShortSequence() {
        var disagreements: [[UInt8]] = []
        func compare(_ sequence: [UInt8]) {
            for bytes in Self.contexts(of: sequence) where Self.ours(bytes) != Self.standard(bytes) {
                disagreements.append(bytes)
            }
        }
        for a in 0...255 { compare([UInt8(a)]) }
        for a in 0...255 { for b in 0...255 { compare([UInt8(a), UInt8(b)]) } }
        // Three and four bytes: every lead from C0 with every second byte, then continuation,
        // ASCII or lead bytes after it.
        let tails: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF]
        for a in 0xC0...0xFF {
            for b in 0...255 {
                for c in tails {
                    compare([UInt8(a), UInt8(b), c])
                    if a >= 0xF0 {
                        compare([UInt8(a), UInt8(b), c, 0x80])
                        compare([UInt8(a), UInt8(b), 0x80, c])
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "first disagreements: \(disagreements.prefix(5))")
    }

    @Test func agreesOnBrokenReports() throws {
        let report = Array(try Fixtures.text("text/shuyang-xian-2025.txt").utf8)
        #expect(Self.ours(report))
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var bytes = Array(report.prefix(Int.random(in: 0...600, using: &random)))
            for _ in 0..<Int.random(in: 0...3, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            #expect(Self.ours(bytes) == Self.standard(bytes), "\(bytes)")
        }
    }

    @Test func stringsKnownValidEqualCheckedOnes() throws {
        let report = try Fixtures.text("text/shuyang-xian-2025.txt")
        let bytes = Array(report.utf8)
        #expect(bytes.withUnsafeBufferPointer(String.init(checkingUTF8:)) == report)
        #expect([0xE4, 0xB8].withUnsafeBufferPointer(String.init(checkingUTF8:)) == nil)
    }
}
