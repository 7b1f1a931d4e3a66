import ArgumentParser
import Foundation
import GongkaiOffice
import GongkaiRecords
import GongkaiServer
import GongkaiStore
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web application and the JSON API (Hummingbird), on the store --db names (SQLite by default).",
        discussion: """
            The pages are at /, the API under /api (described by /openapi.json). Add the first administrator with \
            `gongkai staff add --role admin`; the rest of the staff on the page 人员与设置.
            """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port.") var port: Int = 8080
    @Option(help: "The office's name, as the pages and its year's report print it.") var agency = "本机关"
    @Flag(help: "Mark cookies Secure (served over TLS); they are also marked when a proxy sends X-Forwarded-Proto: https.")
    var secureCookies = false

    mutating func run() async throws {
        let s = try await store.open()
        let office: Office
        do { office = try await Office.open(store: s) } catch {
            await s.close()
            throw fail(error)
        }
        print("gongkai: serving \(store.location) on http://\(host):\(port)")
        var api = OfficeAPI(office: office)
        api.officeName = agency
        api.secureCookies = secureCookies
        try await api.application(host: host, port: port).runService()
        await s.close()
    }
}

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Staff accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff member; the password is read from standard input (hashed with scrypt).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The login name.") var name: String
        @Option(help: "clerk (经办人), reviewer (审核人), head (负责人), admin (管理员) or auditor (审计员).") var role: String

        mutating func run() async throws {
            let password = readLine(strippingNewline: true) ?? ""
            let (name, role, actor) = (name, role, store.actor)
            let member = try await store.withOffice { office in try await office.addStaff(name: name, role: role, password: password, by: actor) }
            print("\(member.name)\t\(member.role.rawValue)")
        }
    }
}
