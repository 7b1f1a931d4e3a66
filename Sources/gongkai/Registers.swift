import ArgumentParser
import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// The proactive-disclosure register (主动公开) from the command line.
struct ItemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item",
        abstract: "Keep the proactive-disclosure register: add an item, approve it step by step (三审), publish, repeal.",
        subcommands: [Add.self, Approve.self, Publish.self, Repeal.self, List.self])

    static func change(_ store: StoreOptions, _ id: String, _ body: (inout ProactiveItem) throws(CaseError) -> Void) async throws {
        let s = try await store.open()
        defer { Task { await s.close() } }
        do {
            guard var item = try await s.item(id: id) else { throw fail(.notFound("item \(id)")) }
            do throws(CaseError) { try body(&item) } catch { throw fail(.rejected(error)) }
            try await s.save(item, by: store.actor)
            print(ItemCommand.line(item))
        } catch let error as StoreError { throw fail(error) }
    }

    static func line(_ item: ProactiveItem) -> String {
        let due = (try? WorkingDayCalendar.bundled()).flatMap { try? item.disclosureDeadline(calendar: $0).due }
        return "\(item.id)\t\(item.formedOn)\t\(item.approvals.map { "\($0.step):\($0.by)" }.joined(separator: ","))\t"
            + "\(item.publishedOn.map { "published \($0)" } ?? "unpublished")\tdue \(due.map(\.description) ?? "?")\t\(item.title)"
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an item of information to disclose (条例 Art. 20 category 1–15).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The item's id.") var id: String
        @Option(help: "The title.") var title: String
        @Option(help: "The Art. 20 category, 1–15.") var category: Int
        @Option(help: "The day the information was formed or changed (YYYY-MM-DD).") var formed: String
        @Option(help: "rules (规章) or normative_docs (行政规范性文件), for table 二.") var document: String?

        mutating func run() async throws {
            guard let c = DisclosureCategory(rawValue: category) else { throw ValidationError("--category: 1 to 15 (条例 Art. 20)") }
            var kind: ProactiveItem.DocumentKind?
            if let document {
                guard let k = ProactiveItem.DocumentKind(rawValue: document) else { throw ValidationError("--document: rules or normative_docs") }
                kind = k
            }
            let item = ProactiveItem(id: id, title: title, category: c, formedOn: try day(formed, "--formed"), documentKind: kind)
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                guard try await s.item(id: id) == nil else { throw fail(.conflict("item \(id)")) }
                try await s.save(item, by: store.actor)
            } catch let error as StoreError { throw fail(error) }
            print(ItemCommand.line(item))
        }
    }

    /// An item, a day, and the review chain in force.
    struct StepOptions: ParsableArguments {
        @Argument(help: "The item's id.") var id: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(help: "The review steps, comma-separated.") var chain: String = ReviewChain.standard.steps.joined(separator: ",")

        var reviewChain: ReviewChain { ReviewChain(steps: chain.split(separator: ",").map(String.init)) }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the next review step, by --by (each step by a different person).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var step: StepOptions

        mutating func run() async throws {
            let d = try day(step.on, "--on"), steps = step.reviewChain, who = store.actor
            try await ItemCommand.change(store, step.id) { item throws(CaseError) in try item.approve(by: who, on: d, chain: steps) }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish an item whose review is complete.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var step: StepOptions

        mutating func run() async throws {
            let d = try day(step.on, "--on"), steps = step.reviewChain
            try await ItemCommand.change(store, step.id) { item throws(CaseError) in try item.publish(on: d, chain: steps) }
        }
    }

    struct Repeal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Repeal a 规章 or 行政规范性文件.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The item's id.") var id: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String

        mutating func run() async throws {
            let d = try day(on, "--on")
            try await ItemCommand.change(store, id) { item throws(CaseError) in try item.repeal(on: d) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the register, with the Art. 26 limit of each item.")
        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
            do { for item in try await s.items() { print(ItemCommand.line(item)) } } catch { throw fail(error) }
        }
    }
}

/// The review and litigation register (table 四) and the year's tallies (table 二).
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Register a 行政复议 or 行政诉讼 case, or record its result.", subcommands: [Add.self, Decide.self])

    struct Add: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option(help: "The case's id.") var id: String
        @Option(help: "review, suit_direct or suit_after_review.") var route: String
        @Option(help: "The application it concerns.") var application: String?
        @Option(help: "The day it was filed (YYYY-MM-DD).") var filed: String

        mutating func run() async throws {
            guard let r = ReviewCase.Route(rawValue: route) else { throw ValidationError("--route: review, suit_direct or suit_after_review") }
            let review = ReviewCase(id: id, route: r, applicationCaseID: application, filedOn: try day(filed, "--filed"))
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                guard try await !s.reviews().contains(where: { $0.id == id }) else { throw fail(.conflict("review \(id)")) }
                try await s.save(review, by: store.actor)
            } catch let error as StoreError { throw fail(error) }
            print(id)
        }
    }

    struct Decide: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case's id.") var id: String
        @Option(help: "upheld (维持), corrected (纠正) or other (其他).") var result: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(help: "The decision as worded.") var text: String?

        mutating func run() async throws {
            guard let r = ReviewCase.Result(rawValue: result) else { throw ValidationError("--result: upheld, corrected or other") }
            let d = try day(on, "--on")
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                guard var review = try await s.reviews().first(where: { $0.id == id }) else { throw fail(.notFound("review \(id)")) }
                do throws(CaseError) { try review.decide(r, on: d, text: text) } catch { throw fail(.rejected(error)) }
                try await s.save(review, by: store.actor)
            } catch let error as StoreError { throw fail(error) }
            print("\(id)\t\(result)\t\(on)")
        }
    }
}

struct TallyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally", abstract: "Set the year's decision counts and fees collected for table 二.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The year.") var year: Int
    @Option(help: "行政许可 decisions.") var licensing: Int = 0
    @Option(help: "行政处罚 decisions.") var penalty: Int = 0
    @Option(help: "行政强制 decisions.") var coercion: Int = 0
    @Option(name: .customLong("fees"), help: "行政事业性收费 collected, in 万元.") var fees: String = "0"

    mutating func run() async throws {
        guard let amount = ReportNumber(parsing: fees), amount >= ReportNumber(0) else { throw ValidationError("--fees: a decimal number of 万元") }
        guard [licensing, penalty, coercion].allSatisfy({ $0 >= 0 }) else { throw ValidationError("counts are not negative") }
        var tally = YearTally(year: year)
        tally.licensingDecisions = licensing
        tally.penaltyDecisions = penalty
        tally.coercionDecisions = coercion
        tally.adminFeesTenThousandYuan = amount
        let s = try await store.open()
        defer { Task { await s.close() } }
        do { try await s.save(tally, by: store.actor) } catch { throw fail(error) }
        print("\(year)\t\(licensing)\t\(penalty)\t\(coercion)\t\(amount)")
    }
}
