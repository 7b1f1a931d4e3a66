import Foundation
import GongkaiCollection
import GongkaiGeneration
import GongkaiModel
import GongkaiOffice
import GongkaiStore
import GongkaiSupervision
import Hummingbird

/// The supervising office's pages, on the collection: the year's tracker (its home), an
/// agency's years side by side, the roll-up of a parent's children, the findings to review,
/// the measures with their formulas and charts, uploading a batch, and the year's export.
struct SupervisionPages {
    let collection: Collection
    let pages: Pages
    let today: @Sendable () -> ReportDate

    func register(on web: RouterGroup<OfficeRequestContext>) {
        let read = web.group("supervision").add(middleware: WebAuthentication(permission: .readCollection))
        read.get("", use: tracker)
        read.get("agencies/:id", use: agency)
        read.get("rollup/:id", use: rollUp)
        read.get("findings", use: findings)
        read.get("measures", use: measures)
        read.get("export/:form", use: export)
        let review = web.group("supervision").add(middleware: WebAuthentication(permission: .reviewFindings))
        review.post("findings/:fingerprint", use: decide)
        review.post("findings/:fingerprint/undo", use: undo)
        let collect = web.group("supervision").add(middleware: WebAuthentication(permission: .collect))
        collect.get("upload", use: uploadForm)
        collect.post("upload", use: upload)
        collect.get("unassigned", use: unassigned)
        collect.post("unassigned/:row", use: assign)
    }

    /// The year a supervisor looks at first: last year's reports, due by the end of January.
    var defaultYear: Int { today().year - 1 }

    func year(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("year") else { return defaultYear }
        guard let y = Int(text), Validate.years.contains(y) else { throw WebError(.badRequest, "年度有误：\(text)") }
        return y
    }

    func run<T>(_ body: () async throws(CollectionError) -> T) async throws -> T {
        do { return try await body() } catch {
            switch error {
            case .store(let e): throw e
            case .invalid(_, let why): throw WebError(.unprocessableContent, why)
            case .register(let e): throw WebError(.unprocessableContent, "名录有误：\(e)")
            }
        }
    }

    // MARK: The tracker

    @Sendable func tracker(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try year(request)
        let under = request.uri.queryParameters.get("under").flatMap { $0.isEmpty ? nil : $0 }
        let filter = request.uri.queryParameters.get("state").flatMap(TrackerState.init(rawValue:))
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        if let under, register[under] == nil { throw WebError(.notFound, "名录中没有机构 \(under)") }
        let all = try await run { () async throws(CollectionError) in try await collection.status(year: year, under: under) }
        var counts: [TrackerState: Int] = [:]
        for s in all { counts[s.state, default: 0] += 1 }
        let shown = filter.map { f in all.filter { $0.state == f } } ?? all
        let base = (under.map { "&under=\($0)" } ?? "")
        let filters: [[String: Any]] =
            [["href": "/supervision?year=\(year)\(base)", "label": "全部 \(all.count)", "current": filter == nil]]
            + TrackerState.allCases.map { s in
                ["href": "/supervision?year=\(year)\(base)&state=\(s.rawValue)", "label": "\(s.label) \(counts[s] ?? 0)", "current": filter == s]
            }
        let received = all.filter(\.received).count
        let topLevel = all.map(\.level).min() ?? 1
        let rows: [[String: Any]] = shown.prefix(2000).map { s in
            let version: String = s.version.map { v in "第\(v)版" + (s.versions > 1 ? "（共\(s.versions)版）" : "") } ?? ""
            let failure: String = s.failure ?? "", file: String = s.file ?? ""
            let indent: Int = min(s.level - topLevel, 6)
            return [
                "id": s.agency.id, "name": s.agency.name, "kind": s.agency.kind.rawValue, "indent": indent,
                "state": s.state.label, "stateKey": s.state.rawValue, "version": version,
                "errors": s.counts.errors, "warnings": s.counts.warnings, "doubts": s.counts.doubts, "pending": s.pending,
                "hasPending": s.pending > 0,
                "failure": failure, "file": file, "hasChildren": !register.children(of: s.agency.id).isEmpty,
            ]
        }
        let regions: [[String: Any]] = register.agencies.filter { !register.children(of: $0.id).isEmpty }.prefix(500).map { a in
            let level = register.level(of: a.id) ?? 1
            return ["id": a.id, "label": String(repeating: "　", count: level - 1) + a.name, "selected": a.id == under]
        }
        let percent = all.isEmpty ? 0 : Int((Double(received) / Double(all.count) * 100).rounded())
        // Down the hierarchy: the path from the top to the region shown.
        var path: [[String: Any]] = []
        var step = under.flatMap { register[$0] }
        while let agency = step {
            path.insert(["id": agency.id, "name": agency.name], at: 0)
            step = agency.parent.flatMap { register[$0] }
        }
        return pages.render(
            "tracker", title: "\(year)年度报告报送情况",
            data: [
                "year": year, "previous": year - 1, "next": year + 1, "under": under ?? "", "filters": filters, "rows": rows, "any": !rows.isEmpty,
                "truncated": shown.count > 2000, "total": all.count, "received": received, "percent": percent,
                "done": counts[.done] ?? 0, "regions": regions, "emptyRegister": register.agencies.isEmpty,
                "mayCollect": Permission.collect.roles.contains(context.staff?.role ?? .clerk), "path": path, "hasPath": !path.isEmpty,
            ], context: context, request: request)
    }

    // MARK: An agency

    @Sendable func agency(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let year = try year(request)
        let years = Array((year - 2)...year)
        let c = try await run { () async throws(CollectionError) in try await collection.compare(agencyID: id, years: years) }
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        let rows: [[String: Any]] = c.rows.map { r in
            ["cell": r.cell.rawValue, "label": r.label, "values": r.values.map { Self.text($0) }, "differs": r.differs]
        }
        let cross: [[String: Any]] = years.flatMap { y in
            (c.crossFindings[y] ?? []).map { f in
                [
                    "year": y, "rule": f.rule, "message": f.message, "severity": f.severity == .error ? "错误" : f.severity == .warning ? "警告" : "提示",
                    "severityKey": f.severity.rawValue, "cells": (f.cells + f.otherCells).joined(separator: " "),
                ] as [String: Any]
            }
        }
        let measureRows: [[String: Any]] = Measure.all.map { m in
            ["name": m.name, "formula": m.formula, "values": years.map { c.measures[$0]?.text(of: m) ?? "—" }]
        }
        return pages.render(
            "agency", title: c.agency.name,
            data: [
                "id": id, "name": c.agency.name, "kind": c.agency.kind.rawValue, "aliases": c.agency.aliases.joined(separator: "、"),
                "parent": c.agency.parent.flatMap { register[$0] }.map { ["id": $0.id, "name": $0.name] } ?? false, "year": year,
                "years": years, "versions": c.versions.map { $0.map { "第\($0)版" } ?? "未报送" }, "rows": rows, "any": !rows.isEmpty,
                "cross": cross, "hasCross": !cross.isEmpty, "measures": measureRows, "hasChildren": !register.children(of: id).isEmpty,
                "sumsChildren": c.agency.sumsChildren,
            ], context: context, request: request)
    }

    static func text(_ value: CellValue?) -> String {
        switch value {
        case .number(let n)?: n.description
        case .text(let t)?: t
        case .blank?: "（空白）"
        case nil: "—"
        }
    }

    @Sendable func rollUp(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let year = try year(request)
        let r = try await run { () async throws(CollectionError) in try await collection.rollUp(agencyID: id, year: year) }
        let rows: [[String: Any]] = r.rows.map { row in
            let diff = row.difference
            return [
                "cell": row.cell.rawValue, "label": row.label, "parent": row.parent?.description ?? "—", "sum": row.sum.description,
                "difference": diff?.description ?? "—", "differs": diff.map { $0 != .zero } ?? false,
            ]
        }
        return pages.render(
            "rollup", title: "\(r.agency.name)\(year)年汇总核对",
            data: [
                "id": id, "name": r.agency.name, "year": year, "rows": rows, "any": !rows.isEmpty, "parentReceived": r.parentReceived,
                "included": r.included.map { ["id": $0.id, "name": $0.name] }, "missing": r.missing.map { ["id": $0.id, "name": $0.name] },
                "includedCount": r.included.count, "childCount": r.included.count + r.missing.count, "complete": r.missing.isEmpty,
                "differences": rows.filter { $0["differs"] as? Bool == true }.count, "sumsChildren": r.agency.sumsChildren,
            ], context: context, request: request)
    }

    // MARK: Findings to review

    @Sendable func findings(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try year(request)
        let q = request.uri.queryParameters
        let findingClass = q.get("class").flatMap(FindingClass.init(rawValue:))
        let status = q.get("status") ?? "pending"
        let rule = q.get("rule").flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await run { () async throws(CollectionError) in
            try await collection.findings(year: year, agencyID: q.get("agency"), rule: rule, findingClass: findingClass)
        }
        let mayReview = Permission.reviewFindings.roles.contains(context.staff?.role ?? .clerk)
        var items: [[String: Any]] = []
        var pendingCount = 0
        for e in entries {
            for f in e.findings where f.cause == nil {
                let review = e.reviews[f.fingerprint]
                if review == nil { pendingCount += 1 }
                switch status {
                case "pending": if review != nil { continue }
                case "decided": if review == nil { continue }
                default: break
                }
                var item: [String: Any] = [
                    "agencyID": e.agencyID, "agency": e.agency, "year": e.year, "version": e.version, "rule": f.rule, "message": f.message,
                    "severity": f.severity == .error ? "错误" : f.severity == .warning ? "警告" : "提示", "severityKey": f.severity.rawValue,
                    "class": f.findingClass.label, "cells": f.cells.joined(separator: "、"), "fingerprint": f.fingerprint, "mayReview": mayReview,
                ]
                if let other = f.other {
                    item["other"] = "\(other.agency)\(other.year)年" + (other.version.map { "第\($0)版" } ?? "")
                    item["otherCells"] = f.otherCells.joined(separator: "、")
                }
                if let review {
                    item["review"] = [
                        "decision": review.decision.label, "comment": review.comment, "actor": review.actor, "at": String(review.at.prefix(16)),
                    ]
                }
                items.append(item)
            }
        }
        func link(_ key: String, _ value: String?) -> String {
            var parts = [
                "year": String(year), "status": status, "class": findingClass?.rawValue ?? "", "rule": rule ?? "", "agency": q.get("agency") ?? "",
            ]
            parts[key] = value ?? ""
            return "/supervision/findings?"
                + parts.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        }
        let statusFilters = [("pending", "待复核"), ("decided", "已复核"), ("all", "全部")].map { k, l in
            ["href": link("status", k), "label": l, "current": status == k] as [String: Any]
        }
        let classFilters = [(nil, "两类问题"), (FindingClass.report, FindingClass.report.label), (FindingClass.reading, FindingClass.reading.label)].map {
            k, l in
            ["href": link("class", k?.rawValue), "label": l, "current": findingClass == k] as [String: Any]
        }
        let shown = 200
        let more = items.count > shown
        if more { items = Array(items.prefix(shown)) }
        return pages.render(
            "review", title: "\(year)年度问题复核",
            data: [
                "more": more, "shown": shown, "year": year, "items": items, "any": !items.isEmpty, "statusFilters": statusFilters,
                "classFilters": classFilters,
                "pendingCount": pendingCount, "rule": rule ?? "", "status": status, "back": link("", nil),
            ], context: context, request: request)
    }

    @Sendable func decide(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let fingerprint = context.parameters.get("fingerprint") ?? ""
        let back = Self.back(context.form["back"])
        guard let decision = CollectionStore.Review.Decision(rawValue: context.form["decision"]) else {
            return redirect(back, flash: "未能复核：请选择确认或排除")
        }
        do {
            try await collection.review(fingerprint: fingerprint, decision: decision, comment: context.form["comment"], by: "staff:\(member.name)")
        } catch {
            return redirect(back, flash: "未能复核：\(Self.message(error))")
        }
        return redirect(back, flash: decision == .confirmed ? "已确认该问题" : "已排除该问题，理由已记录")
    }

    @Sendable func undo(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        let back = Self.back(context.form["back"])
        do {
            try await collection.undoReview(fingerprint: context.parameters.get("fingerprint") ?? "", by: "staff:\(member.name)")
        } catch {
            return redirect(back, flash: "未能撤销：\(Self.message(error))")
        }
        return redirect(back, flash: "已撤销复核结论，该问题回到待复核")
    }

    static func back(_ text: String) -> String { text.hasPrefix("/supervision") && !text.contains("//") ? text : "/supervision/findings" }

    static func message(_ error: CollectionError) -> String {
        switch error {
        case .invalid(_, let why): why
        case .store(let e): OfficePages.message(e)
        case .register(let e): "名录有误：\(e)"
        }
    }

    // MARK: Measures

    @Sendable func measures(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try year(request)
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        guard !register.agencies.isEmpty else {
            return pages.render("measures", title: "指标", data: ["year": year, "empty": true], context: context, request: request)
        }
        let roots = register.agencies.filter { $0.parent == nil }
        let root = request.uri.queryParameters.get("under").flatMap { register[$0] } ?? roots[0]
        var series: [(year: Int, totals: MeasureTotals)] = []
        for y in (year - 4)...year {
            let m = try await run { () async throws(CollectionError) in try await collection.measures(agencyID: root.id, year: y, subtree: true) }
            series.append((y, m.this))
        }
        let (this, last) = (series.last!.totals, series[series.count - 2].totals)
        let cards: [[String: Any]] = Measure.all.map { m in
            ["name": m.name, "formula": m.formula, "value": this.text(of: m), "last": last.text(of: m)]
        }
        let received = Measure.all[0]
        let applications = Charts.bars(
            series.filter { $0.totals.reports > 0 }.map { ("\($0.year)", $0.totals.value(of: received) ?? 0) }, title: "新收政府信息公开申请（件）",
            format: { String(Int($0)) })
        let disclosure = Measure.all.first { $0.id == "disclosure_rate" }!
        let trend = Charts.bars(
            series.filter { $0.totals.reports > 0 }.map { ("\($0.year)", $0.totals.value(of: disclosure) ?? 0) }, title: "\(disclosure.name)（%）",
            format: { String(format: "%.1f", $0) })
        // Rates by agency, ranked only where enough cases stand behind them.
        var byAgency: [(String, Double)] = []
        var small: [String] = []
        let rate = Measure.all.first { $0.id == "review_correction_rate" }!
        for child in register.children(of: root.id).prefix(60) {
            let m = try await run { () async throws(CollectionError) in try await collection.measures(agencyID: child.id, year: year, subtree: true) }
            if let v = m.this.value(of: rate), (m.this.base(of: rate) ?? 0) >= MeasureTotals.minimumForRanking {
                byAgency.append((child.name, v))
            } else {
                small.append(child.name)
            }
        }
        let mix = try await run { () async throws(CollectionError) in try await collection.outcomeMix(agencyID: root.id, year: year, subtree: true) }
        let outcome = Charts.bars(
            zip(OutcomeMix.groups, mix.counts).map { ($0.label, $1.doubleValue) }, title: "\(year)年办结申请的结果构成（件）", format: { String(Int($0)) },
            horizontal: true)
        let correction = Charts.bars(
            byAgency.sorted { $0.1 > $1.1 }.prefix(20).map { ($0.0, $0.1) }, title: "\(rate.name)（%）", format: { String(format: "%.1f", $0) },
            horizontal: true)
        return pages.render(
            "measures", title: "\(year)年度指标",
            data: [
                "year": year, "root": root.name, "rootID": root.id, "cards": cards, "applications": applications, "correction": correction,
                "trend": trend, "outcome": outcome, "hasCorrection": !byAgency.isEmpty, "small": small.joined(separator: "、"),
                "reports": this.reports,
                "minimum": Int(MeasureTotals.minimumForRanking),
                "roots": register.agencies.filter { !register.children(of: $0.id).isEmpty }.prefix(300).map {
                    ["id": $0.id, "name": $0.name, "selected": $0.id == root.id]
                },
            ], context: context, request: request)
    }

    // MARK: Upload and export

    @Sendable func uploadForm(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        pages.render("upload", title: "上传报告", data: ["maximum": WebSession.maximumBody >> 20], context: context, request: request)
    }

    @Sendable func upload(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let files = context.form.files["files"] ?? []
        guard !files.isEmpty else {
            return pages.render("upload", title: "上传报告", data: ["error": "请选择要上传的报告文件或zip压缩包。"], context: context, request: request)
        }
        var gathered = Gathered()
        var refused: [[String: String]] = []
        for f in files {
            guard Gathered.isPlainName(f.name) else {
                refused.append(["path": f.name, "reason": "文件名不合规"])
                continue
            }
            gathered.add(path: f.name, bytes: f.bytes)
        }
        let summary = try await run { () async throws(CollectionError) in try await collection.collect(gathered) }
        func list(_ items: [(path: String, reason: String)]) -> [[String: String]] { items.map { ["path": $0.path, "reason": $0.reason] } }
        return pages.render(
            "uploaded", title: "上传结果",
            data: [
                "stored": summary.stored, "known": summary.known, "unassigned": list(summary.unassigned), "failed": list(summary.failed),
                "skipped": list(summary.skipped) + refused, "hasUnassigned": !summary.unassigned.isEmpty, "hasFailed": !summary.failed.isEmpty,
                "hasSkipped": !summary.skipped.isEmpty || !refused.isEmpty, "year": defaultYear,
            ], context: context, request: request, status: .created)
    }

    /// The reports read but not placed: the agency the report names matched none or several of
    /// the register, or its year is unknown. Each is assigned by hand, never guessed.
    @Sendable func unassigned(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let rows = try await run { () async throws(CollectionError) in try await collection.unassigned() }
        let register = try await run { () async throws(CollectionError) in try await collection.register() }
        let agencies = register.agencies.prefix(3000).map { a in
            ["id": a.id, "label": String(repeating: "　", count: (register.level(of: a.id) ?? 1) - 1) + a.name]
        }
        let items: [[String: Any]] = rows.map { r in
            [
                "row": r.rowID, "file": r.path, "named": r.namedAgency ?? "（未读出）", "year": r.year.map(String.init) ?? "",
                "reason": r.reason ?? "", "defaultYear": r.year ?? defaultYear,
            ]
        }
        return pages.render(
            "unassigned", title: "待指定机构的报告",
            data: ["items": items, "any": !items.isEmpty, "agencies": agencies, "large": register.agencies.count > 3000], context: context,
            request: request)
    }

    @Sendable func assign(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let member = try context.member()
        guard let row = context.parameters.get("row", as: Int.self) else { throw WebError(.notFound, "没有这份报告") }
        let agencyID = context.form["agency"].trimmingCharacters(in: .whitespaces)
        guard let year = Int(context.form["year"]), Validate.years.contains(year) else {
            return redirect("/supervision/unassigned", flash: "未能指定：年度有误")
        }
        do {
            try await collection.assign(rowID: row, agencyID: agencyID, year: year, by: "staff:\(member.name)")
        } catch {
            return redirect("/supervision/unassigned", flash: "未能指定：\(Self.message(error))")
        }
        return redirect("/supervision/unassigned", flash: "已指定为\(agencyID)的\(year)年度报告，并已重新核对")
    }

    @Sendable func export(_ request: Request, context: OfficeRequestContext) async throws -> Response {
        let year = try year(request)
        guard let form = context.parameters.get("form").flatMap(ExportFile.Form.init(rawValue:)) else { throw WebError(.notFound, "没有这种导出格式") }
        let rows = try await run { () async throws(CollectionError) in try await collection.exportRows(year: year) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-web-export-\(UUID().uuidString).\(form.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do throws(XLSXExport.Failure) { try ExportFile.write(rows, form: form, long: false, to: path) } catch {
            throw WebError(.internalServerError, "导出失败：\(error.description)")
        }
        let type =
            form == .xlsx
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : form == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
        return download(Array(FileManager.default.contents(atPath: path) ?? Data()), type: type, filename: "\(year)年度报告数据.\(form.rawValue)")
    }
}

/// Charts drawn on the server as SVG: bars with their values written beside them.
enum Charts {
    static func escape(_ s: String) -> String { MarkupText.escaped(s) }

    /// A bar chart; vertical bars by default (years), horizontal for long labels (agencies).
    static func bars(_ data: [(String, Double)], title: String, format: (Double) -> String, horizontal: Bool = false) -> String {
        guard !data.isEmpty else { return "" }
        let maxValue = max(data.map(\.1).max() ?? 0, 1)
        var out: [String] = []
        if horizontal {
            let row = 26, labelWidth = 220, barWidth = 360
            let height = data.count * row + 40
            out.append(
                "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(labelWidth + barWidth + 80) \(height)\" width=\"\(labelWidth + barWidth + 80)\" xmlns=\"http://www.w3.org/2000/svg\">"
            )
            out.append("<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"700\">\(escape(title))</text>")
            for (i, (label, value)) in data.enumerated() {
                let y = 34 + i * row
                let w = Int(Double(barWidth) * value / maxValue)
                out.append(
                    "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" font-size=\"13\" text-anchor=\"end\">\(escape(String(label.prefix(16))))</text>")
                out.append("<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"16\" fill=\"#1a5fb4\"/>")
                out.append("<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\" font-size=\"12\">\(escape(format(value)))</text>")
            }
        } else {
            let column = 80, chartHeight = 180
            let width = data.count * column + 40
            out.append(
                "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(width) \(chartHeight + 70)\" width=\"\(width)\" xmlns=\"http://www.w3.org/2000/svg\">"
            )
            out.append("<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"700\">\(escape(title))</text>")
            for (i, (label, value)) in data.enumerated() {
                let h = Int(Double(chartHeight - 20) * value / maxValue)
                let x = 30 + i * column
                let y = 30 + chartHeight - h
                out.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(column - 24)\" height=\"\(max(h, 1))\" fill=\"#b3261e\"/>")
                out.append(
                    "<text x=\"\(x + (column - 24) / 2)\" y=\"\(y - 4)\" font-size=\"12\" text-anchor=\"middle\">\(escape(format(value)))</text>")
                out.append(
                    "<text x=\"\(x + (column - 24) / 2)\" y=\"\(chartHeight + 50)\" font-size=\"13\" text-anchor=\"middle\">\(escape(label))</text>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

}
