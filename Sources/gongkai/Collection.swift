import ArgumentParser
import Foundation
import GongkaiCollection
import GongkaiModel
import GongkaiRendering
import GongkaiStore
import GongkaiSupervision

extension StoreOptions {
    /// Opens the store, runs `body` with the collection's use cases on it, and closes the store.
    func withCollection<T>(readOnly: Bool = false, _ body: (Collection) async throws -> T) async throws -> T {
        try await using(readOnly: readOnly) { store in
            do { return try await body(Collection(store)) } catch let error as CollectionError {
                Inputs.printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}

/// Columns padded by display width (a Chinese character is two columns wide).
enum TextTable {
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.properties.isAlphabetic || $1.value >= 0x3000 ? 2 : 1) }
    }

    static func render(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(width)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], width(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - width(c))) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
            + "\n"
    }
}

struct AgenciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies", abstract: "The register of agencies (机构名录) whose reports are collected.",
        subcommands: [Import.self, Export.self, List.self, Set.self, Remove.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the register with a CSV file (id,name,parent,kind,aliases,sums_children), taken whole or refused whole.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                Inputs.printError("\(file): 无法读取")
                throw ExitCode(2)
            }
            let text = String(decoding: data, as: UTF8.self)
            try await store.withCollection { c in
                let (count, changed) = try await c.importRegister(csv: text, by: store.actor)
                print("名录已导入：\(count)个机构，\(changed)个有变化")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the register as CSV, in the columns it is imported in.")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            try await store.withCollection(readOnly: true) { c in print(RegisterCSV.render(try await c.register()), terminator: "") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the agencies as a tree.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            try await store.withCollection(readOnly: true) { c in
                let r = try await c.register()
                if json {
                    print(CollectionJSON.register(r))
                    return
                }
                var rows: [[String]] = []
                for root in r.agencies where root.parent == nil {
                    for a in r.subtree(of: root.id) {
                        let indent = String(repeating: "  ", count: (r.level(of: a.id) ?? 1) - 1)
                        rows.append([a.id, indent + a.name, a.kind.rawValue, a.aliases.joined(separator: "；"), a.sumsChildren ? "是" : ""])
                    }
                }
                print(TextTable.render(["编号", "名称", "类型", "别名", "汇总下级"], rows), terminator: "")
                print("共\(r.agencies.count)个机构")
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or change one agency.")
        @OptionGroup var store: StoreOptions
        @Option var id: String
        @Option var name: String
        @Option(help: "The parent's id.") var parent: String?
        @Option(help: "人民政府, 部门, 乡镇, 街道 or 其他.") var kind: String
        @Option(help: "Aliases separated by ;.") var aliases: String = ""
        @Flag(name: .customLong("sums-children"), help: "The agency's report is the sum of its children's.") var sumsChildren = false

        func run() async throws {
            guard let k = AgencyKind(named: kind) else {
                throw ValidationError("--kind: 应为 \(AgencyKind.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            let agency = Agency(
                id: id, name: name, parent: parent, kind: k, aliases: aliases.split(separator: ";").map(String.init), sumsChildren: sumsChildren)
            try await store.withCollection { c in
                try await c.saveAgency(agency, by: store.actor)
                print("已保存机构 \(id) \(name)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an agency without children (its reports stay stored).")
        @OptionGroup var store: StoreOptions
        @Argument var id: String
        func run() async throws {
            try await store.withCollection { c in
                try await c.removeAgency(id: id, by: store.actor)
                print("已删除机构 \(id)")
            }
        }
    }
}

/// Progress on a terminal as a bar redrawn in place, elsewhere as plain lines every tenth.
final class ProgressPrinter: @unchecked Sendable {
    let terminal = isatty(STDERR_FILENO) == 1
    let lock = NSLock()
    var lastTenth = -1

    func report(_ p: Collection.Progress) {
        lock.lock()
        defer { lock.unlock() }
        let total = max(p.total, 1)
        if terminal {
            let filled = 30 * p.done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(p.done)/\(p.total)".utf8))
            if p.done >= p.total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let tenth = 10 * p.done / total
            if tenth > lastTenth {
                lastTenth = tenth
                FileHandle.standardError.write(Data("collected \(p.done)/\(p.total)\n".utf8))
            }
        }
    }
}

struct Collect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Collect reports (files, directories, zip archives) into the collection.",
        discussion: """
            Every file is stored once by its SHA-256 and read in parallel on all cores; the agency is found by the report's own name
            against the register's names and aliases (an unmatched or ambiguous name waits in `collection unassigned`). Files Gongkai
            cannot read are listed as skipped. Exit status: 0 when every file was read, 1 when some failed or were skipped.
            """)
    @OptionGroup var store: StoreOptions
    @Argument(help: "Files, directories and zip archives.") var paths: [String]
    @Option(help: "A CSV manifest: path,agency_id,year,published,source_url.") var manifest: String?
    @Option(help: "Parallel readers (two per core by default).") var workers = Collection.defaultWorkers
    @Flag(name: .customLong("queue-only"), help: "Only store and queue the files, for `collection work` on other machines.") var queueOnly = false
    @Option(help: "Seconds after which a file claimed by a worker that never finished is claimed again.") var lease: Double = 600

    func run() async throws {
        var entries: [String: ManifestEntry] = [:]
        if let manifest {
            guard let data = FileManager.default.contents(atPath: manifest) else {
                Inputs.printError("\(manifest): 无法读取清单")
                throw ExitCode(2)
            }
            do { entries = try Manifest.parse(String(decoding: data, as: UTF8.self)) } catch {
                Inputs.printError("\(manifest): \(error)")
                throw ExitCode(2)
            }
        }
        let gathered = Gathered.gather(paths)
        let printer = ProgressPrinter()
        let summary = try await store.withCollection { c in
            try await c.collect(gathered, manifest: entries, workers: workers, queueOnly: queueOnly, lease: lease, progress: printer.report)
        }
        CollectText.print(summary)
        if summary.hasProblems { throw ExitCode(1) }
    }
}

enum CollectText {
    static func print(_ s: Collection.Summary) {
        var parts = ["入库\(s.stored)份"]
        if s.queued > 0 { parts.append("排队\(s.queued)份") }
        if s.known > 0 { parts.append("已收录过\(s.known)份（未重复读取）") }
        if !s.unassigned.isEmpty { parts.append("待指定机构\(s.unassigned.count)份") }
        if !s.failed.isEmpty { parts.append("读取失败\(s.failed.count)份") }
        if !s.skipped.isEmpty { parts.append("跳过\(s.skipped.count)份") }
        Swift.print(parts.joined(separator: "，"))
        for (path, reason) in s.unassigned { Swift.print("待指定  \(path)：\(reason)") }
        for (path, reason) in s.failed { Swift.print("失败    \(path)：\(reason)") }
        for (path, reason) in s.skipped { Swift.print("跳过    \(path)：\(reason)") }
    }
}

struct CollectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collection", abstract: "The collected reports: status, findings, review, comparison, measures, export.",
        subcommands: [
            Status.self, Missing.self, Findings.self, Review.self, Undo.self, Compare.self, Measures.self, Export.self, Unassigned.self,
            Assign.self, Current.self, Work.self, Recompute.self, Synthesize.self,
        ])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One row per agency of the register: received or missing, version, findings, review.")
        @OptionGroup var store: StoreOptions
        @Option var year: Int
        @Option(help: "Only this agency and those under it.") var under: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await store.withCollection(readOnly: true) { c in
                let rows = try await c.status(year: year, under: under)
                if json {
                    print(CollectionJSON.status(rows, year: year))
                    return
                }
                let table = rows.map { s in
                    [
                        s.agency.id, String(repeating: "  ", count: s.level - 1) + s.agency.name, s.state.label, s.version.map { "第\($0)版" } ?? "",
                        s.received ? String(s.counts.errors) : "", s.received ? String(s.counts.warnings) : "",
                        s.received ? String(s.counts.doubts) : "",
                        s.received ? (s.pending == 0 ? "已复核" : "待复核\(s.pending)") : "",
                    ]
                }
                print(TextTable.render(["编号", "机构", "状态", "版本", "错误", "警告", "读取存疑", "复核"], table), terminator: "")
                let received = rows.filter(\.received).count
                let percent = rows.isEmpty ? 0 : 100 * received / rows.count
                print("\(year)年：应报送\(rows.count)个，已收到\(received)个（\(percent)%），未报送\(rows.count - received)个")
            }
        }
    }

    struct Missing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The agencies of the register with no report for a year.")
        @OptionGroup var store: StoreOptions
        @Option var year: Int
        @Option var under: String?
        @Flag var json = false

        func run() async throws {
            try await store.withCollection(readOnly: true) { c in
                let rows = try await c.missing(year: year, under: under)
                if json {
                    print(CollectionJSON.missing(rows, year: year))
                    return
                }
                print(
                    TextTable.render(
                        ["编号", "机构", "类型", "情况"],
                        rows.map { [$0.agency.id, $0.agency.name, $0.agency.kind.rawValue, $0.failure.map { "读取失败：\($0)" } ?? "未报送"] }),
                    terminator: "")
                print("\(year)年未收到报告：\(rows.count)个机构")
            }
        }
    }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The findings of the current reports, with their class, fingerprint and review.")
        @OptionGroup var store: StoreOptions
        @Option var year: Int?
        @Option var agency: String?
        @Option(help: "A rule id, or its part before ':' (X-CARRY).") var rule: String?
        @Option(name: .customLong("class"), help: "report or reading.") var findingClass: String?
        @Flag var json = false

        func run() async throws {
            var cls: FindingClass?
            if let findingClass {
                guard let c = FindingClass(rawValue: findingClass) else { throw ValidationError("--class: report or reading") }
                cls = c
            }
            try await store.withCollection(readOnly: true) { c in
                let entries = try await c.findings(year: year, agencyID: agency, rule: rule, findingClass: cls)
                if json {
                    print(CollectionJSON.findings(entries))
                    return
                }
                for e in entries where !e.findings.isEmpty {
                    print("\(e.agency)（\(e.agencyID)）\(e.year)年 第\(e.version)版  \(e.file)")
                    for f in e.findings {
                        let decided = e.reviews[f.fingerprint].map { "［\($0.decision.label)：\($0.comment)］" } ?? ""
                        let lead = f.cause == nil ? "  " : "    └ "
                        print(
                            "\(lead)\(f.findingClass == .reading ? "存疑" : f.severity == .error ? "错误" : f.severity == .warning ? "警告" : "提示") \(f.rule) \(f.message) \(f.fingerprint)\(decided)"
                        )
                    }
                }
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm or dismiss a finding by its fingerprint (a dismissal needs --comment).")
        @OptionGroup var store: StoreOptions
        @Argument var fingerprint: String
        @Flag(help: "Confirm the finding.") var confirm = false
        @Flag(help: "Dismiss the finding (with --comment).") var dismiss = false
        @Option var comment: String = ""

        func run() async throws {
            guard confirm != dismiss else { throw ValidationError("give --confirm or --dismiss") }
            try await store.withCollection { c in
                try await c.review(fingerprint: fingerprint, decision: confirm ? .confirmed : .dismissed, comment: comment, by: store.actor)
                print(confirm ? "已确认" : "已排除")
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take back a decision on a finding.")
        @OptionGroup var store: StoreOptions
        @Argument var fingerprint: String
        func run() async throws {
            try await store.withCollection { c in
                try await c.undoReview(fingerprint: fingerprint, by: store.actor)
                print("已撤销复核决定")
            }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One agency's years side by side, cell by cell, with the findings across years.")
        @OptionGroup var store: StoreOptions
        @Argument var agency: String
        @Option(help: "Years, comma separated: 2023,2024.") var years: String
        @Flag(help: "Every cell, not only those that differ.") var all = false
        @Flag var json = false

        func run() async throws {
            let ys = years.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard ys.count >= 2 else { throw ValidationError("--years: at least two years, e.g. 2023,2024") }
            try await store.withCollection(readOnly: true) { c in
                let cmp = try await c.compare(agencyID: agency, years: ys)
                if json {
                    print(CollectionJSON.comparison(cmp))
                    return
                }
                print("\(cmp.agency.name)（\(cmp.agency.id)）")
                let rows = cmp.rows.filter { all || $0.differs }.map { r in
                    [r.cell.rawValue]
                        + r.values.map { v -> String in
                            switch v {
                            case .number(let n)?: n.description
                            case .blank?: "空"
                            case .text(let t)?: t
                            case nil: "—"
                            }
                        }
                }
                print(TextTable.render(["单元格"] + ys.map { "\($0)年" }, rows), terminator: "")
                print("不同的单元格：\(cmp.rows.filter(\.differs).count)个")
                for y in ys {
                    for f in cmp.crossFindings[y] ?? [] { print("\(y)年 \(f.rule) \(f.message)") }
                }
            }
        }
    }

    struct Measures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An agency's measures (指标) with their formulas, or summed over its subtree.")
        @OptionGroup var store: StoreOptions
        @Argument var agency: String
        @Option var year: Int
        @Flag(help: "Sum the agency and every agency under it.") var subtree = false
        @Flag var json = false

        func run() async throws {
            try await store.withCollection(readOnly: true) { c in
                let (this, last, count) = try await c.measures(agencyID: agency, year: year, subtree: subtree)
                if json {
                    print(CollectionJSON.measures(agencyID: agency, year: year, subtree: subtree, this: this, last: last))
                    return
                }
                let rows = Measure.all.map { m in [m.name, this.text(of: m), last.text(of: m), m.formula] }
                print(TextTable.render(["指标", "\(year)年", "\(year - 1)年", "公式"], rows), terminator: "")
                print("报告\(this.reports)份（\(subtree ? "含下级\(count)个机构" : "本机关")）")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The year's current reports, one row each with every cell and the measures.")
        @OptionGroup var store: StoreOptions
        @Option var year: Int
        @Option(help: "csv, xlsx or jsonl.") var to: String = "csv"
        @Option(name: .shortAndLong, help: "The file to write.") var output: String
        @Flag(help: "One row per cell: agency, year, cell id, value.") var long = false

        func run() async throws {
            guard ["csv", "xlsx", "jsonl"].contains(to) else { throw ValidationError("--to: csv, xlsx or jsonl") }
            try await store.withCollection(readOnly: true) { c in
                let rows = try await c.exportRows(year: year)
                do throws(XLSXExport.Failure) { try ExportFile.write(rows, form: ExportFile.Form(rawValue: to)!, long: long, to: output) } catch {
                    Inputs.printError(error.description)
                    throw ExitCode(2)
                }
                print("已导出\(rows.count)份报告：\(output)")
            }
        }
    }

    struct Unassigned: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reports read but not placed: their agency or year could not be told.")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            try await store.withCollection(readOnly: true) { c in
                let rows = try await c.unassigned()
                print(
                    TextTable.render(
                        ["编号", "文件", "报告中的机构", "年度", "原因"],
                        rows.map { [String($0.rowID), $0.path, $0.namedAgency ?? "", $0.year.map(String.init) ?? "", $0.reason ?? ""] }),
                    terminator: "")
            }
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Place an unassigned report at an agency and year.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The report's number in `collection unassigned`.") var report: Int
        @Option var agency: String
        @Option var year: Int
        func run() async throws {
            try await store.withCollection { c in
                try await c.assign(rowID: report, agencyID: agency, year: year, by: store.actor)
                print("已指定：\(agency) \(year)年")
            }
        }
    }

    struct Current: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Choose which version of an agency's year is current.")
        @OptionGroup var store: StoreOptions
        @Argument var agency: String
        @Option var year: Int
        @Option var version: Int?
        @Flag(help: "The latest version again.") var latest = false
        func run() async throws {
            guard (version == nil) == latest else { throw ValidationError("give --version N or --latest") }
            try await store.withCollection { c in
                try await c.chooseCurrent(agencyID: agency, year: year, version: version, by: store.actor)
                print(version.map { "当前版本：第\($0)版" } ?? "当前版本：最新版")
            }
        }
    }

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read queued files until the queue is empty: a collection worker (several may share one PostgreSQL database).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Parallel readers (two per core by default).") var workers = Collection.defaultWorkers
        @Option var lease: Double = 600
        func run() async throws {
            let printer = ProgressPrinter()
            let summary = try await store.withCollection { c in try await c.work(workers: workers, lease: lease, progress: printer.report) }
            CollectText.print(summary)
            if summary.hasProblems { throw ExitCode(1) }
        }
    }

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the findings across reports still marked (after an interrupted run).")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            try await store.withCollection { c in print("重新核对：\(try await c.recompute())组") }
        }
    }
}
