import Foundation
import GongkaiCollection
import GongkaiModel
import GongkaiOffice
import GongkaiRendering
import GongkaiStore
import GongkaiSupervision
import Hummingbird

/// The supervisor's collection: the register of agencies, uploading reports, the year's status,
/// findings and their review, comparison, measures and exports. The same documents as the CLI's
/// `--json`.
struct CollectionController {
    let collection: Collection

    func register(
        read: RouterGroup<OfficeRequestContext>, collect: RouterGroup<OfficeRequestContext>, keep: RouterGroup<OfficeRequestContext>,
        review: RouterGroup<OfficeRequestContext>
    ) {
        read.get("agencies", use: agencies)
        keep.put("agencies", use: importAgencies)
        keep.put("agencies/:id", use: saveAgency)
        keep.delete("agencies/:id", use: removeAgency)
        collect.post("collection/files", use: upload)
        read.get("collection/status", use: status)
        read.get("collection/missing", use: missing)
        read.get("collection/findings", use: findings)
        review.post("collection/reviews/:fingerprint", use: decide)
        review.delete("collection/reviews/:fingerprint", use: undo)
        read.get("collection/compare/:agency", use: compare)
        read.get("collection/measures/:agency", use: measures)
        read.get("collection/export", use: export)
        read.get("collection/unassigned", use: unassigned)
        collect.post("collection/unassigned/:id/assignment", use: assign)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func failing(_ error: CollectionError) -> APIError {
        switch error {
        case .register(let e): APIError(.unprocessableContent, field: "register", e.description)
        case .invalid(let field, let why): APIError(.unprocessableContent, field: field, why)
        case .store(let e): APIError.from(e)
        }
    }

    func run<T>(_ body: () async throws(CollectionError) -> T) async throws -> T {
        do { return try await body() } catch { throw Self.failing(error) }
    }

    static func year(_ request: Request, required: Bool = true) throws -> Int? {
        guard let text = request.uri.queryParameters["year"].map(String.init) else {
            if required { throw APIError(.badRequest, field: "year", "缺少年度（year）") }
            return nil
        }
        guard let y = Int(text), (2000...2100).contains(y) else { throw APIError(.unprocessableContent, field: "year", "「\(text)」不是年份") }
        return y
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    @Sendable func agencies(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        if Self.query(request, "format") == "csv" {
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: RegisterCSV.render(register))))
        }
        return Self.json(CollectionJSON.register(register))
    }

    /// The register replaced by a CSV body, whole or not at all.
    @Sendable func importAgencies(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        let actor = "staff:\(try context.member().name)"
        let (count, changed) = try await run { () async throws(CollectionError) in
            try await collection.importRegister(csv: String(decoding: body.readableBytesView, as: UTF8.self), by: actor)
        }
        return Self.json("{\"agencies\":\(count),\"changed\":\(changed)}")
    }

    @Sendable func saveAgency(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let agency = try await JSONBody.decode(Agency.self, from: request)
        guard agency.id == context.parameters.get("id") else { throw APIError(.unprocessableContent, field: "id", "路径中的编号与请求中的不一致") }
        let actor = "staff:\(try context.member().name)"
        try await run { () async throws(CollectionError) in try await collection.saveAgency(agency, by: actor) }
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        var w = JSONWriter()
        CollectionJSON.agency(agency, level: register.level(of: agency.id), into: &w)
        return Self.json(w.output)
    }

    @Sendable func removeAgency(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let actor = "staff:\(try context.member().name)"
        try await run { () async throws(CollectionError) in try await collection.removeAgency(id: context.parameters.get("id") ?? "", by: actor) }
        return Response(status: .noContent)
    }

    /// One file (a report, or a zip archive of reports) as the body; its name, and what a
    /// manifest would say of it, as query parameters.
    @Sendable func upload(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        guard let name = Self.query(request, "name"), Gathered.isPlainName(name) else {
            throw APIError(.badRequest, field: "name", "缺少文件名（name），或文件名含路径")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Gathered.maximumFileSize) } catch {
            throw APIError(.contentTooLarge, field: "file", "文件大于 \(Gathered.maximumFileSize >> 20) MB，不是年度报告")
        }
        var entry = ManifestEntry(agencyID: Self.query(request, "agency_id"), sourceURL: Self.query(request, "source_url"))
        entry.year = try Self.year(request, required: false)
        if let published = Self.query(request, "published") {
            guard let d = ReportDate(iso: published) else { throw APIError(.unprocessableContent, field: "published", "公开日期应写作 YYYY-MM-DD") }
            entry.publishedOn = d
        }
        var gathered = Gathered()
        gathered.add(path: name, bytes: Array(body.readableBytesView))
        let manifest: [String: ManifestEntry] = Dictionary(uniqueKeysWithValues: gathered.files.map { ($0.path, entry) })
        let summary = try await run { () async throws(CollectionError) in try await collection.collect(gathered, manifest: manifest) }
        return Self.json(CollectionJSON.summary(summary), status: .created)
    }

    @Sendable func status(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try Self.year(request)!
        let under = Self.query(request, "under")
        let rows = try await run { () async throws(CollectionError) in try await collection.status(year: year, under: under) }
        return Self.json(CollectionJSON.status(rows, year: year))
    }

    @Sendable func missing(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try Self.year(request)!
        let under = Self.query(request, "under")
        let rows = try await run { () async throws(CollectionError) in try await collection.missing(year: year, under: under) }
        return Self.json(CollectionJSON.missing(rows, year: year))
    }

    @Sendable func findings(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try Self.year(request, required: false)
        var findingClass: FindingClass?
        if let c = Self.query(request, "class") {
            guard let parsed = FindingClass(rawValue: c) else { throw APIError(.unprocessableContent, field: "class", "class 应为 report 或 reading") }
            findingClass = parsed
        }
        let agency = Self.query(request, "agency"), rule = Self.query(request, "rule")
        let entries = try await run { () async throws(CollectionError) in
            try await collection.findings(year: year, agencyID: agency, rule: rule, findingClass: findingClass)
        }
        return Self.json(CollectionJSON.findings(entries))
    }

    struct Decision: Decodable {
        var decision: CollectionStore.Review.Decision
        var comment: String?
    }

    @Sendable func decide(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Decision.self, from: request)
        let fingerprint = context.parameters.get("fingerprint") ?? ""
        let actor = "staff:\(try context.member().name)"
        try await run { () async throws(CollectionError) in
            try await collection.review(fingerprint: fingerprint, decision: body.decision, comment: body.comment ?? "", by: actor)
        }
        return Self.json("{\"fingerprint\":\(JSONWriter.quoted(fingerprint)),\"decision\":\(JSONWriter.quoted(body.decision.rawValue))}")
    }

    @Sendable func undo(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let actor = "staff:\(try context.member().name)"
        try await run { () async throws(CollectionError) in
            try await collection.undoReview(fingerprint: context.parameters.get("fingerprint") ?? "", by: actor)
        }
        return Response(status: .noContent)
    }

    @Sendable func compare(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let years = (Self.query(request, "years") ?? "").split(separator: ",").compactMap { Int($0) }
        guard years.count >= 2 else { throw APIError(.badRequest, field: "years", "至少两个年度，如 years=2023,2024") }
        let agency = context.parameters.get("agency") ?? ""
        let cmp = try await run { () async throws(CollectionError) in try await collection.compare(agencyID: agency, years: years) }
        return Self.json(CollectionJSON.comparison(cmp))
    }

    @Sendable func measures(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try Self.year(request)!
        let subtree = Self.query(request, "subtree") == "true"
        let agency = context.parameters.get("agency") ?? ""
        let (this, last, _) = try await run { () async throws(CollectionError) in
            try await collection.measures(agencyID: agency, year: year, subtree: subtree)
        }
        return Self.json(CollectionJSON.measures(agencyID: agency, year: year, subtree: subtree, this: this, last: last))
    }

    @Sendable func export(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try Self.year(request)!
        let to = Self.query(request, "to") ?? "csv", long = Self.query(request, "long") == "true"
        guard ["csv", "jsonl", "xlsx"].contains(to) else { throw APIError(.unprocessableContent, field: "to", "to 应为 csv、jsonl 或 xlsx") }
        let rows = try await run { () async throws(CollectionError) in try await collection.exportRows(year: year) }
        let file = "gongkai-\(year)\(long ? "-long" : "").\(to)"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-export-\(UUID().uuidString).\(to)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do throws(XLSXExport.Failure) { try ExportFile.write(rows, form: ExportFile.Form(rawValue: to)!, long: long, to: path) } catch {
            throw APIError(.internalServerError, "导出失败")
        }
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let type =
            switch to {
            case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case "jsonl": "application/x-ndjson; charset=utf-8"
            default: "text/csv; charset=utf-8"
            }
        return Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(file)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func unassigned(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let rows = try await run { () async throws(CollectionError) in try await collection.unassigned() }
        return Self.json(CollectionJSON.unassigned(rows))
    }

    struct Assignment: Decodable {
        var agency_id: String
        var year: Int
    }

    @Sendable func assign(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(Assignment.self, from: request)
        guard let id = context.parameters.get("id", as: Int.self) else { throw APIError(.notFound, "不存在") }
        let actor = "staff:\(try context.member().name)"
        try await run { () async throws(CollectionError) in
            try await collection.assign(rowID: id, agencyID: body.agency_id, year: body.year, by: actor)
        }
        return Response(status: .noContent)
    }
}
