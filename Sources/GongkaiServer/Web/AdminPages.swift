import Foundation
import GongkaiOffice
import GongkaiRecords
import GongkaiStore
import Hummingbird

/// The audit log with before and after (审计员, 管理员), and the administrator's pages: staff
/// and their roles, and the working-day calendar's years.
struct AdminPages {
    let office: Office
    let pages: Pages

    func register(on web: RouterGroup<OfficeRequestContext>) {
        web.group("office").add(middleware: WebAuthentication(permission: .audit)).get("audit", use: audit)
        let manage = web.group("office").add(middleware: WebAuthentication(permission: .manageStaff))
        manage.get("staff", use: staff)
        manage.post("staff", use: addStaff)
        manage.post("staff/:name/removal", use: removeStaff)
        let calendar = web.group("office").add(middleware: WebAuthentication(permission: .keepCalendar))
        calendar.post("calendar", use: addCalendarYear)
    }

    @Sendable func audit(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let entity = request.uri.queryParameters.get("entity").flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await office.auditLog(entityID: entity, limit: 200, for: member.role)
        let rows: [[String: Any]] = entries.map { e in
            [
                "sequence": e.sequence, "at": String(e.at.prefix(19)).replacingOccurrences(of: "T", with: " "), "actor": e.actor, "entity": e.entity,
                "entityID": e.entityID, "action": e.action, "before": e.before ?? "", "after": e.after ?? "",
            ]
        }
        return pages.render(
            "audit", title: "审计日志",
            data: ["rows": rows, "any": !rows.isEmpty, "entity": entity ?? "", "redacted": !Permission.mayReadPersonalData(member.role)],
            context: context,
            request: request)
    }

    @Sendable func staff(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let all = try await office.store.staffMembers()
        let calendar = office.calendar
        return pages.render(
            "staff", title: "人员与设置",
            data: [
                "members": all.map { ["name": $0.name, "role": $0.role.label, "self": $0.name == member.name] },
                "roles": StaffMember.Role.allCases.map { ["value": $0.rawValue, "label": $0.label] },
                "minimum": Office.minimumPasswordLength,
                "years": calendar.years.map { ["year": $0, "notices": calendar.notices(for: $0).joined(separator: "；")] },
                "nextYear": (calendar.years.max() ?? 2026) + 1,
            ], context: context, request: request)
    }

    @Sendable func addStaff(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let f = context.form
        let failure = await OfficePages.failure { () async throws(StoreError) in
            _ = try await office.addStaff(name: f["name"], role: f["role"], password: f["password"], by: "staff:\(member.name)")
        }
        return redirect("/office/staff", flash: failure.map { "未能添加：\($0)" } ?? "已添加 \(f["name"])")
    }

    @Sendable func removeStaff(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let name = context.parameters.get("name") ?? ""
        let failure = await OfficePages.failure { () async throws(StoreError) in try await office.removeStaff(name: name, by: member) }
        return redirect("/office/staff", flash: failure.map { "未能删除：\($0)" } ?? "已删除 \(name)，其登录已失效")
    }

    /// A year of the calendar, as its State Council notice gives it, pasted as JSON.
    @Sendable func addCalendarYear(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let year: WorkingDayCalendar.Year
        do { year = try JSONDecoder().decode(WorkingDayCalendar.Year.self, from: Data(context.form["year"].utf8)) } catch {
            return redirect("/office/staff", flash: "未能添加：工作日安排应为JSON，格式见已有年度（year、holidays、workdays、notices）")
        }
        let failure = await OfficePages.failure { () async throws(StoreError) in try await office.addCalendarYear(year, by: "staff:\(member.name)") }
        return redirect("/office/staff", flash: failure.map { "未能添加：\($0)" } ?? "已添加\(year.year)年工作日安排")
    }
}
