import GongkaiModel
import GongkaiRendering

/// The fill-in document `gongkai new` writes: every cell of the format at 0 and every section
/// with a placeholder, as JSON that `gongkai render` reads (the same keys as `gongkai parse`).
public enum FillInDocument {
    /// What each section's placeholder asks for.
    public static func placeholder(for kind: SectionKind) -> String {
        switch kind {
        case .overview: "（在此概述本年度政府信息公开工作的总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障等。）"
        case .proactive, .applications, .reviewAndLitigation: ""
        case .problems: "（在此写明本年度政府信息公开工作存在的主要问题和改进措施。）"
        case .otherMatters: "（在此写明其他需要报告的事项，包括信息处理费的收取情况。）"
        }
    }

    /// The sections of a report that still hold a placeholder, in order: a report is not
    /// published with them.
    public static func placeholderSections(of report: Report) -> [SectionKind] { ReportLayout.placeholderSections(of: report) }

    public static func make(format: ReportFormat, year: Int, agency: String) -> String {
        var w = JSONWriter(indent: "  ")
        w.beginObject()
        w.string(format.rawValue, key: "format")
        w.int(year, key: "year")
        w.string(agency, key: "agency")
        w.string("\(agency)\(year)年政府信息公开工作年度报告", key: "title")
        w.string(nil, key: "publicationDate")
        w.beginArray(key: "sections")
        for kind in SectionKind.allCases {
            w.beginObject()
            w.int(kind.rawValue, key: "number")
            w.string(kind.standardHeading, key: "heading")
            w.string(placeholder(for: kind), key: "text")
            w.endObject()
        }
        w.endArray()
        w.beginObject(key: "cells")
        for id in ReportTemplate.of(format).cellIDs { w.int(0, key: id.rawValue) }
        w.endObject()
        w.beginObject(key: "units")
        if format == .v2019 { w.string("万元", key: "t2.procurement.amount") }
        w.endObject()
        w.endObject()
        return w.output + "\n"
    }
}
