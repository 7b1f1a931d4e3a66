import Foundation
import GongkaiModel
import GongkaiReading
import GongkaiTestSupport
import Testing

@testable import GongkaiDocuments

/// Word files' zip containers read with every offset and size checked: damaged and hostile
/// containers are error values, never a trap, and a part that would expand past its limit is
/// refused before it is inflated.
@Suite struct ZipPartsTests {
    let features = "docx/word-features.docx"

    func bytes(_ relative: String) throws -> [UInt8] { try Fixtures.bytes(Fixtures.root.appendingPathComponent(relative)) }

    /// The offset of the central directory entry of `word/document.xml`.
    func directoryEntry(in bytes: [UInt8]) throws -> Int {
        let name = Array("word/document.xml".utf8)
        for offset in 0..<(bytes.count - 46 - name.count) where bytes[offset..<(offset + 4)] == [0x50, 0x4B, 0x01, 0x02] {
            if Array(bytes[(offset + 46)..<(offset + 46 + name.count)]) == name { return offset }
        }
        throw ReadError.damaged(kind: "test", reason: "no entry")
    }

    func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }

    func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try DocumentReader().read(bytes: bytes)
            return nil
        } catch {
            return error.description
        }
    }

    /// The damaged zips the fuzzer found (each trapped inside the zip library's in-memory file).
    @Test(arguments: ["docx-signal4-13-170.docx", "docx-signal4-13-267.docx", "docx-signal4-13-306.docx"])
    func fuzzedContainersAreErrors(_ name: String) throws {
        let text = try #require(message(bytes("fuzz-finds/" + name)))
        #expect(text.contains("DOCX"), "\(text)")
    }

    @Test func aPartThatWouldExpandTooFarIsRefusedFirst() throws {
        var zip = try bytes(features)
        // The central directory says document.xml expands to 4 GB.
        patch(&zip, at: try directoryEntry(in: zip) + 24, 0xFFF0_0000)
        let text = try #require(message(zip))
        #expect(text.contains("would expand to") && text.contains("refused"), "\(text)")
    }

    @Test func aPartThatExpandsPastItsStatedSizeIsDamage() throws {
        var zip = try bytes(features)
        patch(&zip, at: try directoryEntry(in: zip) + 24, 100)
        let text = try #require(message(zip))
        #expect(text.contains("expands past its stated size"), "\(text)")
    }

    /// Cut at every length and with bytes changed throughout: an error or a report, never a trap.
    @Test func damagedContainersNeverTrap() throws {
        let zip = try bytes(features)
        for length in stride(from: 0, to: zip.count, by: 37) {
            let cut = Array(zip.prefix(length))
            #expect(message(cut) != nil, "cut at \(length)")
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var mutant = zip
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                mutant[Int.random(in: 0..<mutant.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            _ = message(mutant)
        }
        // The sound file still reads.
        #expect(message(zip) == nil)
    }
}
