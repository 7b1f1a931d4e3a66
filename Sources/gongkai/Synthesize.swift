import ArgumentParser
import Dispatch
import Foundation
import GongkaiCollection
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords

/// A synthetic national year for the collection's benchmark: a five-level register and one
/// report per agency (a few left out, as in life), each made by the records engine from a
/// synthetic office's requests, so that its cells keep the format's rules and differ from
/// agency to agency, and written as the official Markdown.
struct Synthesize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a synthetic register and year of reports for benchmarks (Scripts/collection-bench.sh).")

    @Option(help: "How many agencies (five levels, every level fanned out alike).") var agencies = 100_000
    @Option(help: "The year of the reports.") var year = 2024
    @Option(help: "Every n-th agency sends no report.") var missingEvery = 40
    @Option(name: .shortAndLong, help: "The folder to write register.csv and reports/ into.") var output: String

    static let stems = Array("甲乙丙丁戊己庚辛壬癸")

    /// A number as a name part of Heavenly Stems (no digits, which a title's year would absorb).
    static func name(_ n: Int) -> String {
        var digits: [Character] = []
        var k = n
        repeat {
            digits.insert(stems[k % 10], at: 0)
            k /= 10
        } while k > 0
        return String(digits)
    }

    static let sentences = [
        "全面贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。", "围绕优化营商环境，及时发布惠企政策和办事指南。",
        "加强政策解读，采用图解、视频等形式提升解读质量。", "规范依申请公开办理流程，严格落实法定答复期限。", "完善政府信息公开平台建设，推进基层政务公开标准化规范化。",
        "强化重点领域信息公开，做好财政预决算、重大建设项目等信息发布。", "健全政务舆情回应机制，及时回应社会关切。",
        "加强业务培训，提高工作人员依法公开的意识和能力。", "部分信息更新不够及时，栏目内容有待丰富。", "政策解读的针对性和可读性仍需提高。",
        "依申请公开答复的规范化水平有待进一步提升。", "下一步将完善考核机制，加强督促检查。",
    ]

    static func text(seed: Int, count: Int) -> String {
        var g = seed &* 2_654_435_761
        return (0..<count).map { _ in
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return sentences[Int((UInt64(bitPattern: Int64(g)) >> 33) % UInt64(sentences.count))]
        }.joined()
    }

    func run() throws {
        var fanOut = 2
        while 1 + fanOut + fanOut * fanOut + fanOut * fanOut * fanOut + fanOut * fanOut * fanOut * fanOut < agencies { fanOut += 1 }
        var list: [Agency] = []
        func add(_ id: String, _ name: String, _ parent: String?, _ kind: AgencyKind, level: Int) {
            guard list.count < agencies else { return }
            list.append(Agency(id: id, name: name, parent: parent, kind: kind))
            guard level < 5 else { return }
            for k in 0..<fanOut {
                let childID = "\(id).\(k)"
                switch level {
                case 1: add(childID, name.replacingOccurrences(of: "人民政府", with: "") + Self.name(k) + "市人民政府", id, .government, level: 2)
                case 2: add(childID, name.replacingOccurrences(of: "人民政府", with: "") + Self.name(k) + "县人民政府", id, .government, level: 3)
                case 3:
                    let kind: AgencyKind = k % 3 == 0 ? .department : k % 3 == 1 ? .township : .subdistrict
                    let suffix = kind == .department ? "局" : kind == .township ? "镇人民政府" : "街道办事处"
                    add(childID, name.replacingOccurrences(of: "人民政府", with: "") + Self.name(k) + suffix, id, kind, level: 4)
                default:
                    add(
                        childID, name.replacingOccurrences(of: "人民政府", with: "").replacingOccurrences(of: "办事处", with: "") + Self.name(k) + "所", id,
                        .department, level: 5)
                }
            }
        }
        // Breadth would be fairer than depth when the count cuts the last level short; the
        // fan-out is chosen so that it barely does.
        add("0", "甲省人民政府", nil, .government, level: 1)
        let register = try Register(list)
        let reports = URL(fileURLWithPath: output).appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data(RegisterCSV.render(register).utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent("register.csv"))
        let year = self.year, missingEvery = self.missingEvery, all = register.agencies
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            guard missingEvery <= 0 || i % missingEvery != missingEvery - 1 else { return }
            do {
                var records = try SyntheticHistory.make(seed: UInt64(i + 1), from: year - 1, through: year, applications: 8 + i % 40)
                records.agency = all[i].name
                let report = try YearReport.make(
                    year: year, records: records,
                    texts: .init(overview: Self.text(seed: i, count: 6), problems: Self.text(seed: i + 7, count: 3)))
                try Data(MarkdownWriter.render(report).utf8).write(to: reports.appendingPathComponent("\(all[i].id).md"))
            } catch {
                failures.add("\(all[i].id): \(error)")
            }
        }
        for f in failures.list.prefix(5) { Inputs.printError(f) }
        print("\(list.count) agencies (fan-out \(fanOut)), reports in \(reports.path)")
        if !failures.list.isEmpty { throw ExitCode(1) }
    }

    final class Failures: @unchecked Sendable {
        let lock = NSLock()
        var list: [String] = []
        func add(_ s: String) {
            lock.lock()
            list.append(s)
            lock.unlock()
        }
    }
}
