import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiReading
import GongkaiTestSupport
import Testing

@testable import GongkaiDocuments

/// The rendered report as an office publishes it: table headers repeated on every page, headings
/// kept with what follows, page numbers, the 落款 once, a draft's mark on every page.
@Suite struct PublishedLayoutTests {
    func documentXML(_ docx: Data) throws -> (body: String, parts: [String]) {
        let zip = try ZipParts(Array(docx))
        let body = String(decoding: try #require(try zip.part(named: "word/document.xml")), as: UTF8.self)
        return (body, zip.entries.map(\.name))
    }

    func report(_ relative: String) throws -> Report {
        try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent(relative)))
    }

    @Test func tableHeadersRepeatAndHeadingsStayWithTheirText() throws {
        let (body, parts) = try documentXML(try ReportWriter(format: .docx).write(try report("text/pingtan-2023.html")))
        // Table 三's header rows (the 申请人情况 grid) carry tblHeader; data rows do not.
        let tables = body.components(separatedBy: "<w:tbl>").dropFirst()
        let table3 = try #require(tables.first { $0.contains("申请人情况") })
        let rows = table3.components(separatedBy: "<w:tr>").dropFirst()
        let headerRows = rows.prefix { $0.contains("<w:tblHeader/>") }
        #expect(headerRows.count >= 2)
        #expect(rows.dropFirst(headerRows.count).allSatisfy { !$0.contains("<w:tblHeader/>") })
        #expect(headerRows.allSatisfy { !$0.contains("本年新收") } && rows.dropFirst(headerRows.count).first?.contains("本年新收") == true)
        // Every heading keeps with what follows.
        for heading in SectionKind.allCases.map(\.standardHeading) {
            let at = try #require(body.range(of: heading))
            let paragraph = body[..<at.lowerBound].components(separatedBy: "<w:p>").last ?? ""
            #expect(paragraph.contains("<w:keepNext/>"), "\(heading)")
        }
        // Page numbers in a footer; no header without a draft.
        #expect(parts.contains("word/footer1.xml") && !parts.contains("word/header1.xml"))
        #expect(body.contains("<w:footerReference"))
    }

    @Test func theTitleBreaksBeforeTheReportsName() throws {
        let (body, _) = try documentXML(
            try ReportWriter(format: .docx, force: true).write(try report("text/shanghai-shizhengfu-bangongting-2019.html")))
        #expect(body.contains("2019年上海市人民政府办公厅</w:t></w:r><w:r>"), "\(body.prefix(1500))")
        #expect(body.contains("<w:br/><w:t xml:space=\"preserve\">政府信息公开工作年度报告</w:t>"))
    }

    @Test func aDraftIsMarkedOnEveryPage() throws {
        var broken = try report("seeds/003_47446167c9bccef8.txt")
        broken.cells["t3.total.total"]?.value = .number(ReportNumber(99))
        let (body, parts) = try documentXML(try ReportWriter(format: .docx, force: true).write(broken))
        #expect(parts.contains("word/header1.xml") && body.contains("<w:headerReference"))
        let header = String(
            decoding: try #require(try ZipParts(Array(try ReportWriter(format: .docx, force: true).write(broken))).part(named: "word/header1.xml")),
            as: UTF8.self)
        #expect(header.contains("【草稿】"))
    }

    @Test func renderingAgainAddsNoSecondSignature() throws {
        var report = try report("text/pingtan-2023.html")
        report.publicationDate = ReportDate(year: 2024, month: 3, day: 8)
        for format in [ReportWriter.Format.docx, .md] {
            var current = report
            for _ in 0..<3 {
                let data = try ReportWriter(format: format).write(current)
                current = try DocumentReader().read(bytes: Array(data))
            }
            let lines = current.lines.map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.filter { $0 == "平潭综合实验区管委会" }.count == 1, "\(format): \(lines.suffix(6))")
            #expect(lines.filter { $0 == "2024年3月8日" }.count == 1, "\(format): \(lines.suffix(6))")
        }
    }
}
