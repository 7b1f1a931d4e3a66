import ArgumentParser
import Foundation
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore

/// The proactive-disclosure register (主动公开) from the command line.
struct ItemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item",
        abstract: "Keep the proactive-disclosure register: add an item, approve it step by step (三审), publish, repeal.",
        subcommands: [Add.self, Approve.self, Publish.self, Repeal.self, List.self])

    /// An item as a line: id, formed, approvals, published or not, repealed, its Art. 26 limit and
    /// whether it is past it, the title.
    static func line(_ item: ProactiveItem, office: Office) -> String {
        let due = (try? item.disclosureDeadline(calendar: office.calendar).due).flatMap { $0 }
        let overdue = office.isOverdue(item) == true ? "逾期未公开" : ""
        return [
            item.id, item.formedOn.description, item.approvals.map { "\($0.step):\($0.by)" }.joined(separator: ","),
            item.publishedOn.map { "已公开 \($0)" } ?? "未公开", item.repealedOn.map { "已废止 \($0)" } ?? "",
            "期限 \(due.map(\.description) ?? "无法计算")", overdue, item.title,
        ].joined(separator: "\t")
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
            let form = ItemForm(id: id, title: title, category: category, formedOn: formed, documentKind: document), actor = store.actor
            try await store.withOffice { office in print(ItemCommand.line(try await office.addItem(form, by: actor), office: office)) }
        }
    }

    /// An item and a day.
    struct StepOptions: ParsableArguments {
        @Argument(help: "The item's id.") var id: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the next review step (初审, 复审, 终审), by --by (each step by a different person).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var step: StepOptions

        mutating func run() async throws {
            let (id, on, actor) = (step.id, step.on, store.actor)
            try await store.withOffice { office in
                print(ItemCommand.line(try await office.approveItem(id: id, on: on, by: actor, actor: actor), office: office))
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish an item whose review is complete.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var step: StepOptions

        mutating func run() async throws {
            let (id, on, actor) = (step.id, step.on, store.actor)
            try await store.withOffice { office in print(ItemCommand.line(try await office.publishItem(id: id, on: on, by: actor), office: office)) }
        }
    }

    struct Repeal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Repeal a 规章 or 行政规范性文件.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var step: StepOptions

        mutating func run() async throws {
            let (id, on, actor) = (step.id, step.on, store.actor)
            try await store.withOffice { office in print(ItemCommand.line(try await office.repealItem(id: id, on: on, by: actor), office: office)) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the register, with the Art. 26 limit of each item and the overdue and repealed flags.")
        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            try await store.withOffice(readOnly: true) { office in
                for item in try await office.store.items() { print(ItemCommand.line(item, office: office)) }
            }
        }
    }
}

/// The review and litigation register (table 四).
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Register a 行政复议 or 行政诉讼 case, or record its result.", subcommands: [Add.self, Decide.self])

    struct Add: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Option(help: "The case's id.") var id: String
        @Option(help: "review (行政复议), suit_direct (直接起诉) or suit_after_review (复议后起诉).") var route: String
        @Option(help: "The request it concerns, which must be registered.") var application: String?
        @Option(help: "The day it was filed (YYYY-MM-DD).") var filed: String

        mutating func run() async throws {
            let form = ReviewForm(id: id, route: route, applicationId: application, filedOn: filed), actor = store.actor
            try await store.withOffice { office in print(try await office.addReview(form, by: actor).id) }
        }
    }

    struct Decide: AsyncParsableCommand {
        @OptionGroup var store: StoreOptions
        @Argument(help: "The case's id.") var id: String
        @Option(help: "upheld (维持), corrected (纠正) or other (其他).") var result: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(help: "The decision as worded.") var text: String?

        mutating func run() async throws {
            let (id, result, on, text, actor) = (id, result, on, text, store.actor)
            try await store.withOffice { office in
                _ = try await office.decideReview(id: id, result: result, on: on, text: text, by: actor)
                print("\(id)\t\(result)\t\(on)")
            }
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
        let form = TallyForm(
            year: year, licensingDecisions: licensing, penaltyDecisions: penalty, coercionDecisions: coercion, adminFeesTenThousandYuan: fees)
        let actor = store.actor
        let tally = try await store.withOffice { office in try await office.setTally(form, by: actor) }
        print("\(tally.year)\t\(tally.licensingDecisions)\t\(tally.penaltyDecisions)\t\(tally.coercionDecisions)\t\(tally.adminFeesTenThousandYuan)")
    }
}
