import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiReading
import Hummingbird

/// The report workbench: a report uploaded in any form Gongkai reads (or pasted as text) drawn
/// as the official tables with every cell marked and the findings listed; cells corrected and
/// the report checked again at once; the corrected report downloaded. Open to anyone: nothing
/// is stored but the report being worked on, in memory, for an hour.
struct WorkbenchPages {
    let pages: Pages
    let reader: DocumentReader
    let drafts = WorkbenchDrafts()

    func register(on web: RouterGroup<OfficeRequestContext>) {
        web.get("/workbench", use: start)
        web.post("/workbench", use: upload)
        web.get("/workbench/:id", use: show)
        web.post("/workbench/:id", use: correct)
        web.get("/workbench/:id/download/:format", use: file)
        web.get("/workbench/:id/pages/:page", use: pageImage)
    }

    /// The largest upload the workbench reads.
    static let maximumUpload = 30 << 20

    @Sendable func start(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("workbench-start", title: "报告工作台", data: ["maximum": Self.maximumUpload >> 20], context: context, request: request)
    }

    @Sendable func upload(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let file = context.form.files["file"]?.first
        let pasted = context.form["text"]
        let bytes: [UInt8]
        let name: String
        if let file, !file.bytes.isEmpty {
            (bytes, name) = (file.bytes, file.name)
        } else if !pasted.allSatisfy(\.isWhitespace) {
            (bytes, name) = (Array(pasted.utf8), "粘贴的文本")
        } else {
            return refuse("请选择一个文件，或粘贴报告的文字。", context: context, request: request)
        }
        guard bytes.count <= Self.maximumUpload else { return refuse("文件超过\(Self.maximumUpload >> 20) MB。", context: context, request: request) }
        if let refusal = Self.unreadableKind(bytes: bytes, name: name) { return refuse(refusal, context: context, request: request) }
        let reader = reader
        let report: Report
        do {
            report = try await Task.detached { () throws(ReadError) -> Report in try reader.read(bytes: bytes) }.value
        } catch let error as ReadError {
            return refuse("未能读取「\(name)」：\(Self.message(error))", context: context, request: request)
        }
        // A PDF is kept beside its report, to show the page a finding stands on.
        let pdf = report.source == .pdf || (report.source == .ocr && DocumentReader.kind(of: bytes) == .pdf) ? bytes : nil
        let id = await drafts.add(WorkbenchDrafts.Draft(name: name, report: report, pdf: pdf))
        return redirect("/workbench/\(id)")
    }

    func refuse(_ message: String, context: OfficeRequestContext, request: Request) -> Response {
        pages.render(
            "workbench-start", title: "报告工作台", data: ["error": message, "maximum": Self.maximumUpload >> 20], context: context, request: request)
    }

    /// Files no reader takes, told by their content and name: old Word and WPS files, OFD,
    /// archives, spreadsheets.
    static func unreadableKind(bytes: [UInt8], name: String) -> String? {
        let lower = name.lowercased()
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || lower.hasSuffix(".doc") || lower.hasSuffix(".wps") {
            return "「\(name)」是旧版Word或WPS文件（.doc/.wps），无法直接读取。请另存为 .docx 或 PDF 后上传。"
        }
        if lower.hasSuffix(".ofd") { return "「\(name)」是OFD版式文件，暂不能读取。请上传PDF、Word（.docx）或网页。" }
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xls") || lower.hasSuffix(".zip") {
            return "「\(name)」不是报告文件。请上传Word（.docx）、PDF、网页（.html）、图片或文本。"
        }
        return nil
    }

    /// A reader's refusal in the user's words.
    static func message(_ error: ReadError) -> String {
        switch error {
        case .empty: "文件是空的"
        case .binary: "这不是可以读取的报告文件（二进制内容）"
        case .undecodable: "文字编码无法识别（应为UTF-8、UTF-16或GB18030）"
        case .notAReport: "没有找到政府信息公开工作年度报告的内容"
        case .io: "文件无法读取"
        case .damaged(_, let reason): "文件已损坏（\(reason)）"
        case .encrypted: "文件有密码保护，请去除密码后再上传"
        case .missingTool(let tool, _): "服务器缺少读取此类文件所需的程序（\(tool)）"
        case .noText: "文件中没有可读取的文字"
        }
    }

    @Sendable func show(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let draft = try await draft(context)
        let view = ReportView(report: draft.report)
        let r = draft.report
        let id = context.parameters.get("id") ?? ""
        let kind =
            switch r.source {
            case .text: "文本"
            case .html: "网页"
            case .docx: "Word文档"
            case .pdf: "PDF"
            case .ocr: "图片（OCR识别）"
            }
        return pages.render(
            "workbench", title: "报告工作台",
            data: [
                "id": id, "name": draft.name, "kind": kind, "agency": r.agency ?? "（未识别）",
                "year": r.year.map(String.init) ?? "（未识别）", "format": r.format.map { $0 == .v2019 ? "2019年版格式" : "2021年版格式" } ?? "（未识别）",
                "tables": view.tables(editable: true),
                "findings": view.findingList(pageLink: draft.pdf == nil ? nil : { "/workbench/\(id)/pages/\($0)" }),
                "hasFindings": !view.findings.isEmpty, "counts": view.counts,
                "notes": r.notes.map(\.message), "edited": draft.edits > 0 ? draft.edits : false,
                "hasLowConfidence": (view.counts["lowConfidence"] ?? 0) > 0,
            ], context: context, request: request)
    }

    @Sendable func correct(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        var draft = try await draft(context)
        var changed = 0
        for (key, values) in context.form.fields where key.hasPrefix("cell:") {
            let cellID = CellID(rawValue: String(key.dropFirst("cell:".count)))
            guard draft.report.templateCellIDs.contains(cellID), let text = values.first?.trimmingCharacters(in: .whitespaces) else { continue }
            let old = draft.report.cells[cellID]
            let value: CellValue
            if text.isEmpty {
                guard old != nil, old?.value != .blank else { continue }
                value = .blank
            } else if let n = ReportNumber(parsing: text) {
                value = .number(n)
            } else {
                return redirect("/workbench/\(id)", flash: "未能更正：\(cellID.rawValue) 的「\(text)」不是数字")
            }
            guard old?.value != value else { continue }
            var cell = Cell(id: cellID, value: value, raw: text, span: old?.span, provenance: .read, unit: old?.unit)
            cell.origin = old?.origin
            cell.origin?.confidence = nil
            draft.report.cells[cellID] = cell
            changed += 1
        }
        draft.edits += changed
        await drafts.replace(id, with: draft)
        return redirect("/workbench/\(id)", flash: changed == 0 ? "没有改动" : "已更正\(changed)个单元格并重新检查")
    }

    /// A page of the uploaded PDF, as an image.
    @Sendable func pageImage(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let draft = try await draft(context)
        guard let pdf = draft.pdf, let page = context.parameters.get("page", as: Int.self), (1...2000).contains(page) else {
            throw WebError(.notFound, "没有这一页")
        }
        let png: [UInt8]
        do { png = try await Task.detached { () throws(ReadError) -> [UInt8] in try PageImage.png(pdf: pdf, page: page) }.value } catch {
            throw WebError(.notFound, "没有这一页")
        }
        return Response(
            status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=3600"], body: .init(byteBuffer: ByteBuffer(bytes: png))
        )
    }

    @Sendable func file(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let draft = try await draft(context)
        guard let format = context.parameters.get("format").flatMap(ReportWriter.Format.init(rawValue:)) else { throw WebError(.notFound, "没有这种格式") }
        let base = draft.name.split(separator: ".").dropLast().joined(separator: ".")
        return try ReportFiles.download(draft.report, format: format, name: (base.isEmpty ? "报告" : base) + "（更正）")
    }

    func draft(_ context: OfficeRequestContext) async throws -> WorkbenchDrafts.Draft {
        guard let draft = await drafts.draft(context.parameters.get("id") ?? "") else {
            throw WebError(.notFound, "该报告已过期（工作台只保留1小时）或不存在，请重新上传。")
        }
        return draft
    }
}

/// The reports being worked on, in memory: at most 200, each for an hour after its last use.
actor WorkbenchDrafts {
    struct Draft: Sendable {
        var name: String
        var report: Report
        /// The uploaded PDF, when the report came from one.
        var pdf: [UInt8]? = nil
        var edits = 0
        var used = Date()
    }

    static let capacity = 200
    static let lifetime: TimeInterval = 3600
    private var drafts: [String: Draft] = [:]

    func add(_ draft: Draft) -> String {
        expire()
        if drafts.count >= Self.capacity, let oldest = drafts.min(by: { $0.value.used < $1.value.used })?.key { drafts[oldest] = nil }
        let id = Credentials.newToken()
        drafts[id] = draft
        return id
    }

    func draft(_ id: String) -> Draft? {
        expire()
        drafts[id]?.used = Date()
        return drafts[id]
    }

    func replace(_ id: String, with draft: Draft) {
        var draft = draft
        draft.used = Date()
        drafts[id] = draft
    }

    private func expire() {
        let now = Date()
        drafts = drafts.filter { now.timeIntervalSince($0.value.used) < Self.lifetime }
    }
}
