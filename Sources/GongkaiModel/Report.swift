/// The six sections of a report, in the order the format fixes.
public enum SectionKind: Int, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// 一、总体情况
    case overview = 1
    /// 二、主动公开政府信息情况
    case proactive
    /// 三、收到和处理政府信息公开申请情况
    case applications
    /// 四、政府信息公开行政复议、行政诉讼情况
    case reviewAndLitigation
    /// 五、存在的主要问题及改进情况
    case problems
    /// 六、其他需要报告的事项
    case otherMatters

    /// The heading as the national format words it.
    public var standardHeading: String {
        switch self {
        case .overview: "一、总体情况"
        case .proactive: "二、主动公开政府信息情况"
        case .applications: "三、收到和处理政府信息公开申请情况"
        case .reviewAndLitigation: "四、政府信息公开行政复议、行政诉讼情况"
        case .problems: "五、存在的主要问题及改进情况"
        case .otherMatters: "六、其他需要报告的事项"
        }
    }

    public static func < (lhs: SectionKind, rhs: SectionKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One of the six sections as found in the source.
public struct Section: Sendable, Hashable {
    public var kind: SectionKind
    /// The heading as printed.
    public var heading: String
    public var headingSpan: SourceSpan
    /// The section's text after the heading, tables included, lines joined by `\n`.
    public var text: String { didSet { labelFormOfText = nil } }
    /// The first and last source line of the section.
    public var lines: ClosedRange<Int>
    /// `normalizedText`, when the reader cut it from the report's label forms.
    package var labelFormOfText: String?

    public init(kind: SectionKind, heading: String, headingSpan: SourceSpan, text: String, lines: ClosedRange<Int>) {
        self.kind = kind
        self.heading = heading
        self.headingSpan = headingSpan
        self.text = text
        self.lines = lines
    }

    /// The text in label form (`LabelNormalization`), as the narrative and quality rules search it.
    public var normalizedText: String { labelFormOfText ?? LabelNormalization.normalize(text) }

    public static func == (a: Section, b: Section) -> Bool {
        a.kind == b.kind && a.heading == b.heading && a.headingSpan == b.headingSpan && a.text == b.text && a.lines == b.lines
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(heading)
        hasher.combine(headingSpan)
        hasher.combine(text)
        hasher.combine(lines)
    }
}

/// A calendar date as a report prints it (no time zone).
public struct ReportDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
    public static func < (a: ReportDate, b: ReportDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
    public var description: String {
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}

/// Something the reader noticed about the source that the cells alone do not show: a row printed
/// with fewer values than columns, a digit string that could not be split, values placed by
/// structure. Reading notes are facts about the reading, not rule findings.
public struct ReadingNote: Hashable, Sendable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A row prints fewer values than it has columns: its cells are left unread.
        case shortRow = "short-row"
        /// A row prints more values than it has columns: its cells are left unread.
        case longRow = "long-row"
        /// A fused digit string has several valid splits: its cells are left unread.
        case ambiguousDigits = "ambiguous-digits"
        /// Values were placed by the table's structure because the printed order was lost.
        case placedByStructure = "placed-by-structure"
        /// Values printed without a row that could take them.
        case strayValues = "stray-values"
        /// A row printed twice; the first is kept.
        case duplicateRow = "duplicate-row"
        /// Bytes that are not UTF-8 in a UTF-8 text, each damaged sequence read as U+FFFD.
        case damagedText = "damaged-text"
    }
    public var kind: Kind
    public var message: String
    /// The cells concerned (left unread, or placed).
    public var cells: [CellID]
    public var span: SourceSpan?
    /// For ambiguous digit strings: the candidate splits.
    public var candidates: [[String]]

    public init(kind: Kind, message: String, cells: [CellID], span: SourceSpan?, candidates: [[String]] = []) {
        self.kind = kind
        self.message = message
        self.cells = cells
        self.span = span
        self.candidates = candidates
    }
}

/// A 政府信息公开工作年度报告 as read: its sections, the cells of its three tables, and what is
/// known of who issued it and when.
public struct Report: Sendable {
    /// The format of the tables; nil when no table label tells.
    public var format: ReportFormat?
    /// The statistical year the report covers.
    public var year: Int?
    /// The issuing body as the report names it.
    public var agency: String?
    public var title: String?
    /// The publication or signature date, where the text gives one.
    public var publicationDate: ReportDate?
    /// The sections found, in source order.
    public var sections: [Section]
    /// The cells read, by id. A cell that does not appear in the source is absent.
    public var cells: [CellID: Cell]
    /// Which tables were found in the source (even when some of their rows are missing).
    public var tablesFound: Set<TableID>
    /// Rows of the format missing from a table that was found, and labels of rows the format does not have.
    public var missingRows: [TableID: [String]]
    public var extraRows: [TableID: [String]]
    /// The 2021 format printed with a single （六）其他处理 row (2019 style).
    public var singleOtherHandlingRow: Bool
    public var notes: [ReadingNote]
    /// The source's lines, for diagnostics: pieces of the text read, not copies of it. For HTML,
    /// DOCX and PDF these are the laid-out lines (a table row per line, cells separated by tabs)
    /// that spans refer to.
    public var lines: TextLines { didSet { normalizedLines = nil } }
    /// The lines joined in label form, kept by the reader that already made it.
    package var normalizedLines: String?
    /// The kind of document the report was read from.
    public var source: SourceKind = .text

    public subscript(id: CellID) -> Cell? { cells[id] }

    /// The value of the cell `id`, read in place: the checker asks for hundreds of values per
    /// report, and copying each cell out would retain its strings.
    @inlinable
    public func value(of id: CellID) -> CellValue? {
        cells.index(forKey: id).map { cells.values[$0].value }
    }

    /// The whole text in label form (`LabelNormalization`, line breaks dropped), for the rules
    /// that look for phrases anywhere in it.
    public var normalizedText: String { normalizedLines ?? LabelNormalization.normalize(lines.joined()) }

    /// Where in the original document a span of the (laid-out) text stands, when the report was
    /// read from HTML, DOCX or PDF: the origin of the cell at that span.
    public func origin(at span: SourceSpan) -> SourceOrigin? {
        cells.values.first { $0.span == span && $0.origin != nil }?.origin
    }

    public func section(_ kind: SectionKind) -> Section? { sections.first { $0.kind == kind } }

    /// The cell ids of this report's format, in order, with the 2019-style （六） row where the
    /// report prints one in a 2021 table.
    public var templateCellIDs: [CellID] {
        guard let format else { return [] }
        var ids = ReportTemplate.of(format).cellIDs
        if singleOtherHandlingRow && format == .v2021 {
            let sub = Set(ReportTemplate.otherHandlingSubRows)
            var out: [CellID] = []
            var inserted = false
            for id in ids {
                if id.tableID == .t3 && sub.contains(String(id.row)) {
                    if !inserted {
                        out += ReportTemplate.applicantColumns.map { CellID("t3", "other_handling", $0.key) }
                        inserted = true
                    }
                } else {
                    out.append(id)
                }
            }
            ids = out
        }
        return ids
    }
}

extension Report {
    // Declared here, not in the type, so that it hands over to the memberwise initializer:
    // assigning the properties one by one, the optimizer built the report twice and copied it.
    public init(
        format: ReportFormat? = nil, year: Int? = nil, agency: String? = nil, title: String? = nil,
        publicationDate: ReportDate? = nil, sections: [Section] = [], cells: [CellID: Cell] = [:],
        tablesFound: Set<TableID> = [], missingRows: [TableID: [String]] = [:],
        extraRows: [TableID: [String]] = [:], singleOtherHandlingRow: Bool = false,
        notes: [ReadingNote] = [], lines: TextLines = TextLines()
    ) {
        self.init(
            format: format, year: year, agency: agency, title: title, publicationDate: publicationDate,
            sections: sections, cells: cells, tablesFound: tablesFound, missingRows: missingRows,
            extraRows: extraRows, singleOtherHandlingRow: singleOtherHandlingRow, notes: notes, lines: lines,
            normalizedLines: nil, source: .text)
    }
}
