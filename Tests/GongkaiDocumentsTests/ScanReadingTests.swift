import Foundation
import GongkaiModel
import GongkaiReading
import GongkaiRendering
import GongkaiTestSupport
import Testing

@testable import GongkaiDocuments

/// Scans (PDFs without a text layer, page images) read by OCR, and PDF tables rebuilt from the
/// positions of their words. The scans are pages of hongze-qu-2023.pdf rendered to images
/// (Scripts/make-scan-fixtures.sh), scored against that PDF's gold file.
@Suite struct ScanReadingTests {
    static let original = Fixtures.root.appendingPathComponent("pdf/hongze-qu-2023.pdf")
    static let hasOCR = ExternalPrograms.environment.find("tesseract") != nil

    /// How the table-三 cells of a scan compare with the gold file.
    struct Score {
        var right = 0
        var wrong: [String] = []
        var absent = 0
    }

    static func scoreTable3(_ report: Report, rows: Set<String>? = nil) throws -> Score {
        let gold = try Fixtures.gold(for: original)
        var score = Score()
        for (id, expected) in gold.cells where id.hasPrefix("t3.") {
            let cellID = CellID(rawValue: id)
            if let rows, !rows.contains(String(cellID.row)) { continue }
            guard let cell = report.cells[cellID] else {
                score.absent += 1
                continue
            }
            if ExpectedCells.valueText(of: cell) == expected { score.right += 1 } else { score.wrong.append(id) }
        }
        return score
    }

    /// Reads a scan fixture, told by its content as `kind`; the report must be marked as read by OCR.
    static func readScan(_ relative: String, kind: SourceKind) throws -> Report {
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent(relative))
        #expect(DocumentReader.kind(of: bytes) == kind)
        let report = try DocumentReader().read(bytes: bytes)
        #expect(report.source == .ocr)
        return report
    }

    @Test(.enabled(if: hasOCR, "tesseract is not installed"))
    func scannedPDFIsReadByOCR() throws {
        let report = try Self.readScan("scan/hongze-qu-2023-pages-3-4.pdf", kind: .pdf)
        #expect(report.format == .v2021)
        // Every cell read from a word carries the word's OCR confidence and page.
        let read = report.cells.values.filter { !$0.raw.isEmpty }
        #expect(read.count > 100)
        for cell in read {
            #expect(cell.origin?.confidence != nil, "\(cell.id) has no confidence")
            #expect([1, 2].contains(cell.origin?.page), "\(cell.id) has no page")
        }
        // Table 三 (161 cells): most read exactly, few misread; the rest left unread, not guessed.
        let score = try Self.scoreTable3(report)
        #expect(score.right >= 140, "right \(score.right), wrong \(score.wrong), absent \(score.absent)")
        #expect(score.wrong.count <= 8, "misread: \(score.wrong)")
    }

    @Test(.enabled(if: hasOCR, "tesseract is not installed"))
    func pageImageIsReadByOCR() throws {
        let report = try Self.readScan("scan/hongze-qu-2023-page-3.png", kind: .ocr)
        // Page 3 holds table 三 down to 2.没有现成信息需要另行制作.
        let rows: Set<String> = [
            "new", "carried_in", "granted", "partial", "denied.state_secret", "denied.prohibited_by_law",
            "denied.three_security", "denied.third_party", "denied.internal_affairs", "denied.process_info",
            "denied.enforcement_file", "denied.query_matter", "unavailable.needs_creation",
        ]
        let score = try Self.scoreTable3(report, rows: rows)
        #expect(score.right >= 75, "right \(score.right), wrong \(score.wrong), absent \(score.absent)")
        #expect(score.wrong.count <= 5, "misread: \(score.wrong)")
    }

    /// Without tesseract a scan is a clear error that says what to install.
    @Test func scanWithoutOCRIsAClearError() throws {
        let scan = try Fixtures.bytes(Fixtures.root.appendingPathComponent("scan/hongze-qu-2023-pages-3-4.pdf"))
        // A search path with poppler but without tesseract.
        let dir = try Self.linkDirectory(["pdftotext", "pdftoppm"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let programs = ExternalPrograms(searchPath: [dir])
        #expect(throws: ReadError.self) { try DocumentReader(programs: programs).read(bytes: scan) }
        do {
            _ = try DocumentReader(programs: programs).read(bytes: scan)
        } catch {
            #expect(error.description.contains("no text layer"))
            #expect(error.description.contains("tesseract-ocr-chi-sim"))
        }
        let image = try Fixtures.bytes(Fixtures.root.appendingPathComponent("scan/hongze-qu-2023-page-3.png"))
        #expect(throws: ReadError.self) { try DocumentReader(programs: programs).read(bytes: image) }
    }

    /// A directory holding links to the named programs only.
    static func linkDirectory(_ names: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in names {
            guard let path = ExternalPrograms.environment.find(name) else { continue }
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path, withDestinationPath: path)
        }
        return dir.path
    }

    @Test func passwordProtectedPDFIsAClearError() throws {
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("pdf-broken/password.pdf"))
        #expect(throws: ReadError.encrypted(kind: "PDF")) { try DocumentReader().read(bytes: bytes) }
    }

    @Test func missingPopplerIsAClearError() throws {
        let bytes = try Fixtures.bytes(Self.original)
        #expect(throws: ReadError.missingTool(tool: "pdftotext", package: "poppler-utils")) {
            try DocumentReader(programs: ExternalPrograms(searchPath: [])).read(bytes: bytes)
        }
    }

    /// A value missing from a PDF table row leaves its own cell blank; the values beside it stay
    /// in their columns. The word boxes are poppler's for the real page; one word is taken out.
    @Test func emptyCellKeepsItsColumn() throws {
        let pages = try PDFLayout.words(of: Self.original, programs: .environment)
        // The 一、本年新收 row of table 三 on page 3: 21 0 0 0 0 0 21. Take out its third value.
        var edited = pages
        let page = 2
        let rowWords = edited[page].words.filter { w in
            edited[page].words.contains { $0.text.hasPrefix("一、本年新收") && abs($0.midY - w.midY) < 3 }
        }
        let values = rowWords.filter { RowLabel.isValue($0.text) }.sorted { $0.minX < $1.minX }
        try #require(values.map(\.text) == ["21", "0", "0", "0", "0", "0", "21"])
        let removed = values[2]
        edited[page].words.removeAll { $0.minX == removed.minX && $0.minY == removed.minY }
        let report = try ReportReader().read(laidOut: WordGrid.layOut(edited, source: .pdf))
        #expect(report.cells["t3.new.natural"]?.value == .number(ReportNumber(parsing: "21")!))
        #expect(report.cells["t3.new.commercial"]?.value == .number(ReportNumber(parsing: "0")!))
        #expect(report.cells["t3.new.research"]?.value == .blank)
        #expect(report.cells["t3.new.public_interest"]?.value == .number(ReportNumber(parsing: "0")!))
        #expect(report.cells["t3.new.total"]?.value == .number(ReportNumber(parsing: "21")!))
    }
}
