import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel

/// Writes a report in one of the output formats, after checking it: a report that breaks a hard
/// rule is not written unless forced, and then carries a visible draft mark.
///
/// ```swift
/// let report = try ReportInput.read(json: data)
/// let docx = try ReportWriter(format: .docx).write(report)
/// ```
public struct ReportWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case docx, html, md, pdf
    }

    public var format: Format
    /// Write even when the checker finds errors (with a draft mark).
    public var force: Bool
    public var programs: ExternalPrograms

    public init(format: Format, force: Bool = false, programs: ExternalPrograms = .environment) {
        self.format = format
        self.force = force
        self.programs = programs
    }

    /// The mark a forced report carries: how many hard rules it breaks.
    public static func draftMark(errors: Int) -> String {
        "【草稿】本报告有\(errors)处不符合表格勾稽关系或格式要求，未经更正不得公开发布"
    }

    public func write(_ report: Report) throws(RenderError) -> Data {
        let errors = Checker().check(report).filter { $0.severity == .error }
        if !errors.isEmpty && !force {
            throw .findings(errors.map { "error[\($0.rule)]: \($0.message)" })
        }
        let mark = errors.isEmpty ? nil : Self.draftMark(errors: errors.count)
        switch format {
        case .md: return Data(MarkdownWriter.render(report, draftMark: mark).utf8)
        case .html: return Data(HTMLWriter.render(report, draftMark: mark).utf8)
        case .docx: return try DOCXWriter.render(report, draftMark: mark)
        case .pdf: return try PDFWriter.render(report, draftMark: mark, programs: programs)
        }
    }
}
