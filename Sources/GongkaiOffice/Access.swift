import Foundation
import GongkaiModel
import GongkaiRecords
import GongkaiStore

/// What each role of the office's staff may do, declared once: the API's route groups and the
/// web pages ask it, and so does the audit view about applicants' personal data.
public enum Permission: Sendable, CaseIterable {
    case register, recordEvent, decide, extend, read, audit, manageStaff, keepRegisters, approve
    /// What any logged-in member may do to their own account: log out, change the password.
    case own
    /// Voiding an event or correcting a request, and publishing the year's report: the head's.
    case correct, publish
    /// Adding a year to the working-day calendar: the administrator's.
    case keepCalendar
    /// The supervisor's collection: reading it; collecting reports and assigning them; keeping
    /// the register of agencies; confirming or dismissing findings.
    case readCollection, collect, keepAgencies, reviewFindings

    public var roles: Set<StaffMember.Role> {
        switch self {
        case .own: Set(StaffMember.Role.allCases)
        case .correct, .publish: [.head]
        case .keepCalendar: [.admin]
        case .register: [.clerk, .head]
        case .recordEvent: [.clerk, .reviewer, .head]
        case .decide: [.reviewer, .head]
        case .extend: [.head]
        case .read: [.clerk, .reviewer, .head, .auditor]
        case .audit: [.auditor, .admin]
        case .manageStaff: [.admin]
        case .keepRegisters: [.clerk, .head]
        case .approve: [.clerk, .reviewer, .head]
        case .readCollection: [.supervisor, .head, .reviewer, .auditor, .admin]
        case .collect: [.supervisor, .admin]
        case .keepAgencies: [.supervisor, .admin]
        case .reviewFindings: [.supervisor, .head]
        }
    }

    /// Who may see an applicant's name, contact and request text: the staff who handle requests.
    /// The administrator and the auditor see the audit log with them left out.
    public static func mayReadPersonalData(_ role: StaffMember.Role) -> Bool { [.clerk, .reviewer, .head].contains(role) }
}

extension ReviewChain {
    /// The role each step of the standard chain needs: 初审 by a clerk, 复审 by a reviewer, 终审
    /// by the head. A step of another chain may be done by any role that may approve.
    public static let stepRoles: [String: StaffMember.Role] = ["初审": .clerk, "复审": .reviewer, "终审": .head]
}

/// Failed logins counted per account and per address, in memory: five failures for one account,
/// or twenty from one address, within a quarter of an hour lock further attempts for a quarter
/// of an hour. Time is given (`now`), so that tests decide it.
public actor LoginLimiter {
    public static let window: TimeInterval = 15 * 60
    public static let perAccount = 5
    public static let perAddress = 20

    private var failures: [String: [Date]] = [:]
    private var lockedUntil: [String: Date] = [:]

    public init() {}

    /// When the account or the address may try again, if it is locked now.
    public func lockedUntil(name: String, address: String, now: Date) -> Date? {
        [lockedUntil["name:" + name], lockedUntil["address:" + address]].compactMap { $0 }.filter { $0 > now }.max()
    }

    /// Counts a failure; true when it locks the account or the address.
    public func fail(name: String, address: String, now: Date) -> Bool {
        var locked = false
        for (key, limit) in [("name:" + name, Self.perAccount), ("address:" + address, Self.perAddress)] {
            var times = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            times.append(now)
            failures[key] = times
            if times.count >= limit {
                lockedUntil[key] = now.addingTimeInterval(Self.window)
                failures[key] = []
                locked = true
            }
        }
        // Keys of old failures are dropped as they age, so that the table stays small.
        if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } } }
        return locked
    }

    public func succeed(name: String) { failures["name:" + name] = nil }
}

/// A logged-in session: its token (given once, kept only as its digest), who and until when.
public struct StaffSession: Sendable {
    public var token: String
    public var member: StaffMember
    public var expiresAt: String
}

extension Office {
    /// A hash to check a password against when the name is unknown, so that a wrong name costs
    /// the same time as a wrong password and names cannot be found by timing.
    static let unknownNameHash: String = (try? Credentials.hash(password: "no such member " + Credentials.newToken())) ?? ""

    /// Logs a staff member in from an address, within the limits on failed attempts; a lockout
    /// goes to the audit log.
    public func logIn(name: String, password: String, address: String, sessionLength: Duration) async throws(StoreError) -> StaffSession {
        let now = self.now()
        if let until = await limiter.lockedUntil(name: name, address: address, now: now) {
            let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
            throw .tooManyAttempts("登录失败次数过多，请\(minutes)分钟后再试")
        }
        let member = name.count <= Validate.maximumIDLength ? try await store.staffMember(name: name) : nil
        let valid = Credentials.verify(password: String(password.prefix(1024)), against: member?.passwordHash ?? Self.unknownNameHash)
        guard let member, valid else {
            if await limiter.fail(name: name, address: address, now: now) {
                try await store.appendAudit(
                    actor: "address:\(address)", entity: "staff", entityID: String(name.prefix(Validate.maximumIDLength)), action: "lockout")
            }
            throw .denied("用户名或密码错误")
        }
        await limiter.succeed(name: name)
        let token = Credentials.newToken()
        let expires = RecordJSON.iso(now.addingTimeInterval(Double(sessionLength.components.seconds)))
        try await store.createSession(tokenHash: Credentials.digest(token), name: member.name, expiresAt: expires)
        return StaffSession(token: token, member: member, expiresAt: expires)
    }

    /// The staff member a session token belongs to, if the session is live and the member may
    /// do `permission`.
    public func authenticate(token: String, for permission: Permission) async throws(StoreError) -> StaffMember {
        guard let session = try await store.session(tokenHash: Credentials.digest(token)), session.expiresAt > RecordJSON.iso(now()),
            let member = try await store.staffMember(name: session.name)
        else { throw .denied("会话不存在或已过期，请重新登录") }
        guard permission.roles.contains(member.role) else { throw .forbidden("\(member.role.label)无此权限") }
        return member
    }

    public func logOut(token: String) async throws(StoreError) {
        try await store.deleteSession(tokenHash: Credentials.digest(token))
    }

    /// Changes one's own password, the current one given again; every session of the member ends.
    public func changePassword(name: String, current: String, new: String) async throws(StoreError) {
        guard let member = try await store.staffMember(name: name), Credentials.verify(password: current, against: member.passwordHash) else {
            throw .denied("原密码错误")
        }
        guard new.count >= Self.minimumPasswordLength, new.count <= 1024 else {
            throw .invalid(field: "newPassword", "密码须为\(Self.minimumPasswordLength)至1024个字符")
        }
        let hash: String
        do { hash = try Credentials.hash(password: new) } catch { throw .database("the password could not be hashed: \(error)") }
        try await store.changePassword(name: name, passwordHash: hash, by: "staff:\(name)")
    }

    /// Removes a staff member; their sessions end at once. An administrator does not remove
    /// themselves (the office would be left without one).
    public func removeStaff(name: String, by admin: StaffMember) async throws(StoreError) {
        guard name != admin.name else { throw .invalid(field: "name", "不能删除自己的账号") }
        try await store.removeStaff(name: name, by: "staff:\(admin.name)")
    }

    /// The audit log as `role` may see it: entries about requests keep the applicant's name,
    /// contact, request text and tracking digest only for the roles that may read personal data.
    public func auditLog(entityID: String?, limit: Int, for role: StaffMember.Role) async throws(StoreError) -> [AuditEntry] {
        let entries = try await store.auditLog(entityID: entityID, limit: min(max(limit, 1), 1000))
        guard !Permission.mayReadPersonalData(role) else { return entries }
        return entries.map { entry in
            guard entry.entity == "application" else { return entry }
            var redacted = entry
            redacted.before = entry.before.map(Self.withoutPersonalData)
            redacted.after = entry.after.map(Self.withoutPersonalData)
            return redacted
        }
    }

    /// A stored request's JSON with its personal fields replaced by 「（已隐去）」.
    static func withoutPersonalData(_ json: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return "{}" }
        for key in ["applicantName", "contact", "request", "trackingTokenHash"] where object[key] != nil { object[key] = "（已隐去）" }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
