import Foundation
import GongkaiModel
import GongkaiReading
import GongkaiTestSupport
import Testing

/// Bad inputs get a clear error, never a crash.
@Suite struct BadInputTests {
    /// Rows printed with fewer values than columns (seed 004: six values and a trailing tab for
    /// seven columns) are reported and left unread, never read with a blank last cell.
    @Test func shortRowsAreLeftUnread() throws {
        let document = Fixtures.root.appendingPathComponent("seeds/004_3375cf5c5b31bb59.txt")
        let gold = try Fixtures.gold(for: document)
        let report = try ReportReader().read(bytes: Fixtures.bytes(document))
        let noted = Set(report.notes.filter { $0.kind == .shortRow }.flatMap(\.cells).map(\.rawValue))
        #expect(!gold.unscored.isEmpty)
        for id in gold.unscored {
            #expect(report.cells[CellID(rawValue: id)] == nil, "\(id) was read from a short row")
            #expect(noted.contains(id), "\(id) is not named by a short-row note")
        }
    }

    @Test func emptyInput() {
        #expect(throws: ReadError.empty) { try ReportReader().read(bytes: []) }
        #expect(throws: ReadError.empty) { try ReportReader().read(bytes: Array(" \n\t\n".utf8)) }
    }

    @Test func binaryInput() {
        #expect(throws: ReadError.binary(kind: "PDF")) { try ReportReader().read(bytes: Array("%PDF-1.7\n%âãÏÓ".utf8)) }
        #expect(throws: ReadError.binary(kind: "ZIP or DOCX")) { try ReportReader().read(bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2]) }
        let noise = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
        #expect(throws: ReadError.self) { try ReportReader().read(bytes: noise) }
    }

    @Test func textThatIsNotAReport() {
        let text = "今天天气很好。\n我们去公园散步，看到很多人在跑步。\n一、二、三，数到十。\n"
        #expect(throws: ReadError.notAReport) { try ReportReader().read(text: text) }
    }

    @Test func gbkInputReadsLikeUTF8() throws {
        let url = Fixtures.root.appendingPathComponent("seeds/003_47446167c9bccef8.txt")
        let gbk = try #require(String(contentsOf: url, encoding: .utf8).data(using: String.Encoding(rawValue: 0x80000632)))  // GB18030
        let fromGBK = try ReportReader().read(bytes: Array(gbk))
        let fromUTF8 = try ReportReader().read(bytes: Fixtures.bytes(url))
        #expect(fromGBK.cells.count == fromUTF8.cells.count)
        #expect(fromGBK.cells.mapValues(\.value) == fromUTF8.cells.mapValues(\.value))
        #expect(fromGBK.agency == "嘉祥县人民政府办公室")
    }

    @Test func utf8WithBOM() throws {
        let bytes = try [0xEF, 0xBB, 0xBF] + Fixtures.bytes(Fixtures.root.appendingPathComponent("seeds/001_9faf02cabaa37c2a.txt"))
        let report = try ReportReader().read(bytes: bytes)
        #expect(report.year == 2020)
        #expect(report.cells["t2.procurement.amount"]?.value == .number(ReportNumber(units: 2264, scale: 2)))
    }

    /// A UTF-8 file damaged in a few places — cut inside its last character, a stray byte in a
    /// cell — is read as UTF-8 with each damaged sequence as U+FFFD and a note at the first,
    /// not taken for GB18030 (which would read it as other characters) or refused.
    @Test func damagedUTF8IsReadWithANote() throws {
        let url = Fixtures.root.appendingPathComponent("seeds/003_47446167c9bccef8.txt")
        let bytes = try Fixtures.bytes(url)
        let intact = try ReportReader().read(bytes: bytes)
        #expect(intact.notes.allSatisfy { $0.kind != .damagedText })

        // Cut inside the last Chinese character.
        let last = try #require(bytes.lastIndex { $0 >= 0xE0 && $0 < 0xF0 })
        let cut = try ReportReader().read(bytes: Array(bytes[...last]))
        #expect(cut.cells.mapValues(\.value) == intact.cells.mapValues(\.value))
        #expect(cut.notes.first?.kind == .damagedText)

        // A stray byte glued to a value: that cell is not read as a number, the others are.
        let text = try String(contentsOf: url, encoding: .utf8)
        let row = try #require(text.range(of: "（一）予以公开"))
        let offset = text.utf8.distance(from: text.startIndex, to: row.lowerBound)
        let stray = Array(bytes[..<offset]) + [0xFF] + Array(bytes[offset...])
        let damaged = try ReportReader().read(bytes: stray)
        let note = try #require(damaged.notes.first)
        #expect(note.kind == .damagedText)
        #expect(note.message.contains("1处"))
        // The note stands at the replacement character (after the row's leading tab).
        let line = String(damaged.lines[try #require(note.span).line - 1])
        #expect(line.contains("\u{FFFD}（一）予以公开"))
        #expect(line.unicodeScalars.dropFirst((note.span?.column ?? 1) - 1).first == "\u{FFFD}")
        #expect(damaged.agency == intact.agency)
        #expect(damaged.cells["t2.rules.issued"]?.value == intact.cells["t2.rules.issued"]?.value)
    }

    /// GBK text is far from UTF-8 (it breaks at nearly every character) and is never taken for
    /// damaged UTF-8.
    @Test func gbkIsNotTakenForDamagedUTF8() throws {
        let url = Fixtures.root.appendingPathComponent("seeds/003_47446167c9bccef8.txt")
        let gbk = try #require(String(contentsOf: url, encoding: .utf8).data(using: String.Encoding(rawValue: 0x80000632)))
        #expect(TextDecoding.repairedUTF8(Array(gbk)) == nil)
        #expect(try TextDecoding.decode(Array(gbk)).encoding == .gb18030)
    }

    @Test func tableCutInHalfLeavesTheRestAbsent() throws {
        let text = try Fixtures.text("seeds/003_47446167c9bccef8.txt")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.firstIndex { $0.contains("（四）无法提供") }!
        let report = try ReportReader().read(text: lines[..<cut].joined(separator: "\n"))
        #expect(report.cells["t3.denied.query_matter.total"]?.value == .number(.zero))
        #expect(report.cells["t3.unavailable.not_held.total"] == nil)
        #expect(report.cells["t4.review.total"] == nil)
        #expect(report.missingRows[.t3]?.contains("total") == true)
    }
}
