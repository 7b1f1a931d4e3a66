import Foundation
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird

/// The office's pages, after login: the desk (what falls due), the requests and a request's
/// page with the actions its state allows, registering a request received on paper, and the
/// login itself. Every change goes through `Office`, one transaction with its audit entry.
struct OfficePages {
    let office: Office
    let pages: Pages
    let sessionLength: Duration

    func register(on web: RouterGroup<OfficeRequestContext>) {
        web.get("/login", use: loginForm)
        web.post("/login", use: logIn)
        web.post("/logout", use: logOut)
        let read = web.group("office").add(middleware: WebAuthentication(permission: .read))
        read.get("", use: desk)
        read.get("requests", use: requests)
        read.get("requests/:id", use: request)
        read.post("requests/:id/events", use: event)
        read.post("requests/:id/corrections", use: correct)
        read.post("requests/:id/voids", use: void)
        read.get("requests/:id/notices/:kind/:format", use: notice)
        let register = web.group("office").add(middleware: WebAuthentication(permission: .register))
        register.get("new-request", use: newRequestForm)
        register.post("new-request", use: newRequest)
        let own = web.group("office").add(middleware: WebAuthentication(permission: .own))
        own.get("password", use: passwordForm)
        own.post("password", use: changePassword)
    }

    var today: ReportDate { office.today() }
    /// How many open requests a list shows, the earliest due first.
    static let openPage = 200

    // MARK: Login

    @Sendable func loginForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render(
            "login", title: "工作人员登录", data: ["next": Self.safeNext(request.uri.queryParameters.get("next"))], context: context, request: request)
    }

    /// Only a path of this site, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "" }
        return next
    }

    @Sendable func logIn(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let name = context.form["name"], password = context.form["password"], address = context.address
        let result: Result<StaffSession, StoreError>
        do throws(StoreError) {
            result = .success(try await office.logIn(name: name, password: password, address: address, sessionLength: sessionLength))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let session):
            let role = session.member.role
            let fallback =
                Permission.read.roles.contains(role) ? "/office" : Permission.readCollection.roles.contains(role) ? "/supervision" : "/office/audit"
            let next = Self.safeNext(context.form["next"])
            var response = redirect(next.isEmpty ? fallback : next, flash: "欢迎，\(session.member.name)（\(role.label)）")
            response.setCookie(
                Cookie(
                    name: "gongkai_session", value: session.token, maxAge: Int(sessionLength.components.seconds), path: "/", secure: context.overTLS,
                    httpOnly: true,
                    sameSite: .lax))
            return response
        case .failure(let error):
            let message =
                switch error {
                case .denied(let why), .tooManyAttempts(let why): why
                default: "登录失败，请稍后再试"
                }
            return pages.render(
                "login", title: "工作人员登录", data: ["error": message, "name": name, "next": Self.safeNext(context.form["next"])], context: context,
                request: request)
        }
    }

    @Sendable func logOut(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        if let token = context.sessionToken { try await office.logOut(token: token) }
        var response = redirect("/", flash: "已退出登录")
        response.setCookie(Cookie(name: "gongkai_session", value: "", maxAge: 0, path: "/", secure: context.overTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func passwordForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("password", title: "修改密码", data: ["minimum": Office.minimumPasswordLength], context: context, request: request)
    }

    @Sendable func changePassword(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        guard context.form["new"] == context.form["again"] else { return redirect("/office/password", flash: "未能修改：两次输入的新密码不一致") }
        let (current, new) = (context.form["current"], context.form["new"])
        if let failure = await Self.failure({ () async throws(StoreError) in
            try await office.changePassword(name: member.name, current: current, new: new)
        }) {
            return redirect("/office/password", flash: "未能修改：\(failure)")
        }
        var response = redirect("/login", flash: "密码已修改，请用新密码重新登录")
        response.setCookie(Cookie(name: "gongkai_session", value: "", maxAge: 0, path: "/", secure: context.overTLS, httpOnly: true, sameSite: .lax))
        return response
    }

    /// What went wrong in a use case, in the user's words; nil when it succeeded.
    static func failure(_ body: () async throws(StoreError) -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return message(error)
        }
    }

    /// A refusal in the user's words: the API's message for it (the detail of a database
    /// fault never shown).
    static func message(_ error: StoreError) -> String { APIError.from(error).message }

    // MARK: The desk

    func row(_ c: ApplicationCase, _ s: ReplyStanding?) -> [String: Any] {
        var badge = "", badgeClass = ""
        if let s {
            if s.overdue {
                (badge, badgeClass) = ("已逾期", "overdue")
            } else if s.dueSoon {
                (badge, badgeClass) = ("即将到期", "soon")
            } else if s.uncountable != nil {
                (badge, badgeClass) = ("工作日安排未录入，期限待定", "soon")
            }
        }
        if c.closing != nil { (badge, badgeClass) = ("已办结", "closed") }
        return [
            "id": c.id, "receivedOn": c.receivedOn.description, "applicant": c.applicant.label, "channel": c.channel.label,
            "state": c.state.label, "due": s?.due?.description ?? "", "badge": badge, "badgeClass": badgeClass,
            "title": String(c.request.split(separator: "\n").first?.prefix(40) ?? ""),
        ]
    }

    @Sendable func desk(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let open = try await office.openRequests()
        let today = today
        let weekEnd = today.adding(days: 7)
        // In reply-day order already: each section is a filter and its first rows.
        let overdue = open.filter { $0.standing?.overdue == true }
        let dueToday = open.filter { $0.standing?.due == today }
        let dueWeek = open.filter { s in s.standing.map { !$0.overdue && ($0.due.map { $0 > today && $0 <= weekEnd } ?? false) } ?? false }
        let fresh = open.filter { $0.request.events.isEmpty && $0.request.receivedOn >= today.adding(days: -7) }
        let waiting = open.filter(\.isWaiting)
        let chain = office.reviewChain
        let items = try await office.store.items().filter { item in
            guard item.publishedOn == nil, item.repealedOn == nil, item.approvals.count < chain.steps.count else { return false }
            let step = chain.steps[item.approvals.count]
            return (ReviewChain.stepRoles[step] ?? member.role) == member.role && !item.approvals.contains { $0.by == member.name }
        }
        /// A section's rows for the template, or false when there are none.
        func rows(_ list: [OpenRequest]) -> Any {
            guard !list.isEmpty else { return false }
            return ["rows": list.prefix(50).map { row($0.request, $0.standing) }]
        }
        return pages.render(
            "desk", title: "工作台",
            data: [
                "today": today.description,
                "counts": ["open": open.count, "overdue": overdue.count, "today": dueToday.count, "week": dueWeek.count, "fresh": fresh.count],
                "overdue": rows(overdue), "dueToday": rows(dueToday), "dueWeek": rows(dueWeek), "fresh": rows(fresh), "waiting": rows(waiting),
                "items": items.map {
                    ["id": $0.id, "title": $0.title, "step": chain.steps[$0.approvals.count], "formedOn": $0.formedOn.description]
                },
                "mayRegister": Permission.register.roles.contains(member.role),
            ], context: context, request: request)
    }

    // MARK: Requests

    @Sendable func requests(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let state = q.get("state") ?? "open"
        let due = q.get("due") ?? ""
        let applicant = q.get("applicant").flatMap(ApplicantKind.init(rawValue:))
        let year = q.get("year", as: Int.self)
        let after = q.get("after")
        var rows: [[String: Any]] = []
        var next: String?
        var truncated = 0
        if state == "open" {
            // Open requests are few: filtered by their reply day in memory, sorted by it.
            var open = try await office.openRequests()
            if let applicant { open = open.filter { $0.request.applicant == applicant } }
            if let year { open = open.filter { $0.request.receivedOn.year == year } }
            switch due {
            case "overdue": open = open.filter { $0.standing?.overdue == true }
            case "soon": open = open.filter { $0.standing?.dueSoon == true }
            default: break
            }
            // The earliest due first; a page of them, as the desk shows the rest by day.
            let sorted = open
            rows = sorted.prefix(Self.openPage).map { row($0.request, $0.standing) }
            truncated = sorted.count > Self.openPage ? sorted.count : 0
        } else {
            let query = RequestQuery(open: state == "closed" ? false : nil, applicant: applicant, year: year, after: after, limit: 50)
            let page = try await office.store.applications(matching: query)
            rows = zip(page, office.standings(page)).map { row($0, $1) }
            next = page.count == 50 ? page.last?.id : nil
        }
        func link(_ changes: [String: String?]) -> String {
            var items: [String: String] = ["state": state, "due": due, "applicant": applicant?.rawValue ?? "", "year": year.map(String.init) ?? ""]
            for (k, v) in changes { items[k] = v ?? "" }
            let query = items.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            return "/office/requests" + (query.isEmpty ? "" : "?" + query)
        }
        let stateFilters = [("open", "办理中"), ("closed", "已办结"), ("all", "全部")].map { key, label in
            ["href": link(["state": key, "due": nil]), "label": label, "current": state == key] as [String: Any]
        }
        let dueFilters = [("", "全部期限"), ("overdue", "已逾期"), ("soon", "5个工作日内到期")].map { key, label in
            ["href": link(["state": "open", "due": key]), "label": label, "current": state == "open" && due == key] as [String: Any]
        }
        return pages.render(
            "requests", title: "依申请公开",
            data: [
                "rows": rows, "any": !rows.isEmpty, "stateFilters": stateFilters, "dueFilters": dueFilters, "open": state == "open",
                "state": state, "due": due, "year": year.map(String.init) ?? "",
                "applicants": ApplicantKind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": $0 == applicant] },
                "next": next.map { link(["after": $0]) } ?? "", "truncated": truncated > 0, "openCount": truncated, "openPage": Self.openPage,
            ], context: context, request: request)
    }

    @Sendable func request(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let c = try await office.request(id: context.parameters.get("id") ?? "")
        let personal = Permission.mayReadPersonalData(member.role)
        var data: [String: Any] = [
            "id": c.id, "applicationID": c.applicationID, "applicant": c.applicant.label, "channel": c.channel.label,
            "receivedOn": c.receivedOn.description, "submittedOn": c.submittedOn?.description ?? "", "state": c.state.label,
            "personal": personal, "closed": c.closing != nil,
        ]
        if personal {
            data["name"] = c.applicantName ?? "（未填写）"
            data["contact"] = c.contact ?? "（未填写）"
            data["requestText"] = c.request
        }
        if let s = office.standing(c) {
            data["due"] = s.due?.description ?? ""
            data["overdue"] = s.overdue
            data["dueSoon"] = s.dueSoon
            data["uncountable"] = s.uncountable ?? ""
        }
        if let deadline = try? c.answerDeadline(calendar: office.calendar) { data["explanation"] = deadline.explanation }
        data["warnings"] = office.warnings(c)
        data["events"] = c.events.enumerated().map { i, e in
            ["number": i, "shown": i + 1, "on": e.date.description, "label": e.label] as [String: Any]
        }
        data["hasEvents"] = !c.events.isEmpty
        let allowed = c.possibleEventKinds.filter { Office.permission(forEvent: $0).roles.contains(member.role) }
        data["actions"] = allowed.map { kind in
            var action: [String: Any] = ["kind": kind, "name": ApplicationCase.Event.name(of: kind), "today": today.description]
            action[kind] = true
            return action
        }
        data["outcomes"] = Outcome.all.filter { $0 != .noCorrection && $0 != .noFee }.map { ["value": $0.rowKey, "label": $0.label] }
        data["correctionDue"] = today.adding(days: 15).description
        data["notices"] = Notice.available(for: c).map { ["kind": $0.rawValue, "title": $0.title] }
        data["hasNotices"] = !Notice.available(for: c).isEmpty
        data["mayCorrect"] = Permission.correct.roles.contains(member.role)
        data["fields"] = ApplicationCase.Field.allCases.map { ["value": $0.rawValue, "label": Self.fieldLabel($0)] }
        return pages.render("request", title: "申请 \(c.id)", data: data, context: context, request: request)
    }

    static func fieldLabel(_ f: ApplicationCase.Field) -> String {
        switch f {
        case .applicant: "申请人类别"
        case .channel: "申请方式"
        case .receivedOn: "收到申请之日"
        case .submittedOn: "提交之日"
        case .request: "申请内容"
        case .applicantName: "申请人姓名或名称"
        case .contact: "联系方式"
        }
    }

    @Sendable func event(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let id = context.parameters.get("id") ?? ""
        let f = context.form
        func optional(_ name: String) -> String? { f[name].isEmpty ? nil : f[name] }
        func number(_ name: String) -> Int? { Int(f[name].trimmingCharacters(in: .whitespaces)) }
        let form = EventForm(
            kind: f["kind"], on: f["on"], dueBy: optional("dueBy"), outcome: optional("outcome"), basis: optional("basis"),
            workingDays: number("workingDays"), yuan: number("yuan"), pages: number("pages"), monthlyCount: number("monthlyCount"),
            party: optional("party"))
        if let failure = await Self.failure({ () async throws(StoreError) in _ = try await office.recordEvent(form, on: id, member: member) }) {
            return redirect("/office/requests/\(id)", flash: "未能记录「\(ApplicationCase.Event.name(of: f["kind"]))」：\(failure)")
        }
        return redirect("/office/requests/\(id)", flash: "已记录：\(ApplicationCase.Event.name(of: f["kind"]))")
    }

    @Sendable func correct(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let id = context.parameters.get("id") ?? ""
        guard Permission.correct.roles.contains(member.role) else { throw WebError(.forbidden, "\(member.role.label)无权更正申请") }
        let f = context.form
        let failure = await Self.failure { () async throws(StoreError) in
            guard !f["reason"].allSatisfy(\.isWhitespace) else { throw .invalid(field: "reason", "更正须写明理由") }
            _ = try await office.correctRequest(id: id, field: f["field"], value: f["value"], reason: f["reason"], by: "staff:\(member.name)")
        }
        if let failure { return redirect("/office/requests/\(id)", flash: "未能更正：\(failure)") }
        return redirect("/office/requests/\(id)", flash: "已更正，理由已记入审计日志")
    }

    @Sendable func void(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let id = context.parameters.get("id") ?? ""
        guard Permission.correct.roles.contains(member.role) else { throw WebError(.forbidden, "\(member.role.label)无权撤销记录") }
        let (number, reason) = (Int(context.form["event"]) ?? -1, context.form["reason"])
        let failure = await Self.failure { () async throws(StoreError) in
            _ = try await office.voidEvent(number: number, on: id, reason: reason, by: "staff:\(member.name)")
        }
        if let failure { return redirect("/office/requests/\(id)", flash: "未能撤销：\(failure)") }
        return redirect("/office/requests/\(id)", flash: "已撤销该项记录，理由已记入审计日志")
    }

    /// A notice to the applicant written from the request's records, as DOCX or PDF.
    @Sendable func notice(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let c = try await office.request(id: context.parameters.get("id") ?? "")
        guard let kind = context.parameters.get("kind").flatMap(Notice.Kind.init(rawValue:)),
            let format = context.parameters.get("format"), ["docx", "pdf"].contains(format),
            let notice = Notice.make(kind, for: c, office: pages.officeName, calendar: office.calendar)
        else { throw WebError(.notFound, "此申请没有这份文书") }
        let data: Data
        do {
            let docx = try DOCXWriter.letter(
                title: notice.title, addressee: notice.addressee, paragraphs: notice.paragraphs, signature: notice.signature)
            data = format == "pdf" ? try PDFWriter.convert(docx: docx) : docx
        } catch {
            throw WebError(.internalServerError, "未能生成文书：\(error.description)")
        }
        let type = format == "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return download(Array(data), type: type, filename: "\(notice.title)（\(c.id)）.\(format)")
    }

    // MARK: Registering a request received on paper, in person, by fax or e-mail

    @Sendable func newRequestForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("new-request", title: "登记申请", data: Self.newRequestData([:], today: today), context: context, request: request)
    }

    static func newRequestData(_ values: [String: String], today: ReportDate, error: String? = nil) -> [String: Any] {
        [
            "v": values, "today": today.description, "error": error ?? "",
            "applicants": ApplicantKind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": values["applicant"] == $0.rawValue] },
            "channels": Channel.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": values["channel"] == $0.rawValue] },
        ]
    }

    @Sendable func newRequest(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let f = context.form
        let form = RequestForm(
            id: f["id"].trimmingCharacters(in: .whitespaces), applicationId: f["applicationId"].isEmpty ? nil : f["applicationId"],
            applicant: f["applicant"],
            channel: f["channel"], receivedOn: f["receivedOn"], submittedOn: f["submittedOn"].isEmpty ? nil : f["submittedOn"], request: f["request"],
            applicantName: f["applicantName"], contact: f["contact"])
        let result: Result<(request: ApplicationCase, trackingToken: String), StoreError>
        do throws(StoreError) {
            result = .success(try await office.registerRequest(form, by: "staff:\(member.name)"))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let (c, token)):
            return pages.render(
                "registered", title: "申请已登记",
                data: ["id": c.id, "token": token, "receivedOn": c.receivedOn.description, "due": office.standing(c)?.due?.description ?? ""],
                context: context, request: request, status: .created)
        case .failure(let error):
            let values = Dictionary(uniqueKeysWithValues: f.fields.map { ($0.key, $0.value.first ?? "") })
            return pages.render(
                "new-request", title: "登记申请", data: Self.newRequestData(values, today: today, error: Self.message(error)), context: context,
                request: request)
        }
    }
}
