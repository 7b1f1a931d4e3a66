import Foundation
import GongkaiCollection
import GongkaiDocuments
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords
import GongkaiStore
import GongkaiSupervision
import Logging
import PostgresNIO
import Testing

/// The stores the collection is tested on: SQLite always; PostgreSQL when
/// GONGKAI_TEST_POSTGRES_URL names a database (each test gets a database of its own).
enum CollectionBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["GONGKAI_TEST_POSTGRES_URL"]
    static var available: [CollectionBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh store and its location (for the CLI).
    func open() async throws -> (store: any RecordStore, location: String) {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-collection-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("collection.sqlite").path
            return (try await Stores.open(path), path)
        case .postgres:
            let base = Self.postgresURL!
            let name = "gongkai_coll_" + UUID().uuidString.prefix(8).lowercased()
            // A database of its own, made through a plain client (the tests run beside others).
            let components = URLComponents(string: base)!
            let client = PostgresClient(
                configuration: .init(
                    host: components.host!, port: components.port ?? 5432, username: components.user!, password: components.password,
                    database: String(components.path.dropFirst()), tls: .disable))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: .init(label: "test"))
                group.cancelAll()
            }
            let url = String(base[..<base.lastIndex(of: "/")!]) + "/" + name
            return (try await Stores.open(url), url)
        }
    }
}

/// A synthetic county of our own making: a 全县 report that sums three townships' reports, two
/// years, made from the records engine (so every report keeps its own rules) and written as the
/// official Markdown; then defects planted between reports.
struct County {
    static let register = """
        id,name,parent,kind,aliases,sums_children
        county,某某县人民政府,,人民政府,,yes
        a,甲镇人民政府,county,乡镇,,no
        b,乙镇人民政府,county,乡镇,乙镇,no
        c,丙街道办事处,county,街道,,no
        """

    static let problems = [
        "一是政务公开工作机制仍需健全，部分单位对主动公开的重视不够，信息发布不够及时；二是政策解读形式较为单一，图表和视频解读偏少。下一步将加强培训，完善发布审核机制。",
        "本年度依申请公开答复的规范化程度有待提高，个别答复书引用条款不够准确。改进措施：制定答复文书范本，建立法律顾问审核制度，并对经办人员开展专题培训。",
        "基层政务公开标准化目录的动态更新不够及时，公开专栏的栏目设置与群众需求仍有差距。今后将每季度核查目录，开展满意度调查，优化专栏结构。",
        "公开平台的检索功能较弱，历史文件归集不完整。下一步将整合各平台数据，补录二〇一八年以来的规范性文件，并提供全文检索。",
    ]

    /// Reports by agency and year, as files' text.
    var files: [String: String] = [:]

    init() throws {
        let agencies = [("a", "甲镇人民政府"), ("b", "乙镇"), ("c", "丙街道办事处")]
        var sums: [Int: [CellID: ReportNumber]] = [:]
        var template: [Int: Report] = [:]
        for (k, (id, printed)) in agencies.enumerated() {
            var records = try SyntheticHistory.make(seed: UInt64(k + 1), from: 2022, through: 2024, applications: 60)
            records.agency = printed
            for year in [2023, 2024] {
                // The third township sent nothing for 2023.
                if id == "c" && year == 2023 { continue }
                // The second township copied 2023's section 五 into 2024.
                let problem = id == "b" ? Self.problems[1] : Self.problems[(k + year) % Self.problems.count]
                var report = try YearReport.make(
                    year: year, records: records, texts: .init(overview: "\(printed)\(year)年持续推进政务公开。", problems: problem))
                if id == "a" && year == 2024 {
                    // Carried in from 2023 changed by one, new requests by minus one: the report's
                    // own rules still hold, last year's 结转 no longer matches.
                    report.cells[CellID("t3.carried_in.natural")]!.value = .number(
                        report.cells[CellID("t3.carried_in.natural")]!.value.number! + ReportNumber(1))
                    report.cells[CellID("t3.carried_in.total")]!.value = .number(
                        report.cells[CellID("t3.carried_in.total")]!.value.number! + ReportNumber(1))
                    report.cells[CellID("t3.new.natural")]!.value = .number(report.cells[CellID("t3.new.natural")]!.value.number! - ReportNumber(1))
                    report.cells[CellID("t3.new.total")]!.value = .number(report.cells[CellID("t3.new.total")]!.value.number! - ReportNumber(1))
                }
                files["\(id)-\(year)"] = MarkdownWriter.render(report)
                template[year] = report
                var yearSums = sums[year] ?? [:]
                for (cell, value) in report.cells { if let n = value.value.number { yearSums[cell] = (yearSums[cell] ?? .zero) + n } }
                sums[year] = yearSums
            }
        }
        for year in [2023, 2024] {
            var report = template[year]!
            report.agency = "某某县人民政府"
            report.title = "某某县人民政府\(year)年政府信息公开工作年度报告"
            for (cell, n) in sums[year]! { report.cells[cell]?.value = .number(n) }
            // The county's 2024 roll-up is off by one in 行政许可.
            if year == 2024 {
                report.cells[CellID("t2.licensing.decisions")]!.value = .number(sums[year]![CellID("t2.licensing.decisions")]! + ReportNumber(1))
            }
            report.sections = report.sections.map { s in
                var s = s
                if s.kind == .problems { s.text = Self.problems[(year + 3) % Self.problems.count] }
                if s.kind == .overview { s.text = "某某县\(year)年政务公开工作概述。" }
                return s
            }
            files["county-\(year)"] = MarkdownWriter.render(report)
        }
    }

    /// Writes the reports to a new folder, with a manifest that dates 甲镇's 2024 report late.
    func write() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-county-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent("\(name).md"), atomically: true, encoding: .utf8) }
        return dir
    }
}

@Suite(.serialized) struct CollectionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let corpusRegister = """
        id,name,parent,kind,aliases,sums_children
        js,江苏省人民政府,,人民政府,,no
        ha,淮安市人民政府,js,人民政府,,no
        hz,淮安市洪泽区人民政府,ha,人民政府,洪泽区人民政府,no
        sy,沭阳县人民政府,js,人民政府,沐阳县人民政府,no
        pt,平潭综合实验区管委会,,人民政府,平潭综合实验区管理委员会,no
        sh,上海市人民政府办公厅,,部门,,no
        """

    @Test(arguments: CollectionBackend.available)
    func theCorpusIsCollectedAsASmallRegister(_ backend: CollectionBackend) async throws {
        let (store, _) = try await backend.open()
        defer { Task { await store.close() } }
        let c = Collection(store)
        _ = try await c.importRegister(csv: Self.corpusRegister, by: "test")
        let paths = ["pdf", "text", "seeds", "docx/national-template-2021.docx", "docx/word-malformed.docx"].map {
            Self.fixtures.appendingPathComponent($0).path
        }
        let summary = try await c.collect(Gathered.gather(paths), workers: 2)
        // 淮安 2024 (text and PDF), 洪泽 2023 and 2024, 沭阳 2025, 上海 2019, 平潭 three years twice.
        #expect(summary.stored == 12)
        // The five seeds name agencies not in the register; the blank template names none.
        #expect(summary.unassigned.count == 6)
        #expect(summary.unassigned.contains { $0.reason.contains("苑庄镇人民政府") })
        #expect(summary.failed.count == 1 && summary.failed[0].path.hasSuffix("word-malformed.docx"))

        // The same bytes again are not read again.
        let again = try await c.collect(Gathered.gather([Self.fixtures.appendingPathComponent("pdf").path]))
        #expect(again.known == 3 && again.stored == 0)

        let y2024 = try await c.status(year: 2024)
        #expect(y2024.count == 6)
        let huaian = try #require(y2024.first { $0.agency.id == "ha" })
        #expect(huaian.versions == 2 && huaian.version == 2)
        #expect(Set(try await c.missing(year: 2024).map(\.agency.id)) == ["js", "sy", "pt", "sh"])
        // 洪泽 2023 prints table 4's totals as 0: errors about the report, not reading doubts.
        let hz2023 = try await c.findings(year: 2023, agencyID: "hz", rule: "T4-1")
        #expect(hz2023.first?.findings.contains { $0.rule == "T4-1:review" && $0.findingClass == .report } == true)
        // 淮安's text loses table 4's order: its doubts are ours, never the report's errors.
        let ha = try await c.findings(year: 2024, agencyID: "ha", rule: nil)
        #expect(ha.first?.findings.contains { $0.findingClass == .reading } == true)
        #expect(ha.first?.findings.allSatisfy { $0.fingerprint.count == 32 } == true)

        // A report waiting for its agency is placed by hand.
        let queue = try await c.unassigned()
        let seed = try #require(queue.first { $0.namedAgency == "苍台镇人民政府" })
        try await c.saveAgency(Agency(id: "ct", name: "苍台镇人民政府", parent: nil, kind: .township), by: "test")
        try await c.assign(rowID: seed.rowID, agencyID: "ct", year: 2022, by: "test")
        #expect(try await c.status(year: 2022).first { $0.agency.id == "ct" }?.version == 1)
    }

    @Test(arguments: CollectionBackend.available)
    func defectsPlantedBetweenReportsAreFound(_ backend: CollectionBackend) async throws {
        let (store, _) = try await backend.open()
        defer { Task { await store.close() } }
        let c = Collection(store)
        _ = try await c.importRegister(csv: County.register, by: "test")
        let county = try County()
        let dir = try county.write()
        let manifest = try Manifest.parse("path,agency_id,year,published,source_url\na-2024.md,,,2025-03-15,https://example.gov.cn/a\n")
        let summary = try await c.collect(Gathered.gather([dir.path]), manifest: manifest, workers: 2)
        #expect(summary.stored == 7, "\(summary.unassigned) \(summary.failed)")

        let all = try await c.findings(year: nil, agencyID: nil, rule: nil)
        func rules(_ agency: String, _ year: Int) -> Set<String> {
            Set(all.filter { $0.agencyID == agency && $0.year == year }.flatMap { $0.findings.map(\.rule) })
        }
        // 甲镇: carry-over off by one against 2023, and published late.
        #expect(rules("a", 2024).contains("X-CARRY:natural"))
        #expect(rules("a", 2024).contains("X-CARRY:total"))
        #expect(rules("a", 2024).contains("D-LATE"))
        #expect(!rules("a", 2023).contains { $0.hasPrefix("X-") })
        // 乙镇 (printed by its alias): section 五 copied from 2023.
        #expect(rules("b", 2024).contains("Q-DUPLICATE:problems"))
        #expect(!rules("a", 2024).contains("Q-DUPLICATE:problems"))
        // The county: 2024's roll-up off by one in one cell; 2023's cannot be verified (丙 missing).
        let rollup2024 = all.first { $0.agencyID == "county" && $0.year == 2024 }!.findings.filter { $0.rule.hasPrefix("X-ROLLUP") }
        #expect(rollup2024.map(\.rule) == ["X-ROLLUP:t2.licensing.decisions"])
        let rollup2023 = all.first { $0.agencyID == "county" && $0.year == 2023 }!.findings.filter { $0.rule.hasPrefix("X-ROLLUP") }
        #expect(rollup2023.count == 1 && rollup2023[0].severity == .info && rollup2023[0].message.contains("丙街道办事处"))
        #expect(try await c.missing(year: 2023).map(\.agency.id) == ["c"])

        // A finding names both reports and cells.
        let carry = try #require(all.first { $0.agencyID == "a" && $0.year == 2024 }?.findings.first { $0.rule == "X-CARRY:natural" })
        #expect(carry.cells == ["t3.carried_in.natural"] && carry.otherCells == ["t3.carried_out.natural"] && carry.other?.year == 2023)

        // A dismissal needs a comment; with one it is kept, and survives a re-collected copy.
        await #expect(throws: CollectionError.self) {
            try await c.review(fingerprint: carry.fingerprint, decision: .dismissed, comment: " ", by: "r")
        }
        try await c.review(fingerprint: carry.fingerprint, decision: .dismissed, comment: "经核实，上年报告有误，已另行更正", by: "reviewer")
        let copy = dir.appendingPathComponent("resent")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try (county.files["a-2024"]! + "\n").write(to: copy.appendingPathComponent("a-2024-v2.md"), atomically: true, encoding: .utf8)
        let second = try await c.collect(Gathered.gather([copy.path]))
        #expect(second.stored == 1)
        let a2024 = try #require(try await c.findings(year: 2024, agencyID: "a", rule: "X-CARRY").first)
        #expect(a2024.version == 2)
        #expect(a2024.reviews[carry.fingerprint]?.decision == .dismissed)
        let status = try #require(try await c.status(year: 2024).first { $0.agency.id == "a" })
        #expect(status.versions == 2 && status.version == 2)
        // The earlier version is kept, and can be chosen as current.
        try await c.chooseCurrent(agencyID: "a", year: 2024, version: 1, by: "test")
        #expect(try await c.status(year: 2024).first { $0.agency.id == "a" }?.version == 1)

        // Undo, audited.
        try await c.undoReview(fingerprint: carry.fingerprint, by: "reviewer")
        await #expect(throws: CollectionError.self) { try await c.undoReview(fingerprint: carry.fingerprint, by: "reviewer") }
        let audit = try await store.auditLog(entityID: carry.fingerprint, limit: 10)
        #expect(audit.map(\.action) == ["dismissed", "undo"])

        // Measures, and the same summed over the county's townships.
        let (own, _, _) = try await c.measures(agencyID: "b", year: 2024, subtree: false)
        #expect(own.value(of: Measure.all[0]) != nil)
        let (sum, _, n) = try await c.measures(agencyID: "county", year: 2024, subtree: true)
        #expect(n == 3 && sum.reports == 3)
        // The outcome mix adds the same reports: its groups are what table 三 closed.
        let mix = try await c.outcomeMix(agencyID: "county", year: 2024, subtree: true)
        let closed = try #require(sum.value(of: Measure.all[1]))
        #expect(mix.reports == 3 && mix.counts.reduce(0) { $0 + $1.doubleValue } == closed)
        #expect(OutcomeMix.groups.map(\.label) == ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"])

        // The export: one row per current report, every cell a column.
        let rows = try await c.exportRows(year: 2024)
        #expect(rows.map(\.agencyID) == ["a", "b", "c", "county"])
        let csv = ExportTable.csvHeader() + rows.map(ExportTable.csvLine).joined()
        #expect(csv.split(separator: "\n").count == 5)
        let xlsx = dir.appendingPathComponent("2024.xlsx").path
        try XLSXExport.write(rows, long: false, to: xlsx)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test(arguments: CollectionBackend.available)
    func aChangedRegisterRecomputesOnlyWhatItTouches(_ backend: CollectionBackend) async throws {
        let (store, _) = try await backend.open()
        defer { Task { await store.close() } }
        let c = Collection(store)
        _ = try await c.importRegister(csv: County.register, by: "test")
        _ = try await c.collect(Gathered.gather([try County().write().path]))
        #expect(try await c.recompute() == 0)
        // The county no longer sums its townships: its roll-up findings go.
        let csv = County.register.replacingOccurrences(of: "某某县人民政府,,人民政府,,yes", with: "某某县人民政府,,人民政府,,no")
        let (_, changed) = try await c.importRegister(csv: csv, by: "test")
        #expect(changed == 1)
        let county = try await c.findings(year: 2024, agencyID: "county", rule: "X-ROLLUP")
        #expect(county.isEmpty)
    }

    @Test func aMalformedRegisterIsRefusedWholeWithTheLineNamed() async throws {
        let (store, _) = try await CollectionBackend.sqlite.open()
        defer { Task { await store.close() } }
        let c = Collection(store)
        _ = try await c.importRegister(csv: County.register, by: "test")
        let cases: [(String, String)] = [
            ("id,name,parent,kind,aliases\nx,某,,部门,\n", "第1行"),
            (County.register + "\nd,丁镇,nowhere,乡镇,,no", "第6行"),
            (County.register + "\na,甲镇重复,county,乡镇,,no", "第6行"),
            ("id,name,parent,kind,aliases,sums_children\np,甲,q,部门,,no\nq,乙,p,部门,,no\n", "循环"),
            (County.register + "\nd,丁镇,county,村委会,,no", "第6行"),
        ]
        for (csv, expected) in cases {
            do {
                _ = try await c.importRegister(csv: csv, by: "test")
                Issue.record("accepted: \(csv)")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
            }
            #expect(try await c.register().agencies.map(\.id) == ["county", "a", "b", "c"])
        }
        // Export gives back what was imported.
        #expect(
            RegisterCSV.render(try await c.register()).trimmingCharacters(in: .newlines)
                == County.register.replacingOccurrences(of: "乙镇,no", with: "乙镇,no"))
    }

    @Test func hostileArchivesAreRefused() throws {
        // A member named outside the folder, and one that claims to expand past the limit.
        var zip = ZipBuilder()
        zip.add("../../etc/evil.txt", Array("x".utf8))
        zip.add("ok/report.txt", Array("某某".utf8))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("batch.zip").path
        try Data(zip.bytes()).write(to: URL(fileURLWithPath: path))
        let g = Gathered.gather([path, dir.appendingPathComponent("none.doc").path])
        #expect(g.files.map(\.path) == [path + "!ok/report.txt"])
        #expect(g.skipped.contains { $0.path.hasSuffix("evil.txt") && $0.reason.contains("越出") })

        // A member that says it expands to 200 MB is refused before anything is inflated; an
        // archive whose members add up past 2 GB is refused whole.
        var bomb = ZipBuilder()
        bomb.add("big.txt", Array("某".utf8), claimedSize: 200 << 20)
        bomb.add("ok.txt", Array("某某".utf8))
        var g2 = Gathered()
        g2.add(path: "bomb.zip", bytes: bomb.bytes())
        #expect(g2.files.map(\.path) == ["bomb.zip!ok.txt"])
        #expect(g2.skipped.contains { $0.path == "bomb.zip!big.txt" && $0.reason.contains("超过100 MB") })
        var huge = ZipBuilder()
        for k in 0..<21 { huge.add("part\(k).txt", Array("x".utf8), claimedSize: 100 << 20) }
        var g3 = Gathered()
        g3.add(path: "huge.zip", bytes: huge.bytes())
        #expect(g3.files.isEmpty && g3.skipped.count == 1 && g3.skipped[0].reason.contains("压缩包无法打开"))
    }
}

/// A stored (uncompressed) zip, for hostile-archive tests.
struct ZipBuilder {
    var entries: [(String, [UInt8], Int?)] = []
    /// `claimedSize` is the size the directory states, to make a bomb that says what it would be.
    mutating func add(_ name: String, _ bytes: [UInt8], claimedSize: Int? = nil) { entries.append((name, bytes, claimedSize)) }

    func bytes() -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: UInt32, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        for (name, data, claimed) in entries {
            let crc = crc32(data), n = Array(name.utf8), offset = out.count
            let stated = UInt32(claimed ?? data.count)
            u32(0x0403_4B50, &out)
            u16(20, &out)
            u16(0, &out)
            u16(0, &out)
            u16(0, &out)
            u16(0, &out)
            u32(crc, &out)
            u32(UInt32(data.count), &out)
            u32(UInt32(data.count), &out)
            u16(n.count, &out)
            u16(0, &out)
            out += n + data
            u32(0x0201_4B50, &central)
            u16(20, &central)
            u16(20, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u32(crc, &central)
            u32(UInt32(data.count), &central)
            u32(stated, &central)
            u16(n.count, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u16(0, &central)
            u32(0, &central)
            u32(UInt32(offset), &central)
            central += n
        }
        let start = out.count
        out += central
        u32(0x0605_4B50, &out)
        u16(0, &out)
        u16(0, &out)
        u16(entries.count, &out)
        u16(entries.count, &out)
        u32(UInt32(central.count), &out)
        u32(UInt32(start), &out)
        u16(0, &out)
        return out
    }

    func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }
}

/// The share of a section's text repeated from another year (Q-DUPLICATE), measured on the
/// corpus's reports of one agency in different years, and on a section copied with its year
/// and numbers changed.
@Suite struct DuplicationThresholdTests {
    static func report(_ path: String) throws -> CollectedReport {
        let bytes = try [UInt8](Data(contentsOf: CollectionTests.fixtures.appendingPathComponent(path)))
        return CollectedReport(try DocumentReader().read(bytes: bytes))
    }

    @Test func sectionsWrittenAfreshStayBelowTheThresholdAndCopiesAbove() throws {
        let pairs = [
            ("text/pingtan-2021.html", "text/pingtan-2019.html"), ("text/pingtan-2023.html", "text/pingtan-2021.html"),
            ("pdf/hongze-qu-2024.pdf", "pdf/hongze-qu-2023.pdf"),
        ]
        var highest = 0.0
        for (now, before) in pairs {
            let a = try Self.report(now), b = try Self.report(before)
            for kind in CrossChecks.comparedSections {
                guard let share = TextOverlap.share(of: a.section(kind), in: b.section(kind)) else { continue }
                print("overlap \(now) ← \(before) \(kind.key): \(share)")
                highest = max(highest, share)
            }
        }
        #expect(highest < TextOverlap.threshold)
        // Last year's section with the year and the numbers changed is a copy.
        let hz = try Self.report("pdf/hongze-qu-2023.pdf").section(.problems)
        let edited = hz.replacingOccurrences(of: "2023", with: "2024").replacingOccurrences(of: "一", with: "两")
        let copied = try #require(TextOverlap.share(of: edited, in: hz))
        print("overlap of an edited copy: \(copied)")
        #expect(copied >= TextOverlap.threshold)
    }
}
