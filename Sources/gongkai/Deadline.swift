import ArgumentParser
import Foundation
import GongkaiModel
import GongkaiRecords

struct DeadlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract: "Work out a time limit in working days on the official calendar.",
        discussion: """
            Prints the last day of the limit alone on the first line (YYYY-MM-DD), then how it \
            was counted: the start day is not counted (民法典 Art. 201), weekends and the \
            holidays of the State Council's notice are skipped, 调休 working weekends count, \
            paused periods (consultation, fee payment) are left out, an extension runs on from \
            the original last day. While a pause is still open the first line is `suspended`.
            """)

    @Option(help: "The day the limit starts from (receipt, or the amended application's arrival): YYYY-MM-DD.")
    var from: String

    @Option(name: .customLong("working-days"), help: "Working days allowed (20 to answer, 7 for the 补正 notice, 15 for a consultation reply).")
    var workingDays: Int = 20

    @Option(name: .customLong("extension"), help: "Working days of an approved extension (at most 20, 条例 Art. 33).")
    var extensionDays: Int = 0

    @Option(name: .customLong("pause"), help: "A period not counted, FROM:TO or FROM: while still open (repeatable).")
    var pauses: [String] = []

    @Option(help: "A calendar file to use instead of the bundled one (see Sources/GongkaiRecords/Resources/working-days.json).")
    var calendar: String?

    func validate() throws {
        guard ReportDate(iso: from) != nil else { throw ValidationError("--from: \(from) is not a date (YYYY-MM-DD)") }
        guard workingDays >= 1 else { throw ValidationError("--working-days must be at least 1") }
        guard (0...DeadlineRule.maximumExtension).contains(extensionDays) else {
            throw ValidationError("--extension must be 0…\(DeadlineRule.maximumExtension) working days (条例 Art. 33)")
        }
        _ = try parsedPauses()
    }

    func parsedPauses() throws -> [ClockPause] {
        try pauses.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = ReportDate(iso: parts[0]) else {
                throw ValidationError("--pause \(text): expected FROM:TO or FROM: with dates YYYY-MM-DD")
            }
            if parts[1].isEmpty { return ClockPause(.thirdPartyConsultation, from: a, to: nil) }
            guard let b = ReportDate(iso: parts[1]), a <= b else {
                throw ValidationError("--pause \(text): TO must be a date (YYYY-MM-DD) not before FROM")
            }
            return ClockPause(.thirdPartyConsultation, from: a, to: b)
        }
    }

    func run() throws {
        let cal: WorkingDayCalendar
        do {
            if let calendar {
                cal = try WorkingDayCalendar(json: try Data(contentsOf: URL(fileURLWithPath: calendar)))
            } else {
                cal = try WorkingDayCalendar.bundled()
            }
        } catch {
            Inputs.printError("\(calendar ?? "calendar"): \(error)")
            throw ExitCode(2)
        }
        let rule = DeadlineRule(workingDays: workingDays, purpose: "")
        do {
            let deadline = try rule.deadline(
                from: ReportDate(iso: from)!, startEvent: "", extendedBy: extensionDays, pauses: try parsedPauses(), calendar: cal)
            print(deadline.due.map(\.description) ?? "suspended")
            for line in deadline.explanation { print(line) }
        } catch let error as CalendarError {
            Inputs.printError(error.description)
            throw ExitCode(2)
        }
    }
}
