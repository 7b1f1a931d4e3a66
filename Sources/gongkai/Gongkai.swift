import ArgumentParser

@main
struct Gongkai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "Read, check and write 政府信息公开工作年度报告 (government information disclosure annual reports), and keep the records they are made from.",
        subcommands: [
            Parse.self, Check.self, Score.self, Bench.self, New.self, Render.self, DeadlineCommand.self, CaseCommand.self, ReportCommand.self,
            ItemCommand.self, ReviewCommand.self, TallyCommand.self, CalendarCommand.self, OfficeCommand.self, StaffCommand.self,
            AgenciesCommand.self, Collect.self,
            CollectionCommand.self, Serve.self, Demo.self,
        ]
    )
}
