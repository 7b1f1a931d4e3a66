import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel
import GongkaiReading
import GongkaiRendering
import GongkaiTestSupport
import Testing

/// Saved web pages, PDFs and Word files of the corpus read through their structure, cell by cell.
@Suite struct DocumentReadingTests {
    /// Documents that read exactly as their gold files.
    static let exact = [
        "text/pingtan-2019.html", "text/pingtan-2021.html", "text/pingtan-2023.html",
        "text/shanghai-shizhengfu-bangongting-2019.html", "docx/national-template-2021.docx",
        "pdf/hongze-qu-2023.pdf", "pdf/hongze-qu-2024.pdf", "pdf/huaian-shi-2024.pdf",
    ]

    @Test(arguments: exact)
    func readsAsGold(_ relative: String) throws {
        let document = Fixtures.root.appendingPathComponent(relative)
        let gold = try Fixtures.gold(for: document)
        let report = try DocumentReader().read(bytes: Fixtures.bytes(document))
        #expect(report.format?.rawValue == gold.format)
        #expect(report.year == gold.year)
        #expect(report.agency == gold.agency)
        for (id, expected) in gold.cells where !gold.unscored.contains(id) {
            #expect(ExpectedCells.valueText(of: report.cells[CellID(rawValue: id)]) == expected, "\(relative): \(id)")
        }
        for id in report.cells.keys {
            #expect(gold.cells[id.rawValue] != nil, "\(relative): \(id) is not in the source")
        }
        // The hard findings are exactly the report's own violations.
        let errors = Checker().check(report).filter { $0.severity == .error && ($0.rule.hasPrefix("T3") || $0.rule.hasPrefix("T4")) }.map(\.rule)
        #expect(Set(errors) == Set(gold.violations), "\(relative)")
    }

    @Test func kindIsToldByContent() throws {
        let root = Fixtures.root
        #expect(DocumentReader.kind(of: try Fixtures.bytes(root.appendingPathComponent("pdf/hongze-qu-2023.pdf"))) == .pdf)
        #expect(DocumentReader.kind(of: try Fixtures.bytes(root.appendingPathComponent("docx/national-template-2021.docx"))) == .docx)
        #expect(DocumentReader.kind(of: try Fixtures.bytes(root.appendingPathComponent("text/pingtan-2021.html"))) == .html)
        #expect(DocumentReader.kind(of: try Fixtures.bytes(root.appendingPathComponent("seeds/000_6de6154464c6e6c2.txt"))) == .text)
        // A page saved with a BOM and white space (ideographic space included) before its markup
        // is a page; text whose first character is not `<` is text, whatever markup follows.
        let page = try Fixtures.bytes(root.appendingPathComponent("text/pingtan-2021.html"))
        #expect(DocumentReader.kind(of: [0xEF, 0xBB, 0xBF, 0xE3, 0x80, 0x80, 0x20, 0x0A] + page) == .html)
        #expect(DocumentReader.kind(of: Array("２０２１年报告\n".utf8) + page) == .text)
        #expect(DocumentReader.kind(of: Array("\u{3000}说明".utf8) + page) == .text)
    }

    @Test func cellsCarryTheirOrigin() throws {
        let html = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent("text/pingtan-2023.html")))
        let cell = try #require(html.cells["t3.new.total"])
        let origin = try #require(cell.origin)
        #expect(origin.path.hasPrefix("/html[1]/body[1]/") && origin.path.hasSuffix("]") && origin.path.contains("/td["))
        #expect((origin.sourceLine ?? 0) > 1)
        // The row's number counts only its `tr` siblings; the cell's, only its `td` siblings.
        let issued = try #require(html.cells["t2.rules.issued"]?.origin)
        #expect(issued.path == "/html[1]/body[1]/div[3]/table[1]/tbody[1]/tr[3]/td[2]")
        #expect(issued.sourceLine == 30)
        #expect(issued == SourceOrigin(path: "/html[1]/body[1]/div[3]/table[1]/tbody[1]/tr[3]/td[2]", sourceLine: 30))
        #expect(html.source == .html)
        let pdf = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent("pdf/huaian-shi-2024.pdf")))
        #expect(pdf.cells["t4.review.total"]?.origin?.page != nil)
    }

    /// The blank national template reads as a 2021 report whose every cell is blank (table 四's
    /// value row has no label and no values: fifteen empty cells).
    @Test func nationalTemplateReadsBlank() throws {
        let report = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent("docx/national-template-2021.docx")))
        #expect(report.format == .v2021)
        #expect(report.source == .docx)
        for id in ReportTemplate.v2021.cellIDs { #expect(report.cells[id]?.value == .blank, "\(id)") }
        #expect(report.tablesFound == [.t2, .t3, .t4])
    }

    /// What Word writes lays out as Word shows it (`Scripts/make-docx-features-fixture.py`):
    /// split runs joined, a field's result without its instruction, a tracked insertion without
    /// the deletion, a text box once (not its fallback copy) after its anchoring paragraph,
    /// content controls and custom XML opened, a continued vertical merge left out, a nested
    /// table after its row, CDATA as text, blank cells kept.
    @Test func wordFeaturesLayOutAsWordShowsThem() throws {
        let report = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent("docx/word-features.docx")))
        #expect(report.source == .docx)
        let lines = (0..<report.lines.count).map { String(report.lines[$0]) }
        #expect(
            lines == [
                "某某县人民政府2023年政府信息公开工作年度报告", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "一、总体情况",
                "正文 带制表 换行&实体一", "3插入的", "链接文字智能-连字", "锚点段落", "文本框里的段落", "框内表\t9", "内容控件段落",
                "自定义XML段落", "项目\t数量", "甲\t子一\t5", "子二\t6", "子三\t7", "嵌套\tx<y\t", "内一\t1", "\t\tabc", "x=1",
            ])
    }

    @Test func malformedWordXMLIsAClearError() throws {
        // A sound zip whose document.xml is cut short: libxml2's complaint becomes an error
        // value naming the part, and nothing is printed.
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("docx/word-malformed.docx"))
        #expect(DocumentReader.kind(of: bytes) == .docx)
        #expect {
            _ = try DocumentReader().read(bytes: bytes)
        } throws: { error in
            guard case .damaged(let kind, let reason)? = error as? ReadError else { return false }
            return kind == "DOCX" && reason.contains("word/document.xml is not well-formed XML")
        }
    }

    @Test func truncatedDOCXIsAClearError() throws {
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("docx/national-template-2021.docx"))
        #expect {
            _ = try DocumentReader().read(bytes: Array(bytes.prefix(bytes.count / 2)))
        } throws: { error in
            guard case .damaged(let kind, _)? = error as? ReadError else { return false }
            return kind == "DOCX"
        }
    }

    @Test func truncatedPDFIsAClearError() throws {
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("pdf/hongze-qu-2023.pdf"))
        #expect(throws: ReadError.self) { _ = try DocumentReader().read(bytes: Array(bytes.prefix(2000))) }
    }

    @Test func pageWithoutAReportIsAClearError() {
        let page =
            "<!DOCTYPE html><html><head><title>首页</title><script>var a = 1;</script></head><body><div>欢迎访问本网站</div><table><tr><td>通知公告</td></tr></table></body></html>"
        #expect(throws: ReadError.notAReport) { _ = try DocumentReader().read(bytes: Array(page.utf8)) }
    }

    /// The same page with its content inside a layout table, a comment and a script inside its
    /// cells, and a `<br>` splitting a header reads the same cells: a table whose cells hold
    /// tables is walked as blocks, and a cell's text is its text alone.
    @Test func pageMarkupAroundTheCellsChangesNothing() throws {
        let url = Fixtures.root.appendingPathComponent("text/pingtan-2023.html")
        let page = try String(contentsOf: url, encoding: .utf8)
        let wrapped =
            page
            .replacingOccurrences(of: "<body>", with: "<body><table class=\"layout\"><tr><td>")
            .replacingOccurrences(of: "</body>", with: "</td></tr></table></body>")
            .replacingOccurrences(of: "<td>77</td>", with: "<td><!-- 制发 -->7<span>7</span><script>document.write('9')</script></td>")
            .replacingOccurrences(of: "<td>本年制发件数</td>", with: "<td>本年<br>制发件数</td>")
        #expect(wrapped != page)
        let a = try DocumentReader().read(bytes: Array(page.utf8))
        let b = try DocumentReader().read(bytes: Array(wrapped.utf8))
        #expect(b.cells["t2.normative_docs.issued"]?.value == .number(ReportNumber(77)))
        #expect(a.cells.mapValues(\.value) == b.cells.mapValues(\.value))
        #expect(b.cells["t2.rules.issued"]?.origin?.path.hasPrefix("/html[1]/body[1]/table[1]/tr[1]/td[1]/") == true)
    }

    @Test func gbkPageReadsLikeUTF8() throws {
        let url = Fixtures.root.appendingPathComponent("text/pingtan-2023.html")
        let utf8 = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "charset=\"utf-8\"", with: "charset=\"gbk\"")
            .replacingOccurrences(of: "charset=utf-8", with: "charset=gbk")
        let gbk = try #require(utf8.data(using: String.Encoding(rawValue: 0x80000632)))  // GB18030
        let a = try DocumentReader().read(bytes: Array(try Data(contentsOf: url)))
        let b = try DocumentReader().read(bytes: Array(gbk))
        #expect(a.cells.mapValues(\.value) == b.cells.mapValues(\.value))
        #expect(a.agency == b.agency)
    }

    /// A UTF-8 page with a stray byte before its first paragraph is read whole, the byte as
    /// U+FFFD and noted; libxml2 alone reads the rest of such a page as Latin-1.
    @Test func damagedUTF8PageIsReadWithANote() throws {
        let url = Fixtures.root.appendingPathComponent("text/pingtan-2023.html")
        let page = Array(try Data(contentsOf: url))
        let paragraph = try #require(page.indices.first { page[$0...].starts(with: Array("<p>".utf8)) })
        let damaged = Array(page[..<(paragraph + 3)]) + [0xFF, 0xFE] + Array(page[(paragraph + 3)...])
        let a = try DocumentReader().read(bytes: page)
        let b = try DocumentReader().read(bytes: damaged)
        #expect(b.cells.count > 100)
        #expect(a.cells.mapValues(\.value) == b.cells.mapValues(\.value))
        #expect(b.notes.first?.kind == .damagedText)
        #expect(a.notes.allSatisfy { $0.kind != .damagedText })
    }

    /// A UTF-8 byte order mark says the charset before the page's `<meta>` can: a page saved
    /// as UTF-8 with a BOM that still declares GBK reads as UTF-8, at the same source lines.
    @Test func byteOrderMarkWinsOverMetaCharset() throws {
        let url = Fixtures.root.appendingPathComponent("text/pingtan-2023.html")
        let page = try Data(contentsOf: url)
        let declaringGBK = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "charset=\"utf-8\"", with: "charset=\"gbk\"")
        #expect(declaringGBK.contains("charset=\"gbk\""))
        let a = try DocumentReader().read(bytes: Array(page))
        let b = try DocumentReader().read(bytes: [0xEF, 0xBB, 0xBF] + Array(declaringGBK.utf8))
        #expect(b.cells.count > 100)
        #expect(a.cells.mapValues(\.value) == b.cells.mapValues(\.value))
        #expect(a.cells.mapValues(\.origin) == b.cells.mapValues(\.origin))
        #expect(a.agency == b.agency)
    }
}
