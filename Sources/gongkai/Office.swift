import ArgumentParser
import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore

/// Where the office's records are: `--db`, or $GONGKAI_DB, or gongkai.sqlite here.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "The store: a SQLite file (default $GONGKAI_DB or gongkai.sqlite) or postgres://user:password@host:port/database.")
    var location: String = ProcessInfo.processInfo.environment["GONGKAI_DB"] ?? "gongkai.sqlite"

    @Option(name: .customLong("by"), help: "Who does this, for the audit log.")
    var actor: String = ProcessInfo.processInfo.environment["USER"].map { "cli:\($0)" } ?? "cli"

    @Option(name: .customLong("as-of"), help: "The day to judge timing warnings and overdue flags on (YYYY-MM-DD; today in China by default).")
    var asOf: String?

    func open(readOnly: Bool = false) async throws -> any RecordStore {
        // A command that only reads says so when there is nothing to read, instead of making an empty store.
        if readOnly, !location.hasPrefix("postgres"),
            !FileManager.default.fileExists(atPath: location.hasPrefix("sqlite:") ? String(location.dropFirst(7)) : location)
        {
            Inputs.printError("\(location): 没有这个记录库（先用 case add 等命令登记，或用 --db 指定）")
            throw ExitCode(2)
        }
        do { return try await Stores.open(location) } catch {
            Inputs.printError(error.description)
            throw ExitCode(2)
        }
    }

    /// Opens the store, runs `body` on it and closes it before returning.
    func using<T>(readOnly: Bool = false, _ body: (any RecordStore) async throws -> T) async throws -> T {
        let store = try await open(readOnly: readOnly)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            if let error = error as? StoreError { throw fail(error) }
            throw error
        }
    }

    /// Opens the store, runs `body` with the office's use cases on it, and closes the store
    /// before returning (awaited: nothing is left to run after the command exits).
    func withOffice<T>(readOnly: Bool = false, _ body: (Office) async throws -> T) async throws -> T {
        let today: ReportDate
        if let asOf {
            guard let d = ReportDate(iso: asOf) else { throw ValidationError("--as-of: \(asOf) is not a date (YYYY-MM-DD)") }
            today = d
        } else {
            today = .todayInChina
        }
        return try await using(readOnly: readOnly) { store in
            try await body(try await Office.open(store: store, today: { today }))
        }
    }
}

func day(_ text: String, _ option: String) throws -> ReportDate {
    guard let d = ReportDate(iso: text) else { throw ValidationError("\(option): \(text) is not a date (YYYY-MM-DD)") }
    return d
}

/// A store error as the command line reports it: refused input exits 1, anything else 2.
func fail(_ error: StoreError) -> ExitCode {
    Inputs.printError(error.description)
    switch error {
    case .rejected, .invalid, .conflict, .notFound, .denied, .forbidden, .tooManyAttempts: return ExitCode(1)
    default: return ExitCode(2)
    }
}

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Register applications (依申请公开) and record what happens to them.",
        subcommands: [Add.self, Event.self, VoidEvent.self, Correct.self, Show.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a request received on a day (条例 Art. 31); prints its id and the applicant's tracking code.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The request's id.") var id: String
        @Option(help: "The application it was split from (一事一申请); its own id by default.") var application: String?
        @Option(help: "The applicant: \(ApplicantKind.accepted).") var applicant: String
        @Option(help: "How it arrived: \(Channel.accepted).") var channel: String
        @Option(help: "The receipt day (YYYY-MM-DD).") var received: String
        @Option(help: "The day it was handed in or sent, checked against the receipt day (条例 Art. 31).") var submitted: String?
        @Option(help: "What is asked for.") var request: String
        @Option(help: "The applicant's name or organisation (kept private).") var name: String?
        @Option(help: "The applicant's phone, e-mail or address (kept private).") var contact: String?

        mutating func run() async throws {
            let form = RequestForm(
                id: id, applicationId: application, applicant: applicant, channel: channel, receivedOn: received,
                submittedOn: submitted, request: request, applicantName: name, contact: contact)
            let actor = store.actor
            let (c, token) = try await store.withOffice { office in try await office.registerRequest(form, by: actor) }
            print(c.id)
            print("查询码：\(token)（交申请人凭此查询办理进度；本机关不保存原文，遗失不能找回）")
        }
    }

    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record an event: correction-requested, correction-received, correction-lapsed, consultation-started, consultation-ended, extended, fee-noticed, fee-paid, fee-lapsed, decided, withdrawn."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String
        @Argument(help: "The event.") var kind: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(name: .customLong("due-by"), help: "correction-requested: the day to amend by.") var dueBy: String?
        @Option(help: "decided: the row of table 三, by key (granted, partial, denied.state_secret …) or name (予以公开, 保护第三方合法权益 …).") var outcome:
            String?
        @Option(help: "decided: the legal basis.") var basis: String?
        @Option(name: .customLong("working-days"), help: "extended: working days (1–20).") var workingDays: Int?
        @Option(name: .customLong("approved-by"), help: "extended: who approved (--by when absent).") var approvedBy: String?
        @Option(help: "fee-noticed: the fee in yuan.") var yuan: Int?
        @Option(help: "fee-noticed: pages supplied (按量, the fee by the schedule).") var pages: Int?
        @Option(name: .customLong("monthly-count"), help: "fee-noticed: the applicant's applications this month, this one included (按件).")
        var monthlyCount: Int?
        @Option(help: "consultation-started: third_party_consultation (default) or agency_consultation.") var party: String?

        mutating func run() async throws {
            let form = EventForm(
                kind: kind, on: on, dueBy: dueBy, outcome: outcome, basis: basis, workingDays: workingDays, approvedBy: approvedBy,
                yuan: yuan, pages: pages, monthlyCount: monthlyCount, party: party)
            let id = id, actor = store.actor
            try await store.withOffice { office in
                let c = try await office.recordEvent(form, on: id, by: actor)
                print(CaseText.summary(c, office: office))
            }
        }
    }

    struct VoidEvent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "Void an event recorded by mistake (numbered from 1 as case show lists them), with the reason; audited.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The event's number, from 1.") var event: Int
        @Option(help: "Why (kept in the audit log).") var reason: String

        mutating func run() async throws {
            let (id, event, reason, actor) = (id, event, reason, store.actor)
            try await store.withOffice { office in
                print(CaseText.summary(try await office.voidEvent(number: event, on: id, reason: reason, by: actor), office: office))
            }
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Correct a field of a request (\(ApplicationCase.Field.allCases.map(\.rawValue).joined(separator: ", "))), with the reason; audited.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String
        @Option(help: "The field.") var field: String
        @Option(help: "The corrected value (codes or Chinese names; dates as YYYY-MM-DD).") var value: String
        @Option(help: "Why (kept in the audit log).") var reason: String

        mutating func run() async throws {
            let (id, field, value, reason, actor) = (id, field, value, reason, store.actor)
            try await store.withOffice { office in
                print(
                    CaseText.summary(try await office.correctRequest(id: id, field: field, value: value, reason: reason, by: actor), office: office))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a request: its events, state and deadline with the explanation.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String

        mutating func run() async throws {
            let id = id
            try await store.withOffice(readOnly: true) { office in print(CaseText.summary(try await office.request(id: id), office: office)) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List requests in id order, a page at a time, with each open request's reply day.",
            discussion: "Flags: 逾期 (past its reply day), 临近 (due within 5 working days), 待补正 / 征求意见 / 待缴费 (the clock waits).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Start after this id (the last of the page before).") var after: String?
        @Option(help: "Requests per page (1–500).") var limit: Int = 50
        @Flag(help: "Only open requests.") var open = false
        @Flag(help: "Only open requests past their reply day.") var overdue = false

        mutating func run() async throws {
            guard (1...500).contains(limit) else { throw ValidationError("--limit: 1 to 500") }
            let (after, limit, onlyOpen, onlyOverdue) = (after, limit, open || overdue, overdue)
            try await store.withOffice(readOnly: true) { office in
                for c in try await office.store.applications(after: after, limit: limit) {
                    let status = CaseText.status(c, office: office)
                    if onlyOpen, c.closing != nil { continue }
                    if onlyOverdue, status.flag != "逾期" { continue }
                    print([c.id, c.receivedOn.description, c.applicant.label, status.text, status.flag].joined(separator: "\t"))
                }
            }
        }
    }
}

enum CaseText {
    static func summary(_ c: ApplicationCase, office: Office) -> String {
        var lines = ["\(c.id)  \(c.applicant.label)  \(c.channel.label)  收到 \(c.receivedOn)  \(c.request)"]
        for (k, e) in c.events.enumerated() { lines.append("  \(k + 1). \(e.date)  \(e.label)") }
        lines += office.warnings(c).map { "注意：" + $0 }
        if let closing = c.closing {
            lines.append("已办结：\(closing.on) \(closing.outcome.label)")
        } else {
            do {
                let deadline = try c.answerDeadline(calendar: office.calendar)
                lines.append("答复期限：\(deadline.due.map(\.description) ?? "中止")")
                lines += deadline.explanation.map { "  " + $0 }
            } catch {
                lines.append("答复期限：\(error.description)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A list line's state and flag: 已办结 with the outcome; the reply day of an open request,
    /// flagged 逾期 past it and 临近 within five working days of it.
    static func status(_ c: ApplicationCase, office: Office) -> (text: String, flag: String) {
        if let closing = c.closing { return ("已办结 \(closing.on) \(closing.outcome.label)", "") }
        switch c.state {
        case .awaitingCorrection(let dueBy): return ("待补正（\(dueBy)前）", "待补正")
        case .inConsultation: return ("征求意见中", "征求意见")
        case .awaitingFee: return ("待缴费", "待缴费")
        default: break
        }
        guard let standing = office.standing(c) else { return ("办理中", "") }
        if let why = standing.uncountable { return ("答复期限：\(why)", "") }
        guard let due = standing.due else { return ("办理中", "") }
        return ("答复期限 \(due)", standing.overdue ? "逾期" : standing.dueSoon ? "临近" : "")
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The year's annual report computed from the office's records, checked and written in the official format.",
        discussion: """
            Sections 一 and 六 state the year's figures from the records; --overview, --problems and --other add the office's own text \
            (a text, or @FILE to read it from a file). A section still holding its placeholder is warned about. The 落款 is the agency \
            and --date (today in China by default).
            """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The statistical year.") var year: Int
    @Option(help: "The agency the report is for.") var agency: String
    @Option(help: "The date of the 落款 (YYYY-MM-DD; today in China, or --as-of, by default).") var date: String?
    @Option(help: "Section 一's own text after the figures (text or @FILE).") var overview: String?
    @Option(help: "Section 五: the main problems and how they are being mended (text or @FILE).") var problems: String?
    @Option(help: "Section 六's own text after the fees (text or @FILE).") var other: String?
    @Option(name: .customLong("to"), help: "docx, html, md or pdf.") var format: ReportWriter.Format = .md
    @Option(name: .shortAndLong, help: "The file to write (HTML and Markdown go to standard output without it).") var output: String?
    @Flag(help: "Record the report as published (its cells), so that a later correction of the records shows what it changes.") var publish = false

    /// A text option's value: the text, or the contents of the file after `@`.
    static func text(_ value: String?, _ option: String) throws -> String? {
        guard let value else { return nil }
        guard value.hasPrefix("@") else { return value }
        guard let text = try? String(contentsOfFile: String(value.dropFirst()), encoding: .utf8) else {
            throw ValidationError("\(option): \(value.dropFirst()) cannot be read as UTF-8 text")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func run() async throws {
        let texts = YearReport.Texts(
            overview: try Self.text(overview, "--overview"), problems: try Self.text(problems, "--problems"),
            otherMatters: try Self.text(other, "--other"))
        let signed: ReportDate?
        if let date {
            guard let d = ReportDate(iso: date) else { throw ValidationError("--date: \(date) is not a date (YYYY-MM-DD)") }
            signed = d
        } else {
            signed = nil
        }
        let (year, agency) = (year, agency)
        let report = try await store.withOffice(readOnly: !publish) { office in
            var report = try await office.yearReport(year: year, agency: agency, texts: texts)
            report.publicationDate = signed ?? office.today()
            // A published report is not changed silently: what the records now give otherwise is said.
            if let (published, changes) = try await office.changesSincePublication(year: year, agency: agency), !changes.isEmpty {
                Inputs.printWarning("\(year)年报告已于\(published.publishedOn)发布；按现在的记录，有\(changes.count)个单元格与发布时不同：")
                for c in changes.prefix(20) {
                    Inputs.printWarning("  \(c.cell)：发布时 \(c.published.isEmpty ? "空白" : c.published)，现在 \(c.now.isEmpty ? "空白" : c.now)")
                }
            }
            return report
        }
        for kind in FillInDocument.placeholderSections(of: report) {
            Inputs.printWarning(
                "「\(kind.standardHeading)」仍是占位文字，发布前请填写（\(kind == .problems ? "--problems" : kind == .overview ? "--overview" : "--other")）")
        }
        let data: Data
        do { data = try ReportWriter(format: format).write(report) } catch {
            Inputs.printError(error.description)
            if case .findings = error { throw ExitCode(1) }
            throw ExitCode(2)
        }
        if let output {
            do { try Inputs.writeAtomically(data, to: output) } catch {
                Inputs.printError("\(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
        guard publish, let day = report.publicationDate else { return }
        let actor = store.actor
        try await store.withOffice { office in _ = try await office.publishReport(year: year, agency: agency, on: day, by: actor) }
        Inputs.printWarning("已记录\(year)年报告为已发布（\(day)）")
    }
}

/// The working-day calendar's years: the bundled ones and those added from later notices.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The working-day calendar: list its years, add the next year from its State Council notice.",
        subcommands: [List.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The years the calendar counts, each with its notice.")
        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            try await store.withOffice { office in
                for year in office.calendar.years { print("\(year)\t\(office.calendar.notices(for: year).joined(separator: "、"))") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Add the next year: a JSON file {\"year\", \"notices\", \"holidays\": [{\"name\", \"from\", \"to\"}], \"workdays\": [{\"name\", \"date\"}]}."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The year's file.") var file: String

        mutating func run() async throws {
            let year: WorkingDayCalendar.Year
            do { year = try JSONDecoder().decode(WorkingDayCalendar.Year.self, from: Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                Inputs.printError("\(file): not a calendar year (\(error))")
                throw ExitCode(2)
            }
            let actor = store.actor
            try await store.withOffice { office in try await office.addCalendarYear(year, by: actor) }
            print("\(year.year)\t\(year.notices.joined(separator: "、"))")
        }
    }
}

struct OfficeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office",
        abstract: "Whole-store tasks: load synthetic records, measure, read the audit log.",
        subcommands: [Load.self, Bench.self, Audit.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load synthetic applications with realistic histories (for demonstrations and benchmarks).",
            discussion:
                "Prints `committed N` after each batch's transaction, then does the database's upkeep at once (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite) and prints `optimized`."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Applications to load.") var count: Int = 10_000
        @Option(help: "Applications per transaction.") var batch: Int = 10_000
        @Option(help: "The random seed.") var seed: UInt64 = 1
        @Option(help: "The first year of the history.") var from: Int = 2023
        @Option(help: "The last year of the history.") var through: Int = 2025

        mutating func run() async throws {
            try await store.using { s in
                var done = 0
                var part = 0
                while done < count {
                    let n = min(batch, count - done)
                    let records: OfficeRecords
                    do {
                        records = try SyntheticHistory.make(
                            seed: seed &+ UInt64(part), applications: n, idPrefix: "S\(seed)-\(String(part + 1000))-", from: from, through: through)
                    } catch {
                        Inputs.printError("\(error)")
                        throw ExitCode(2)
                    }
                    do {
                        try await s.importCases(records.applications, by: store.actor)
                        if part == 0 {
                            for item in records.items { try await s.save(item, by: store.actor) }
                            for review in records.reviews { try await s.save(review, by: store.actor) }
                            for tally in records.tallies { try await s.save(tally, by: store.actor) }
                        }
                    } catch let error as StoreError { throw fail(error) }
                    done += n
                    part += 1
                    // Written straight to the descriptor: a reader sees each line as soon as it is committed.
                    FileHandle.standardOutput.write(Data("committed \(done)\n".utf8))
                }
                // The database's upkeep is done now, not when autovacuum gets to every new page.
                do { try await s.optimize() } catch let error as StoreError { throw fail(error) }
                print("optimized")
            }
        }
    }

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the year's tables computed by the store, and a walk through the list pages.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The year.") var year: Int = 2025
        @Option(help: "Runs.") var runs: Int = 3

        mutating func run() async throws {
            try await store.using { s in
                let clock = ContinuousClock()
                do {
                    for _ in 0..<runs {
                        var report: Report?
                        let t = try await clock.measure { report = try await s.yearReport(year: year, agency: "bench") }
                        let total = report?.cells["t3.new.total"]?.value.arithmeticValue.map(\.description) ?? "?"
                        print("year tables \(year): \(t) (新收 \(total))")
                    }
                    var cursor: String?
                    var pages = 0
                    let t = try await clock.measure {
                        for _ in 0..<100 {
                            let page = try await s.applications(after: cursor, limit: 50)
                            guard let last = page.last else { break }
                            cursor = last.id
                            pages += 1
                        }
                    }
                    print("list pages of 50: \(pages) pages in \(t) (\(t / max(pages, 1)) per page)")
                } catch let error as StoreError { throw fail(error) }
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit log: who changed what, when, before and after.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A record's id (all records without it).") var id: String?
        @Option(help: "Entries to print.") var limit: Int = 100

        mutating func run() async throws {
            try await store.using { s in
                do {
                    for e in try await s.auditLog(entityID: id, limit: limit) {
                        print("\(e.sequence)\t\(e.at)\t\(e.actor)\t\(e.entity)\t\(e.entityID)\t\(e.action)")
                    }
                } catch let error as StoreError { throw fail(error) }
            }
        }
    }
}
