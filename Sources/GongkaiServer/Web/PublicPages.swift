import Foundation
import GongkaiCollection
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird

/// The public's pages, no login: the home page, the online application and its receipt,
/// tracking a request by its 查询码, the published annual reports and the statistics. No page
/// shows an applicant's personal data, and a code opens its own request only.
struct PublicPages {
    let office: Office
    let pages: Pages

    func register(on web: RouterGroup<OfficeRequestContext>) {
        web.get("/", use: home)
        web.get("/apply", use: applyForm)
        web.post("/apply", use: apply)
        web.get("/track", use: trackForm)
        web.post("/track", use: track)
        web.get("/reports", use: reports)
        web.get("/reports/:year", use: report)
        web.get("/statistics", use: statistics)
        web.get("/statistics.csv", use: statisticsCSV)
    }

    @Sendable func home(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let published = try await office.store.all(PublishedReport.self).sorted { $0.year > $1.year }
        return pages.render(
            "home", title: "政府信息公开", data: ["reports": published.prefix(5).map { ["year": $0.year, "on": $0.publishedOn.description] }],
            context: context, request: request)
    }

    // MARK: Applying

    @Sendable func applyForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("apply", title: "在线申请", data: Self.applicationData(OnlineApplication(), problems: []), context: context, request: request)
    }

    @Sendable func apply(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let f = context.form
        var a = OnlineApplication()
        a.applicantType = f["applicantType"]
        a.organizationKind = f["organizationKind"]
        a.name = f["name"]
        a.creditCode = f["creditCode"]
        a.contactPerson = f["contactPerson"]
        a.identityDocument = f["identityDocument"]
        a.identityNumber = f["identityNumber"]
        a.phone = f["phone"]
        a.email = f["email"]
        a.address = f["address"]
        a.postcode = f["postcode"]
        a.title = f["title"]
        a.documentNumber = f["documentNumber"]
        a.description = f["description"]
        a.form = f["form"]
        a.delivery = f["delivery"]
        a.declared = f["declared"] == "yes"
        let problems = a.problems()
        guard problems.isEmpty else {
            return pages.render(
                "apply", title: "在线申请（请更正）", data: Self.applicationData(a, problems: problems), context: context, request: request)
        }
        let (c, token) = try await office.apply(a)
        var data: [String: Any] = ["id": c.id, "token": token, "receivedOn": c.receivedOn.description]
        do {
            let deadline = try c.answerDeadline(calendar: office.calendar)
            data["due"] = deadline.due?.description ?? ""
            data["explanation"] = deadline.explanation
        } catch {
            data["uncountable"] = "答复期限暂不能计算：\(error.description)。本机关将在收到申请之日起20个工作日内答复。"
        }
        return pages.render("applied", title: "申请已提交", data: data, context: context, request: request, status: .created)
    }

    /// The form's values and its problems, field by field, for the template.
    static func applicationData(_ a: OnlineApplication, problems: [OnlineApplication.Problem]) -> [String: Any] {
        var errors: [String: String] = [:]
        for p in problems where errors[p.field] == nil { errors[p.field] = p.message }
        func options(_ values: [(String, String)], selected: String) -> [[String: Any]] {
            values.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
        }
        let organizationKinds = ApplicantKind.allCases.filter { $0 != .natural }.map { ($0.rawValue, $0.label) }
        return [
            "v": [
                "name": a.name, "creditCode": a.creditCode, "contactPerson": a.contactPerson, "identityNumber": a.identityNumber,
                "phone": a.phone, "email": a.email, "address": a.address, "postcode": a.postcode, "title": a.title,
                "documentNumber": a.documentNumber, "description": a.description, "declared": a.declared,
                "citizen": a.applicantType != "organization", "organization": a.applicantType == "organization",
            ],
            "errors": errors, "hasErrors": !problems.isEmpty,
            "problems": problems.map { ["field": $0.field, "message": $0.message] },
            "organizationKinds": options(organizationKinds, selected: a.organizationKind),
            "identityDocuments": options(
                OnlineApplication.identityDocuments.map { ($0, $0) }, selected: a.identityDocument.isEmpty ? "居民身份证" : a.identityDocument),
            "forms": options(OnlineApplication.forms.map { ($0, $0) }, selected: a.form),
            "deliveries": options(OnlineApplication.deliveries.map { ($0, $0) }, selected: a.delivery),
        ]
    }

    // MARK: Tracking

    @Sendable func trackForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("track", title: "进度查询", context: context, request: request)
    }

    @Sendable func track(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let code = context.form["code"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !code.isEmpty, code.count <= 100, let c = try await office.store.application(trackingHash: Credentials.digest(code)) else {
            return pages.render(
                "track", title: "进度查询", data: ["error": "没有与此查询码对应的申请。请核对查询码（区分大小写）后重试。"], context: context, request: request)
        }
        return pages.render("tracked", title: "申请办理进度", data: TrackingView(office: office, request: c).data, context: context, request: request)
    }

    // MARK: Reports and statistics

    @Sendable func reports(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let published = try await office.store.all(PublishedReport.self).sorted { $0.year > $1.year }
        return pages.render(
            "reports", title: "政府信息公开工作年度报告",
            data: [
                "reports": published.map { ["year": $0.year, "agency": $0.agency, "on": $0.publishedOn.description] }, "any": !published.isEmpty,
            ],
            context: context, request: request)
    }

    @Sendable func report(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self),
            let published = try await office.store.all(PublishedReport.self).first(where: { $0.year == year })
        else { throw WebError(.notFound, "该年度的报告尚未发布。") }
        let view = ReportView(report: Self.report(published))
        return pages.render(
            "report", title: "\(year)年政府信息公开工作年度报告",
            data: ["year": year, "agency": published.agency, "on": published.publishedOn.description, "tables": view.tables()],
            context: context, request: request)
    }

    /// A published report's cells as a report, to draw its tables.
    static func report(_ published: PublishedReport) -> Report {
        var cells: [CellID: Cell] = [:]
        for (key, text) in published.cells {
            let id = CellID(rawValue: key)
            let value: CellValue = text.isEmpty ? .blank : ReportNumber(parsing: text).map(CellValue.number) ?? .text(text)
            cells[id] = Cell(id: id, value: value, raw: text, span: nil)
        }
        return Report(format: .v2021, year: published.year, agency: published.agency, cells: cells, tablesFound: Set(TableID.allCases))
    }

    @Sendable func statistics(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let published = try await office.store.all(PublishedReport.self).sorted { $0.year < $1.year }
        let rows = Statistics.rows.map { row -> [String: Any] in
            ["label": row.label, "values": published.map { $0.cells[row.cell] ?? "" }]
        }
        return pages.render(
            "statistics", title: "统计数据",
            data: ["years": published.map(\.year), "rows": rows, "any": !published.isEmpty], context: context, request: request)
    }

    @Sendable func statisticsCSV(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let published = try await office.store.all(PublishedReport.self).sorted { $0.year < $1.year }
        var lines = ["year,agency,cell,value"]
        for p in published {
            for (cell, value) in p.cells.sorted(by: { $0.key < $1.key }) {
                lines.append([String(p.year), p.agency, cell, value].map(CSV.field).joined(separator: ","))
            }
        }
        return download(
            Array(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8), type: "text/csv; charset=utf-8", filename: "政府信息公开统计.csv")
    }
}

/// The headline figures of the public statistics page, by cell.
enum Statistics {
    static let rows: [(label: String, cell: String)] = [
        ("本年新收政府信息公开申请（件）", "t3.new.total"),
        ("上年结转（件）", "t3.carried_in.total"),
        ("予以公开（件）", "t3.granted.total"),
        ("部分公开（件）", "t3.partial.total"),
        ("办结总计（件）", "t3.total.total"),
        ("结转下年度继续办理（件）", "t3.carried_out.total"),
        ("行政复议（件）", "t4.review.total"),
        ("行政诉讼：未经复议直接起诉（件）", "t4.suit_direct.total"),
        ("行政诉讼：复议后起诉（件）", "t4.suit_after_review.total"),
        ("行政复议结果纠正（件）", "t4.review.corrected"),
    ]

}

/// What an applicant sees of their request: where it stands in plain words, what happens next
/// and by when, and their rights — never a name, a contact or the request's text.
struct TrackingView {
    let office: Office
    let request: ApplicationCase

    var data: [String: Any] {
        let c = request
        var out: [String: Any] = ["id": c.id, "receivedOn": c.receivedOn.description, "state": c.state.label, "channel": c.channel.label]
        out["history"] =
            [["on": c.receivedOn.description, "label": "收到申请（\(c.channel.label)）"]]
            + c.events.map { ["on": $0.date.description, "label": Self.publicLabel($0)] }
        switch c.state {
        case .awaitingCorrection(let dueBy):
            out["next"] = "本机关已告知您补正申请。请在\(dueBy)前补正；逾期未补正的，视为放弃申请（条例第三十条）。答复期限自收到补正后的申请之日起重新计算。"
        case .awaitingFee(let since):
            let due = try? DeadlineRule.feePayment.deadline(from: since, startEvent: "收费通知", calendar: office.calendar).due
            let yuan = c.events.reversed().compactMap { if case .feeNoticed(_, let y) = $0 { y } else { nil } }.first ?? 0
            out["next"] = "本机关已于\(since)通知您缴纳信息处理费\(yuan)元" + (due.map { "，请在\($0)前缴纳" } ?? "") + "；逾期未缴纳的，视为放弃申请。缴费期间不计入答复期限。"
        case .inConsultation(let since):
            out["next"] = "本机关于\(since)起征求第三方或其他机关意见，征求意见所需时间不计入答复期限（条例第三十二条、第三十四条）。"
        case .inProgress:
            out["next"] = "申请正在办理中。本机关将在答复期限内作出答复。"
        case .closed(let outcome, let on):
            out["closed"] = true
            out["outcome"] = outcome.label
            out["closedOn"] = on.description
            if let basis = c.events.reversed().compactMap({ if case .decided(_, _, let b) = $0 { b } else { nil } }).first { out["basis"] = basis }
            // 行政复议法 Art. 20: 60 days from knowing of the act; 行政诉讼法 Art. 46: six months.
            out["reviewBy"] = Self.adding(months: 0, days: 60, to: on).description
            out["suitBy"] = Self.adding(months: 6, days: 0, to: on).description
        }
        if c.closing == nil {
            do {
                let deadline = try c.answerDeadline(calendar: office.calendar)
                out["due"] = deadline.due?.description ?? ""
                out["explanation"] = deadline.explanation
                out["hasExplanation"] = !deadline.explanation.isEmpty
            } catch {
                out["uncountable"] = "答复期限暂不能计算：\(error.description)"
            }
        }
        return out
    }

    /// An event as the applicant reads it (who approved an extension is the office's own matter).
    static func publicLabel(_ event: ApplicationCase.Event) -> String {
        if case .extended(_, let days, _) = event { return "延长答复期限\(days)个工作日（条例第三十三条第二款）" }
        return event.label
    }

    /// A day some months and days after another (the last day of a shorter month when the day
    /// does not exist there).
    static func adding(months: Int, days: Int, to day: ReportDate) -> ReportDate {
        var y = day.year, m = day.month + months
        while m > 12 {
            m -= 12
            y += 1
        }
        let lengths = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return ReportDate(year: y, month: m, day: min(day.day, lengths[m - 1])).adding(days: days)
    }
}
