import ArgumentParser
import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// Where the office's records are: `--db`, or $GONGKAI_DB, or gongkai.sqlite here.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The store: a SQLite file (default $GONGKAI_DB or gongkai.sqlite) or postgres://user:password@host:port/database.")
    var location: String = ProcessInfo.processInfo.environment["GONGKAI_DB"] ?? "gongkai.sqlite"

    @Option(name: .customLong("by"), help: "Who does this, for the audit log.")
    var actor: String = ProcessInfo.processInfo.environment["USER"].map { "cli:\($0)" } ?? "cli"

    func open() async throws -> any RecordStore {
        do { return try await Stores.open(location) } catch {
            Inputs.printError(error.description)
            throw ExitCode(2)
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
    case .rejected, .invalid, .conflict, .notFound: return ExitCode(1)
    default: return ExitCode(2)
    }
}

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Register applications (依申请公开) and record what happens to them.",
        subcommands: [Add.self, Event.self, Show.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a request received on a day (条例 Art. 31).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The request's id.") var id: String
        @Option(help: "The application it was split from (一事一申请); its own id by default.") var application: String?
        @Option(help: "natural, commercial, research, public_interest, legal_service or other_org.") var applicant: String
        @Option(help: "in_person, letter, online, fax or email.") var channel: String
        @Option(help: "The receipt day (YYYY-MM-DD).") var received: String
        @Option(help: "The day it was handed in or sent, checked against the receipt day (条例 Art. 31).") var submitted: String?
        @Option(help: "What is asked for.") var request: String

        mutating func run() async throws {
            guard let kind = ApplicantKind(rawValue: applicant) else {
                throw ValidationError("--applicant: \(applicant) is not one of \(ApplicantKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let via = Channel(rawValue: channel) else {
                throw ValidationError("--channel: \(channel) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var c = ApplicationCase(id: id, applicationID: application, applicant: kind, channel: via, request: request, receivedOn: try day(received, "--received"))
            if let submitted {
                c.submittedOn = try day(submitted, "--submitted")
                if let error = ApplicationCase.receiptError(channel: via, submittedOn: c.submittedOn, receivedOn: c.receivedOn) {
                    throw ValidationError(error.description)
                }
            }
            let s = try await store.open()
            defer { Task { await s.close() } }
            do { try await s.create(c, by: store.actor) } catch { throw fail(error) }
            print(id)
        }
    }

    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an event: correction-requested, correction-received, correction-lapsed, consultation-started, consultation-ended, extended, fee-noticed, fee-paid, fee-lapsed, decided, withdrawn.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String
        @Argument(help: "The event.") var kind: String
        @Option(help: "The day (YYYY-MM-DD).") var on: String
        @Option(name: .customLong("due-by"), help: "correction-requested: the day to amend by.") var dueBy: String?
        @Option(help: "decided: the row of table 三 (granted, partial, denied.state_secret …).") var outcome: String?
        @Option(help: "decided: the legal basis.") var basis: String?
        @Option(name: .customLong("working-days"), help: "extended: working days (1–20).") var workingDays: Int?
        @Option(name: .customLong("approved-by"), help: "extended: who approved (--by when absent).") var approvedBy: String?
        @Option(help: "fee-noticed: the fee in yuan.") var yuan: Int?
        @Option(help: "fee-noticed: pages supplied (按量, the fee by the schedule).") var pages: Int?
        @Option(name: .customLong("monthly-count"), help: "fee-noticed: the applicant's applications this month, this one included (按件).") var monthlyCount: Int?
        @Option(help: "consultation-started: third_party_consultation (default) or agency_consultation.") var party: String?

        func event() throws -> ApplicationCase.Event {
            let form = EventForm(
                kind: kind, on: on, dueBy: dueBy, outcome: outcome, basis: basis, workingDays: workingDays, approvedBy: approvedBy,
                yuan: yuan, pages: pages, monthlyCount: monthlyCount, party: party)
            do throws(CaseError) { return try form.event(recordedBy: store.actor) } catch {
                throw ValidationError("\(kind): \(error.description)")
            }
        }

        mutating func run() async throws {
            let e = try event()
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                let c = try await s.record(e, on: id, by: store.actor)
                print(CaseText.summary(c, calendar: try? WorkingDayCalendar.bundled()))
            } catch { throw fail(error) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a request: its events, state and deadline with the explanation.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The request's id.") var id: String

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                guard let c = try await s.application(id: id) else { throw fail(.notFound("application \(id)")) }
                print(CaseText.summary(c, calendar: try? WorkingDayCalendar.bundled()))
            } catch let error as StoreError { throw fail(error) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests in id order, a page at a time.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Start after this id (the last of the page before).") var after: String?
        @Option(help: "Requests per page.") var limit: Int = 50

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                for c in try await s.applications(after: after, limit: limit) {
                    let state = c.closing.map { "\($0.on) \($0.outcome.rowKey)" } ?? "open"
                    print("\(c.id)\t\(c.receivedOn)\t\(c.applicant.rawValue)\t\(state)")
                }
            } catch { throw fail(error) }
        }
    }
}

enum CaseText {
    static func summary(_ c: ApplicationCase, calendar: WorkingDayCalendar?) -> String {
        var lines = ["\(c.id)  \(c.applicant.label)  \(c.channel.label)  收到 \(c.receivedOn)  \(c.request)"]
        for e in c.events { lines.append("  \(e.date)  \(e.label)") }
        if let calendar, let warnings = try? c.warnings(on: .todayInChina, calendar: calendar) {
            lines += warnings.map { "注意：" + $0 }
        }
        if let closing = c.closing {
            lines.append("已办结：\(closing.on) \(closing.outcome.label)")
        } else if let calendar, let deadline = try? c.answerDeadline(calendar: calendar) {
            lines.append("答复期限：\(deadline.due.map(\.description) ?? "中止")")
            lines += deadline.explanation.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The year's annual report computed from the office's records, checked and written in the official format.")
    @OptionGroup var store: StoreOptions
    @Option(help: "The statistical year.") var year: Int
    @Option(help: "The agency the report is for.") var agency: String
    @Option(name: .customLong("to"), help: "docx, html, md or pdf.") var format: ReportWriter.Format = .md
    @Option(name: .shortAndLong, help: "The file to write (HTML and Markdown go to standard output without it).") var output: String?

    mutating func run() async throws {
        let s = try await store.open()
        defer { Task { await s.close() } }
        let report: Report
        do { report = try await s.yearReport(year: year, agency: agency) } catch { throw fail(error) }
        let data: Data
        do { data = try ReportWriter(format: format).write(report) } catch {
            Inputs.printError(error.description)
            if case .findings = error { throw ExitCode(1) }
            throw ExitCode(2)
        }
        guard let output else { FileHandle.standardOutput.write(data); return }
        do { try Inputs.writeAtomically(data, to: output) } catch {
            Inputs.printError("\(output): \(error.localizedDescription)")
            throw ExitCode(2)
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
            discussion: "Prints `committed N` after each batch's transaction, then does the database's upkeep at once (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite) and prints `optimized`.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Applications to load.") var count: Int = 10_000
        @Option(help: "Applications per transaction.") var batch: Int = 10_000
        @Option(help: "The random seed.") var seed: UInt64 = 1
        @Option(help: "The first year of the history.") var from: Int = 2023
        @Option(help: "The last year of the history.") var through: Int = 2025

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
            var done = 0
            var part = 0
            while done < count {
                let n = min(batch, count - done)
                let records: OfficeRecords
                do {
                    records = try SyntheticHistory.make(seed: seed &+ UInt64(part), applications: n, idPrefix: "S\(seed)-\(String(part + 1000))-", from: from, through: through)
                } catch { Inputs.printError(error.description); throw ExitCode(2) }
                do {
                    try await s.importCases(records.applications, by: store.actor)
                    if part == 0 {
                        for item in records.items { try await s.save(item, by: store.actor) }
                        for review in records.reviews { try await s.save(review, by: store.actor) }
                        for tally in records.tallies { try await s.save(tally, by: store.actor) }
                    }
                } catch { throw fail(error) }
                done += n
                part += 1
                // Written straight to the descriptor: a reader sees each line as soon as it is committed.
                FileHandle.standardOutput.write(Data("committed \(done)\n".utf8))
            }
            // The database's upkeep is done now, not when autovacuum gets to every new page.
            do { try await s.optimize() } catch { throw fail(error) }
            print("optimized")
        }
    }

    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the year's tables computed by the store, and a walk through the list pages.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The year.") var year: Int = 2025
        @Option(help: "Runs.") var runs: Int = 3

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
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

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit log: who changed what, when, before and after.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A record's id (all records without it).") var id: String?
        @Option(help: "Entries to print.") var limit: Int = 100

        mutating func run() async throws {
            let s = try await store.open()
            defer { Task { await s.close() } }
            do {
                for e in try await s.auditLog(entityID: id, limit: limit) {
                    print("\(e.sequence)\t\(e.at)\t\(e.actor)\t\(e.entity)\t\(e.entityID)\t\(e.action)")
                }
            } catch { throw fail(error) }
        }
    }
}
