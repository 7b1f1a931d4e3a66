import ArgumentParser
import Foundation
import GongkaiCollection
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiServer
import GongkaiStore
import GongkaiSupervision
import Hummingbird

/// `gongkai demo`: the web application on sample data in a SQLite file, nothing else to set up.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web application on sample data: an office's records, staff of every role, a county's reports.",
        discussion: """
            Creates the SQLite file on first run (the sample data is made, not downloaded) and serves it at http://HOST:PORT. \
            Every staff account's password is printed; they are for trying Gongkai out, never for real records.
            """)
    @Option(help: "The SQLite file to create or reuse.") var db = "gongkai-demo.sqlite"
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port.") var port: Int = 8080
    @Option(help: "The office's name on the pages.") var agency = "示例县人民政府"
    @Flag(help: "Make the sample data and stop, without serving.") var noServe = false
    @Option(help: "Take this day (YYYY-MM-DD) as today, for deadlines and the sample data (default: today in China).") var asOf: String?

    static let password = "gongkai-demo"
    static let staff: [(String, StaffMember.Role)] = [
        ("clerk", .clerk), ("reviewer", .reviewer), ("head", .head), ("admin", .admin), ("auditor", .auditor), ("supervisor", .supervisor),
    ]

    mutating func run() async throws {
        let store: any RecordStore
        do { store = try await Stores.open(db) } catch { throw fail(error) }
        var today = ReportDate.todayInChina
        if let asOf {
            guard let d = ReportDate(iso: asOf) else { throw ValidationError("--as-of: \(asOf) is not a date (YYYY-MM-DD)") }
            today = d
        }
        let office: Office
        do { office = try await Office.open(store: store, today: { [today] in today }) } catch {
            await store.close()
            throw fail(error)
        }
        do {
            if try await store.staffCount() == 0 {
                print("gongkai: making sample data in \(db) …")
                try await Self.seed(office: office, agency: agency)
            }
        } catch let error as StoreError {
            await store.close()
            throw fail(error)
        }
        print("gongkai: sample accounts (password \(Self.password)):")
        for (name, role) in Self.staff { print("  \(name)\t\(role.label)") }
        guard !noServe else {
            await store.close()
            return
        }
        print("gongkai: open http://\(host):\(port)/ — the office logs in at /login, the supervisor's tracker is /supervision")
        var api = OfficeAPI(office: office)
        api.officeName = agency
        try await api.application(host: host, port: port).runService()
        await store.close()
    }

    /// Staff of every role, two years of the office's records with a few requests open now,
    /// the earlier year's report published, and a county's register with two years of reports.
    static func seed(office: Office, agency: String) async throws {
        for (name, role) in staff { _ = try await office.addStaff(name: name, role: role.rawValue, password: password, by: "demo") }
        let today = office.today()
        let records: OfficeRecords
        do { records = try SyntheticHistory.make(seed: 7, from: today.year - 2, through: today.year - 1, applications: 240) } catch {
            throw StoreError.rejected(error)
        }
        try await office.store.importCases(records.applications, by: "demo")
        for item in records.items { try await office.store.save(item, by: "demo") }
        for review in records.reviews { try await office.store.save(review, by: "demo") }
        for tally in records.tallies { try await office.store.save(tally, by: "demo") }
        // Requests received in the last weeks, so that the desk has work: some due soon, one overdue.
        let kinds: [ApplicantKind] = [.natural, .natural, .commercial, .legalService, .natural, .research]
        let subjects = ["本县2025年城乡低保资金发放情况", "某地块征收补偿安置方案", "县城区道路改造工程招标文件", "本单位2026年部门预算", "某小区规划许可证", "辖区河道水质监测数据"]
        for (i, back) in [34, 26, 18, 9, 4, 1].enumerated() {
            let day = today.adding(days: -back)
            let form = RequestForm(
                id: String(format: "DEMO-%03d", i + 1), applicant: kinds[i].rawValue, channel: i % 2 == 0 ? "online" : "letter",
                receivedOn: day.description,
                submittedOn: day.description, request: "所需信息：\(subjects[i])\n形式：电子文档；获取方式：电子邮件",
                applicantName: ["张某", "李某", "某某科技有限公司", "某律师事务所", "王某", "某研究院"][i], contact: "电话：1380013800\(i)")
            _ = try await office.registerRequest(form, by: "demo")
        }
        let lastYear = today.year - 1
        try await office.saveReportTexts(
            year: lastYear, agency: agency,
            texts: .init(
                overview: "\(lastYear)年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，规范依申请公开办理流程，严格落实法定答复期限。",
                problems: "部分栏目更新不够及时，政策解读形式较为单一。下一步将完善考核机制，加强督促检查。", otherMatters: "本年度未收取信息处理费。"),
            by: "demo")
        if let report = try? await office.yearReport(year: lastYear - 1, agency: agency), !report.cells.isEmpty {
            _ = try await office.publishReport(year: lastYear - 1, agency: agency, on: ReportDate(year: lastYear, month: 1, day: 28), by: "demo")
        }
        try await seedCollection(office.store, year: lastYear)
    }

    /// A county's register (the county government, its departments and towns, their offices)
    /// and two years of reports: one missing, one late, a few with numbers that break a rule.
    static func seedCollection(_ store: any RecordStore, year: Int) async throws {
        let collection = Collection(store)
        var agencies: [Agency] = [Agency(id: "county", name: "示例县人民政府", parent: nil, kind: .government, sumsChildren: true)]
        let units: [(String, String, AgencyKind)] = [
            ("edu", "示例县教育局", .department), ("health", "示例县卫生健康委员会", .department), ("finance", "示例县财政局", .department),
            ("resources", "示例县自然资源局", .department), ("housing", "示例县住房和城乡建设局", .department), ("civil", "示例县民政局", .department),
            ("east", "示例县东城街道办事处", .subdistrict), ("west", "示例县西城街道办事处", .subdistrict), ("north", "示例县北山镇人民政府", .township),
            ("south", "示例县南湖镇人民政府", .township), ("river", "示例县河口镇人民政府", .township), ("hill", "示例县青山乡人民政府", .township),
        ]
        for (id, name, kind) in units {
            agencies.append(Agency(id: id, name: name, parent: "county", kind: kind, aliases: [name.replacingOccurrences(of: "示例县", with: "")]))
        }
        let register: Register
        do { register = try Register(agencies) } catch { throw StoreError.invalid(field: "register", error.description) }
        do { _ = try await collection.importRegister(csv: RegisterCSV.render(register), by: "demo") } catch {
            throw StoreError.invalid(field: "register", error.description)
        }
        var reports: [String: Report] = [:]
        for (i, a) in agencies.enumerated() {
            var records: OfficeRecords
            do { records = try SyntheticHistory.make(seed: UInt64(100 + i), from: year - 2, through: year, applications: 20 + 7 * i) } catch {
                throw StoreError.rejected(error)
            }
            records.agency = a.name
            for y in [year - 1, year] {
                let texts = YearReport.Texts(overview: Synthesize.text(seed: i * 3 + y, count: 5), problems: Synthesize.text(seed: i + y, count: 3))
                do { reports["\(a.id)-\(y)"] = try YearReport.make(year: y, records: records, texts: texts) } catch {
                    throw StoreError.invalid(field: "report", "\(error)")
                }
            }
        }
        // 青山乡 has not sent this year's report; the county's report is the sum of its children's.
        reports["hill-\(year)"] = nil
        for y in [year - 1, year] {
            guard var county = reports["county-\(y)"] else { continue }
            for id in county.templateCellIDs {
                var sum = ReportNumber.zero
                for (id2, _, _) in units { if let n = reports["\(id2)-\(y)"]?.cells[id]?.value.number { sum = sum + n } }
                county.cells[id] = Cell(id: id, value: .number(sum), raw: sum.description, span: nil)
            }
            reports["county-\(y)"] = county
        }
        var gathered = Gathered()
        for (key, report) in reports.sorted(by: { $0.key < $1.key }) {
            var text = MarkdownWriter.render(report)
            // A few of this year's reports with a number that breaks a rule, as real ones do.
            if key.hasSuffix("-\(year)") && ["finance", "east", "river"].contains(String(key.split(separator: "-")[0])),
                let range = text.range(of: "本年新收政府信息公开申请数量 | ")
            {
                text.replaceSubrange(range, with: "本年新收政府信息公开申请数量 | 9")
            }
            gathered.add(path: "\(key).md", bytes: Array(text.utf8))
        }
        do { _ = try await collection.collect(gathered) } catch { throw StoreError.invalid(field: "collect", error.description) }
    }
}
