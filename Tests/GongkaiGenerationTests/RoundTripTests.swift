import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiGeneration
import GongkaiModel
import GongkaiReading
import GongkaiRecords
import GongkaiRendering
import GongkaiTestSupport
import Testing

/// Random reports that satisfy the hard rules: zeros, large numbers, amounts with decimals,
/// blank cells, and long section texts with punctuation.
enum RandomReport {
    static let phrases = [
        "本机关坚持以公开为常态、不公开为例外", "全年主动公开政府信息共计若干条", "依法依规办理依申请公开事项",
        "进一步规范政府信息公开目录（含“五公开”要求）", "加强政府网站和政务新媒体建设；", "强化监督考核：",
        "做到应公开尽公开", "答复质量有待提高！", "下一步将加强培训，提升业务水平", "信息处理费收取情况：未收取",
    ]

    static func text(_ g: inout SplitMix64, paragraphs: Int) -> String {
        (0..<paragraphs).map { _ in
            (0..<Int.random(in: 2...6, using: &g)).map { _ in phrases.randomElement(using: &g)! }.joined(separator: "，") + "。"
        }.joined(separator: "\n")
    }

    static func count(_ g: inout SplitMix64) -> Int {
        switch Int.random(in: 0..<10, using: &g) {
        case 0..<3: 0
        case 3..<8: Int.random(in: 1...99, using: &g)
        default: Int.random(in: 100...999_999, using: &g)
        }
    }

    static func make(_ format: ReportFormat, seed: UInt64) -> Report {
        var g = SplitMix64(state: seed)
        var report = Report(format: format, year: format == .v2021 ? 2025 : 2020, agency: "某某县人民政府")
        report.title = "某某县人民政府\(report.year!)年政府信息公开工作年度报告"
        report.sections = SectionKind.allCases.map { kind in
            let text = [.overview, .problems, .otherMatters].contains(kind) ? Self.text(&g, paragraphs: Int.random(in: 1...4, using: &g)) : ""
            return Section(
                kind: kind, heading: kind.standardHeading, headingSpan: SourceSpan(line: 0, column: 0, endColumn: 0), text: text, lines: 0...0)
        }
        var values: [CellID: CellValue] = [:]
        let template = ReportTemplate.of(format)
        for row in template.table2 {
            for id in row.cellIDs {
                if template.kind(of: id) == .amount {
                    values[id] = .number(ReportNumber(parsing: "\(Int.random(in: 0...5000, using: &g)).\(Int.random(in: 10...99, using: &g))")!)
                } else if template.kind(of: id) == .signedCount {
                    values[id] = .number(ReportNumber(Int.random(in: -50...50, using: &g)))
                } else {
                    values[id] = .number(ReportNumber(count(&g)))
                }
            }
        }
        let outcomeKeys = template.table3.map(\.key).filter { !["new", "carried_in", "total", "carried_out"].contains($0) }
        let columns = ReportTemplate.applicantColumns.map(\.key).dropLast()
        var rowTotals: [String: Int] = [:]
        for c in columns {
            var total = 0
            for key in outcomeKeys {
                let v = Int.random(in: 0..<4, using: &g) == 0 ? count(&g) : 0
                values[CellID("t3", key, c)] = .number(ReportNumber(v))
                rowTotals[key, default: 0] += v
                total += v
            }
            let out = count(&g)
            let carriedIn = Int.random(in: 0...(total + out), using: &g)
            let column: [(String, Int)] = [("total", total), ("carried_out", out), ("carried_in", carriedIn), ("new", total + out - carriedIn)]
            for (key, v) in column {
                values[CellID("t3", key, c)] = .number(ReportNumber(v))
                rowTotals[key, default: 0] += v
            }
        }
        for (key, v) in rowTotals { values[CellID("t3", key, "total")] = .number(ReportNumber(v)) }
        for (group, _) in ReportTemplate.table4Groups {
            let parts = (0..<4).map { _ in count(&g) }
            for (k, column) in ReportTemplate.table4Columns.enumerated() {
                values[CellID("t4", group, column.key)] = .number(ReportNumber(k < 4 ? parts[k] : parts.reduce(0, +)))
            }
        }
        // Some zeros printed as blank cells (they count as 0).
        // (In id order: a dictionary's order changes from run to run, the report must not.)
        for id in values.keys.sorted(by: { $0.rawValue < $1.rawValue })
        where values[id] == .number(.zero) && Int.random(in: 0..<5, using: &g) == 0 { values[id] = .blank }
        for (id, value) in values {
            report.cells[id] = Cell(id: id, value: value, raw: ReportInput.text(of: value), span: nil)
        }
        report.tablesFound = Set(TableID.allCases)
        return report
    }
}

func paragraphs(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}")) }.filter { !$0.isEmpty }
}

/// A section's words: white space, form feeds and page numbers (`-5-`) left out.
func prose(_ text: String) -> String {
    text.split(separator: "\n").filter { !ValueText.isPageMarker($0) }.joined()
        .unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\u{0C}" }.map(String.init).joined()
}

func valueTexts(_ report: Report) -> [String: String] {
    var out: [String: String] = [:]
    for id in report.templateCellIDs { out[id.rawValue] = ExpectedCells.valueText(of: report.cells[id]) ?? "absent" }
    return out
}

@Suite struct RoundTripTests {
    /// Markdown is written and read (see the fill-in test) but not yet round-tripped: table 四 in
    /// its pipe form does not always read back (issue 4 note).
    static let fastFormats: [ReportWriter.Format] = [.html, .docx, .md]

    /// 2021 only for now: 2019-format reports with random values lose table 四 on the way back
    /// (issue 4 note); the 2019 fill-in document round-trips (test below).
    @Test(arguments: [ReportFormat.v2019, .v2021])
    func randomValidReportsReadBackIdentical(format: ReportFormat) throws {
        for seed in UInt64(1)...40 {
            let report = RandomReport.make(format, seed: seed &* 7919 &+ (format == .v2019 ? 0 : 100_000))
            #expect(Checker().check(report).filter { $0.severity == .error }.isEmpty, "seed \(seed) is not valid")
            for output in Self.fastFormats {
                let data = try ReportWriter(format: output).write(report)
                let back = try DocumentReader().read(bytes: Array(data))
                #expect(back.format == format, "\(output) seed \(seed)")
                #expect(back.year == report.year && back.agency == report.agency, "\(output) seed \(seed)")
                let expected = valueTexts(report)
                let read = valueTexts(back)
                let wrong = expected.keys.filter { expected[$0] != read[$0] }.sorted()
                #expect(wrong.isEmpty, "\(output) seed \(seed): \(wrong.prefix(5).map { "\($0) \(expected[$0]!) → \(read[$0]!)" })")
                for kind in [SectionKind.overview, .problems] {
                    #expect(
                        paragraphs(back.section(kind)?.text ?? "") == paragraphs(report.section(kind)!.text), "\(output) seed \(seed) section \(kind)"
                    )
                }
                // Section 六 reads back followed by the signature.
                #expect(paragraphs(back.section(.otherMatters)?.text ?? "") == paragraphs(report.section(.otherMatters)!.text) + ["某某县人民政府"])
            }
        }
    }

    /// Every corpus document with expected cells (the broken-on-purpose ones aside), in the
    /// first form the corpus has it in.
    static let corpusDocuments: [String] = {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: Fixtures.root.path)) ?? []
        return paths.sorted().filter { $0.hasSuffix(".cells.json") && !$0.contains("broken") }.compactMap { path in
            let base = String(path.dropLast(".cells.json".count))
            return ["txt", "md", "html", "docx", "pdf"].map { "\(base).\($0)" }
                .first { FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent($0).path) }
        }
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.corpusDocuments.count >= 15)
    }

    /// parse → JSON → render → read, the path a corrected report takes, in every output format.
    @Test(arguments: corpusDocuments)
    func corpusReportRendersAndReadsBackWithTheSameCells(_ relative: String) throws {
        let report = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent(relative)))
        let input = try ReportInput.read(json: Data(ReportDocument.render(report).utf8))
        for output in Self.fastFormats + [.pdf] {
            let data = try ReportWriter(format: output, force: true).write(input)
            let back = try DocumentReader().read(bytes: Array(data))
            let expected = valueTexts(input)
            let read = valueTexts(back)
            // A cell the source left out prints as an empty cell and reads back blank; an empty
            // cell leaves no word on a PDF page and reads back absent.
            let wrong = expected.keys.filter { id in
                expected[id] != read[id] && !(expected[id] == "absent" && read[id] == "null")
                    && !(output == .pdf && expected[id] == "null" && read[id] == "absent")
            }.sorted()
            #expect(wrong.isEmpty, "\(relative) → \(output): \(wrong.prefix(5).map { "\($0) \(expected[$0]!) → \(read[$0]!)" })")
            #expect(back.format == report.format && back.year == report.year, "\(relative) → \(output)")
            // The prose comes back whole; lines wrapped by a PDF page come back joined.
            for kind in [SectionKind.overview, .problems] {
                #expect(
                    prose(back.section(kind)?.text ?? "") == prose(input.section(kind)?.text ?? ""),
                    "\(relative) → \(output) section \(kind)")
            }
        }
    }

    @Test func linesWrappedByAPDFPageAreJoinedIntoParagraphs() throws {
        let report = try DocumentReader().read(bytes: Fixtures.bytes(Fixtures.root.appendingPathComponent("pdf/hongze-qu-2023.pdf")))
        let markdown = String(decoding: try ReportWriter(format: .md, force: true).write(report), as: UTF8.self)
        let overview = markdown.components(separatedBy: "## 一、总体情况")[1].components(separatedBy: "## 二")[0]
        let paragraphs = overview.split(separator: "\n").filter { !$0.isEmpty }
        #expect(paragraphs.count == 7)
        #expect(paragraphs.first?.hasPrefix("2023年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导") == true)
        #expect(paragraphs.first?.hasSuffix("健康发展。") == true)
        #expect(paragraphs.contains("（三）政府信息管理情况。"))
        #expect(paragraphs.contains { $0.hasSuffix("申请21件，均在法定期限答复。") })
        #expect(!markdown.contains("-1-") && !markdown.contains("\u{0C}"))
        #expect(markdown.hasPrefix("# 洪泽区人民政府2023年政府信息公开工作年度报告"))
    }

    @Test func aReportThatBreaksHardRulesIsRefusedUnlessForcedAndThenMarked() throws {
        var report = RandomReport.make(.v2021, seed: 42)
        report.cells["t3.total.total"]?.value = .number(ReportNumber(999_999_999))
        #expect(throws: RenderError.self) { try ReportWriter(format: .html).write(report) }
        do {
            _ = try ReportWriter(format: .md).write(report)
            Issue.record("a report breaking T3 rules was written")
        } catch {
            guard case .findings(let lines) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(lines.contains { $0.contains("T3-2:total") || $0.contains("T3-3:total") })
        }
        for output in Self.fastFormats {
            let data = try ReportWriter(format: output, force: true).write(report)
            let back = try DocumentReader().read(bytes: Array(data))
            #expect(back.lines.contains { $0.contains("【草稿】") }, "\(output) carries no draft mark")
            #expect(back.cells["t3.total.total"]?.value == .number(ReportNumber(999_999_999)))
        }
    }

    @Test(arguments: [ReportFormat.v2019, .v2021])
    func theFillInDocumentListsEveryCellAndRendersTheOfficialTables(format: ReportFormat) throws {
        let text = FillInDocument.make(format: format, year: 2024, agency: "某某镇人民政府")
        let report = try ReportInput.read(json: Data(text.utf8))
        #expect(report.format == format && report.year == 2024 && report.agency == "某某镇人民政府")
        #expect(Set(report.cells.keys) == Set(ReportTemplate.of(format).cellIDs))
        #expect(report.cells.values.allSatisfy { $0.value == .number(.zero) })
        #expect(report.sections.map(\.kind) == SectionKind.allCases)
        let docx = try ReportWriter(format: .docx).write(report)
        let back = try DocumentReader().read(bytes: Array(docx))
        #expect(back.source == .docx)
        #expect(valueTexts(back) == valueTexts(report))
    }

    @Test func badInputIsAClearError() {
        let cases: [(String, String)] = [
            ("[1, 2]", "not a JSON object"), ("{\"format\": \"2020\", \"cells\": {}}", "`format`"),
            ("{\"format\": \"2021\", \"cells\": {\"t3.nonsense.total\": 1}}", "t3.nonsense.total"),
            ("{\"format\": \"2021\", \"cells\": {\"t3.new.total\": true}}", "t3.new.total"), ("{\"format\": ", "not valid JSON"),
        ]
        for (json, expected) in cases {
            do {
                _ = try ReportInput.read(json: Data(json.utf8))
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.description.contains(expected), "\(json): \(error.description)")
            }
        }
    }

    /// Through LibreOffice (installed by `.ci/run`) and back through poppler: the narrow
    /// 三、本年度办理结果 column wraps beside the rows and the long 其他处理 labels wrap over
    /// three lines, as in the official template's PDFs.
    @Test(arguments: [ReportFormat.v2019, .v2021])
    func randomValidReportsReadBackIdenticalFromPDF(format: ReportFormat) throws {
        for seed in UInt64(1)...3 {
            let report = RandomReport.make(format, seed: seed &* 104_729 &+ (format == .v2019 ? 0 : 100_000))
            let data = try ReportWriter(format: .pdf).write(report)
            #expect(data.starts(with: Array("%PDF".utf8)))
            let back = try DocumentReader().read(bytes: Array(data))
            #expect(back.source == .pdf && back.format == format, "seed \(seed)")
            #expect(back.year == report.year && back.agency == report.agency, "seed \(seed)")
            let expected = valueTexts(report)
            let read = valueTexts(back)
            // A printed row whose cells are all empty leaves no word on the page: it reads absent.
            func row(_ id: String) -> Substring { id[..<id.lastIndex(of: ".")!] }
            let emptyRows = Set(expected.keys.map(row)).filter { r in expected.allSatisfy { row($0.key) != r || $0.value == "null" } }
            let wrong = expected.keys.filter { expected[$0] != read[$0] && !(emptyRows.contains(row($0)) && read[$0] == "absent") }.sorted()
            #expect(wrong.isEmpty, "pdf seed \(seed): \(wrong.prefix(5).map { "\($0) \(expected[$0]!) → \(read[$0]!)" })")
            for kind in [SectionKind.overview, .problems] {
                #expect(prose(back.section(kind)?.text ?? "") == prose(report.section(kind)!.text), "pdf seed \(seed) section \(kind)")
            }
        }
    }

    @Test func pdfNeedsLibreOfficeAndSaysSo() throws {
        let report = RandomReport.make(.v2021, seed: 7)
        do {
            _ = try ReportWriter(format: .pdf, programs: ExternalPrograms(searchPath: ["/nonexistent"])).write(report)
            Issue.record("PDF written without LibreOffice")
        } catch {
            #expect(error == .missingTool(tool: "soffice (LibreOffice)", package: "libreoffice-writer"))
        }
    }
}
