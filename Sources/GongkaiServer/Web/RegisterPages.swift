import Foundation
import GongkaiChecks
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird

/// The office's registers and its year's report: 主动公开 items with the 三审 queue and the Art. 26
/// overdue flags, 复议诉讼 cases, and the annual report computed from the records — its tables
/// with the checker's findings, its prose edited, rendered and published.
struct RegisterPages {
    let office: Office
    let pages: Pages

    func register(on web: RouterGroup<OfficeRequestContext>) {
        let read = web.group("office").add(middleware: WebAuthentication(permission: .read))
        read.get("items", use: items)
        read.get("reviews", use: reviews)
        read.get("report", use: report)
        read.get("report/:year/download/:format", use: reportFile)
        read.get("report/:year/preview", use: preview)
        let keep = web.group("office").add(middleware: WebAuthentication(permission: .keepRegisters))
        keep.post("items", use: addItem)
        keep.post("items/:id/publication", use: publishItem)
        keep.post("items/:id/repeal", use: repealItem)
        keep.post("reviews", use: addReview)
        keep.post("reviews/:id/decision", use: decideReview)
        web.group("office").add(middleware: WebAuthentication(permission: .approve)).post("items/:id/approval", use: approveItem)
        let publish = web.group("office").add(middleware: WebAuthentication(permission: .publish))
        publish.post("report/:year/texts", use: saveTexts)
        publish.post("report/:year/publication", use: publishReport)
    }

    var today: ReportDate { office.today() }

    // MARK: 主动公开

    @Sendable func items(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let chain = office.reviewChain
        let all = try await office.store.items().sorted { $0.formedOn > $1.formedOn }
        let rows: [[String: Any]] = all.map { item in
            let next = item.approvals.count < chain.steps.count ? chain.steps[item.approvals.count] : nil
            let mine = next.map { (ReviewChain.stepRoles[$0] ?? member.role) == member.role } ?? false
            let due = try? item.disclosureDeadline(calendar: office.calendar).due
            let state =
                item.repealedOn != nil ? "已废止" : item.publishedOn != nil ? "已公开" : next.map { "待\($0)" } ?? "待公开"
            return [
                "id": item.id, "title": item.title, "category": item.category.label, "formedOn": item.formedOn.description,
                "publishedOn": item.publishedOn?.description ?? "", "due": due?.description ?? "", "state": state,
                "overdue": office.isOverdue(item) == true && item.publishedOn == nil,
                "late": item.publishedOn.flatMap { p in due.map { p > $0 } } ?? false,
                "approvals": item.approvals.map { "\($0.step)：\($0.by)（\($0.on)）" }.joined(separator: "；"),
                "mayApprove": next != nil && mine && item.publishedOn == nil && item.repealedOn == nil
                    && !item.approvals.contains { $0.by == member.name } && Permission.approve.roles.contains(member.role),
                "nextStep": next ?? "",
                "mayPublish": next == nil && item.publishedOn == nil && Permission.keepRegisters.roles.contains(member.role),
                "mayRepeal": item.publishedOn != nil && item.repealedOn == nil && Permission.keepRegisters.roles.contains(member.role),
            ]
        }
        return pages.render(
            "items", title: "主动公开",
            data: [
                "rows": rows, "any": !rows.isEmpty, "today": today.description, "chain": chain.steps.joined(separator: " → "),
                "mayAdd": Permission.keepRegisters.roles.contains(member.role),
                "categories": DisclosureCategory.allCases.map { ["value": $0.rawValue, "label": "\($0.rawValue). \($0.label)"] },
                "overdueCount": rows.filter { $0["overdue"] as? Bool == true }.count,
                "hasOverdue": rows.contains { $0["overdue"] as? Bool == true },
            ], context: context, request: request)
    }

    @Sendable func addItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let f = context.form
        let form = ItemForm(
            id: f["id"], title: f["title"], category: Int(f["category"]) ?? 0, formedOn: f["formedOn"],
            documentKind: f["documentKind"].isEmpty ? nil : f["documentKind"])
        let failure = await OfficePages.failure { () async throws(StoreError) in _ = try await office.addItem(form, by: "staff:\(member.name)") }
        return redirect("/office/items", flash: failure.map { "未能登记：\($0)" } ?? "已登记，待\(office.reviewChain.steps.first ?? "审核")")
    }

    @Sendable func approveItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        try await itemStep(context, failed: "未能审核", done: "已审核通过") { id, on, member throws(StoreError) in
            _ = try await office.approveItem(id: id, on: on, by: member.name, role: member.role, actor: "staff:\(member.name)")
        }
    }

    @Sendable func publishItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        try await itemStep(context, failed: "未能公开", done: "已公开") { id, on, member throws(StoreError) in
            _ = try await office.publishItem(id: id, on: on, by: "staff:\(member.name)")
        }
    }

    @Sendable func repealItem(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        try await itemStep(context, failed: "未能废止", done: "已废止") { id, on, member throws(StoreError) in
            _ = try await office.repealItem(id: id, on: on, by: "staff:\(member.name)")
        }
    }

    /// A step of an item on the day the form gives (today by default), back to its row with
    /// what came of it.
    func itemStep(
        _ context: OfficeRequestContext, failed: String, done: String,
        _ step: @escaping (String, String, StaffMember) async throws(StoreError) -> Void
    ) async throws -> Response {
        let member = try context.member()
        let id = context.parameters.get("id") ?? ""
        let on = context.form["on"].isEmpty ? today.description : context.form["on"]
        let failure = await OfficePages.failure { () async throws(StoreError) in try await step(id, on, member) }
        return redirect("/office/items#item-\(id)", flash: failure.map { "\(failed)：\($0)" } ?? done)
    }

    // MARK: 复议诉讼

    static func routeLabel(_ r: ReviewCase.Route) -> String {
        switch r {
        case .review: "行政复议"
        case .suitDirect: "行政诉讼（未经复议直接起诉）"
        case .suitAfterReview: "行政诉讼（复议后起诉）"
        }
    }

    static func resultLabel(_ r: ReviewCase.Result) -> String {
        switch r {
        case .upheld: "结果维持"
        case .corrected: "结果纠正"
        case .other: "其他结果"
        }
    }

    @Sendable func reviews(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let all = try await office.store.reviews().sorted { $0.filedOn > $1.filedOn }
        let keep = Permission.keepRegisters.roles.contains(member.role)
        let rows: [[String: Any]] = all.map { r in
            [
                "id": r.id, "route": Self.routeLabel(r.route), "application": r.applicationCaseID ?? "", "filedOn": r.filedOn.description,
                "decidedOn": r.decidedOn?.description ?? "", "result": r.result.map(Self.resultLabel) ?? "尚未审结", "text": r.resultText ?? "",
                "mayDecide": keep && r.decidedOn == nil,
            ]
        }
        return pages.render(
            "reviews", title: "行政复议和行政诉讼",
            data: [
                "rows": rows, "any": !rows.isEmpty, "mayAdd": keep, "today": today.description,
                "routes": ReviewCase.Route.allCases.map { ["value": $0.rawValue, "label": Self.routeLabel($0)] },
                "results": ReviewCase.Result.allCases.map { ["value": $0.rawValue, "label": Self.resultLabel($0)] },
            ], context: context, request: request)
    }

    @Sendable func addReview(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let f = context.form
        let form = ReviewForm(
            id: f["id"], route: f["route"], applicationId: f["applicationId"].isEmpty ? nil : f["applicationId"], filedOn: f["filedOn"])
        let failure = await OfficePages.failure { () async throws(StoreError) in _ = try await office.addReview(form, by: "staff:\(member.name)") }
        return redirect("/office/reviews", flash: failure.map { "未能登记：\($0)" } ?? "已登记")
    }

    @Sendable func decideReview(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let id = context.parameters.get("id") ?? ""
        let f = context.form
        let failure = await OfficePages.failure { () async throws(StoreError) in
            _ = try await office.decideReview(
                id: id, result: f["result"], on: f["on"], text: f["text"].isEmpty ? nil : f["text"], by: "staff:\(member.name)")
        }
        return redirect("/office/reviews", flash: failure.map { "未能登记结果：\($0)" } ?? "已登记审结结果")
    }

    // MARK: The year's report

    @Sendable func report(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let year = request.uri.queryParameters.get("year", as: Int.self) ?? today.year - (today.month < 3 ? 1 : 0)
        guard Validate.years.contains(year) else { throw WebError(.badRequest, "年度须在\(Validate.years)之间") }
        let texts = try await office.reportTexts(year: year, agency: pages.officeName)
        let report = try await office.yearReport(year: year, agency: pages.officeName)
        let view = ReportView(report: report)
        var data: [String: Any] = [
            "year": year, "previous": year - 1, "next": year + 1, "tables": view.tables(), "findings": view.findingList(), "counts": view.counts,
            "hasFindings": !view.findings.isEmpty, "overview": texts.overview ?? "", "problems": texts.problems ?? "",
            "otherMatters": texts.otherMatters ?? "", "mayPublish": Permission.publish.roles.contains(member.role), "today": today.description,
        ]
        if let (published, changes) = try await office.changesSincePublication(year: year, agency: pages.officeName) {
            data["publishedOn"] = published.publishedOn.description
            data["changes"] = changes.prefix(50).map { ["cell": $0.cell, "published": $0.published, "now": $0.now] }
            data["changed"] = !changes.isEmpty
        }
        return pages.render("office-report", title: "\(year)年度报告", data: data, context: context, request: request)
    }

    @Sendable func reportFile(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self), Validate.years.contains(year),
            let format = context.parameters.get("format").flatMap(ReportWriter.Format.init(rawValue:))
        else { throw WebError(.notFound, "没有这种格式") }
        var report = try await office.yearReport(year: year, agency: pages.officeName)
        report.publicationDate = today
        return try ReportFiles.download(report, format: format, name: "\(pages.officeName)\(year)年政府信息公开工作年度报告")
    }

    /// The report as the public will read it, in the official format, in the browser.
    @Sendable func preview(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self), Validate.years.contains(year) else { throw WebError(.notFound, "年度有误") }
        var report = try await office.yearReport(year: year, agency: pages.officeName)
        report.publicationDate = today
        let data: Data
        do { data = try ReportWriter(format: .html, force: true).write(report) } catch {
            throw WebError(.unprocessableContent, "未能生成预览：\(error.description)")
        }
        // The rendered report carries its own stylesheet; nothing in it runs.
        let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: policy],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func saveTexts(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        guard let year = context.parameters.get("year", as: Int.self) else { throw WebError(.notFound, "年度有误") }
        let f = context.form
        let texts = YearReport.Texts(overview: f["overview"], problems: f["problems"], otherMatters: f["otherMatters"])
        let agency = pages.officeName
        let failure = await OfficePages.failure { () async throws(StoreError) in
            try await office.saveReportTexts(year: year, agency: agency, texts: texts, by: "staff:\(member.name)")
        }
        return redirect("/office/report?year=\(year)", flash: failure.map { "未能保存：\($0)" } ?? "正文已保存")
    }

    @Sendable func publishReport(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        guard let year = context.parameters.get("year", as: Int.self) else { throw WebError(.notFound, "年度有误") }
        let report = try await office.yearReport(year: year, agency: pages.officeName)
        let errors = Checker().check(report).filter { $0.severity == .error }
        guard errors.isEmpty else {
            return redirect("/office/report?year=\(year)", flash: "未能发布：报告有\(errors.count)处错误，请先更正记录")
        }
        guard let day = ReportDate(iso: context.form["on"]) else { return redirect("/office/report?year=\(year)", flash: "未能发布：请填写发布日期") }
        let agency = pages.officeName
        let failure = await OfficePages.failure { () async throws(StoreError) in
            _ = try await office.publishReport(year: year, agency: agency, on: day, by: "staff:\(member.name)")
        }
        return redirect("/office/report?year=\(year)", flash: failure.map { "未能发布：\($0)" } ?? "\(year)年度报告已发布，公众可在“年度报告”和“统计数据”查看")
    }
}

/// A report written in an output format, as a download.
enum ReportFiles {
    static func download(_ report: Report, format: ReportWriter.Format, name: String) throws -> Response {
        let data: Data
        do { data = try ReportWriter(format: format, force: true).write(report) } catch {
            throw WebError(.unprocessableContent, "未能生成文件：\(error.description)")
        }
        let (type, ext) =
            switch format {
            case .docx: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
            case .pdf: ("application/pdf", "pdf")
            case .html: ("text/html; charset=utf-8", "html")
            case .md: ("text/markdown; charset=utf-8", "md")
            }
        return GongkaiServer.download(Array(data), type: type, filename: "\(name).\(ext)")
    }
}
