import GongkaiModel

/// Structure rules: S-SECTIONS, S-TABLE-MISSING, S-TABLE-SHAPE (errors), S-HEADING, S-FORMAT (warnings).
enum StructureRules {
    /// `normalizedText`: the report's lines joined, in label form (`LabelNormalization`).
    static func findings(_ report: Report, normalizedText text: String) -> [Finding] {
        var out: [Finding] = []
        let found = report.sections.map(\.kind)
        let missing = SectionKind.allCases.filter { !found.contains($0) }
        if !missing.isEmpty {
            out.append(
                Finding(
                    rule: "S-SECTIONS", severity: .error,
                    message: "缺少第" + missing.map { Self.numeral($0) }.joined(separator: "、") + "部分（"
                        + missing.map(\.standardHeading).joined(separator: "；") + "）",
                    at: nil))
        }
        if found != found.sorted() {
            out.append(
                Finding(
                    rule: "S-SECTIONS", severity: .error,
                    message: "六个部分的顺序不对：实际顺序为" + found.map { Self.numeral($0) }.joined(separator: "、"),
                    at: report.sections.first?.headingSpan))
        }
        for table in TableID.allCases where !report.tablesFound.contains(table) {
            out.append(
                Finding(
                    rule: "S-TABLE-MISSING", severity: .error,
                    message: "第\(Self.numeral(table.section))部分没有可读的\(table.chineseName)（表格缺失，或仅为图片）",
                    at: report.section(table.section)?.headingSpan))
        }
        for table in TableID.allCases {
            guard let rows = report.missingRows[table], !rows.isEmpty else { continue }
            let names = rows.map { Names.row(Substring($0), format: report.format) }
            out.append(
                Finding(
                    rule: "S-TABLE-SHAPE", severity: .error,
                    message: "\(table.chineseName)缺少\(rows.count)行：" + names.joined(separator: "、"),
                    cells: report.templateCellIDs.filter { $0.tableID == table && rows.contains(String($0.row)) },
                    at: report.section(table.section)?.headingSpan))
        }
        for note in report.notes where note.kind == .shortRow || note.kind == .longRow || note.kind == .strayValues {
            out.append(Finding(rule: "S-TABLE-SHAPE", severity: .error, message: note.message, cells: note.cells, at: note.span))
        }
        if report.singleOtherHandlingRow {
            out.append(
                Finding(
                    rule: "S-TABLE-SHAPE", severity: .error,
                    message: "表三按2021年格式填报，但「（六）其他处理」只有一行，缺少1.逾期不补正、2.逾期未缴费、3.其他三个分项",
                    cells: report.templateCellIDs.filter { $0.row == "other_handling" },
                    at: report.cells["t3.other_handling.total"]?.span))
        }
        for section in report.sections {
            let standard = LabelNormalization.normalize(section.kind.standardHeading)
            let printed = LabelNormalization.normalize(section.heading)
            if printed != standard {
                out.append(
                    Finding(
                        rule: "S-HEADING", severity: .warning,
                        message: "第\(Self.numeral(section.kind))部分标题「\(section.heading)」与标准表述「\(section.kind.standardHeading)」不一致",
                        at: section.headingSpan))
            }
        }
        if let format = report.format, let year = report.year {
            let expected = ReportFormat.expected(forYear: year)
            if expected != format {
                out.append(
                    Finding(
                        rule: "S-FORMAT", severity: .warning,
                        message: "\(year)年度报告应使用\(expected.notice)的表格，但表格为\(format.rawValue)年格式（\(format.notice)）",
                        at: report.section(.proactive)?.headingSpan))
            }
            // Each citation is searched for only when the one before it decides nothing: most
            // reports cite neither notice, and each search is a pass over the whole text.
            func cites2019() -> Bool { text.utf8Contains("〔2019〕60号") || text.utf8Contains("[2019]60号") }
            func cites2021() -> Bool { text.utf8Contains("〔2021〕30号") || text.utf8Contains("[2021]30号") }
            if expected == .v2021 && cites2019() && !cites2021() {
                out.append(Finding(rule: "S-FORMAT", severity: .warning, message: "\(year)年度报告引用了已被替代的国办公开办函〔2019〕60号，应依据国办公开办函〔2021〕30号", at: nil))
            } else if expected == .v2019 && cites2021() && !cites2019() {
                out.append(Finding(rule: "S-FORMAT", severity: .warning, message: "\(year)年度报告引用了国办公开办函〔2021〕30号，该年度应依据国办公开办函〔2019〕60号", at: nil))
            }
        }
        return out
    }

    static func numeral(_ kind: SectionKind) -> String { ["一", "二", "三", "四", "五", "六"][kind.rawValue - 1] }
}
