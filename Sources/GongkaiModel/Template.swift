/// What kind of number a cell holds, which decides the cell rules that apply to it.
public enum CellKind: Sendable, Hashable {
    /// A count (件, 项): an integer ≥ 0.
    case count
    /// A signed change of a count (2019 本年增/减): an integer, may be negative.
    case signedCount
    /// An amount of money (收费金额, 采购总金额): may have decimals.
    case amount
}

/// One column of a table as the template prints it.
public struct ColumnTemplate: Sendable, Hashable {
    public let key: String
    /// The column header as the national template prints it.
    public let label: String
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// One data row of a table as the template prints it.
public struct RowTemplate: Sendable, Hashable {
    /// The row part of its cell ids (`new`, `denied.third_party`, `licensing`).
    public let key: String
    /// The row label as the national template prints it.
    public let label: String
    /// The columns this row has values in.
    public let columns: [ColumnTemplate]
    public let table: TableID

    public init(table: TableID, key: String, label: String, columns: [ColumnTemplate]) {
        self.table = table
        self.key = key
        self.label = label
        self.columns = columns
        self.cellIDs = columns.map { CellID(table.rawValue, key, $0.key) }
    }

    /// The ids of the row's cells, in column order.
    public let cellIDs: [CellID]
}

/// The three tables of a report.
public enum TableID: String, Sendable, Hashable, CaseIterable, Codable {
    /// 表二 主动公开政府信息情况.
    case t2
    /// 表三 收到和处理政府信息公开申请情况.
    case t3
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    case t4

    // Hashed by case: an enum backed by strings otherwise hashes its raw string with a
    // `Hasher`, and the reader looks tables up in sets and dictionaries for every row.
    public func hash(into hasher: inout Hasher) { hasher.combine(section.rawValue) }
    public func _rawHashValue(seed: Int) -> Int { SeededHash.mix(section.rawValue, seed: seed) }

    /// The section that holds the table.
    public var section: SectionKind {
        switch self {
        case .t2: .proactive
        case .t3: .applications
        case .t4: .reviewAndLitigation
        }
    }

    public var chineseName: String {
        switch self {
        case .t2: "表二（主动公开政府信息情况）"
        case .t3: "表三（收到和处理政府信息公开申请情况）"
        case .t4: "表四（行政复议、行政诉讼情况）"
        }
    }
}

/// The rows, columns and cells of one format (Docs/Cells.md).
public struct ReportTemplate: Sendable {
    public let format: ReportFormat
    public let table2: [RowTemplate]
    public let table3: [RowTemplate]
    public let table4: [RowTemplate]

    /// Every cell id of the format, in table, row and column order.
    public let cellIDs: [CellID]
    private let kinds: [CellID: CellKind]

    public static let v2019 = ReportTemplate(format: .v2019)
    public static let v2021 = ReportTemplate(format: .v2021)

    /// The ids of a table-三 row's cells in applicant-column order (`new`, `other_handling`,
    /// `denied.state_secret` …), made once for the rows of both formats.
    public static func table3CellIDs(row key: String) -> [CellID] {
        table3RowIDs[key] ?? applicantColumns.map { CellID("t3", key, $0.key) }
    }

    private static let table3RowIDs: [String: [CellID]] = {
        var out: [String: [CellID]] = [:]
        for row in v2019.table3 + v2021.table3 { out[row.key] = row.cellIDs }
        return out
    }()

    /// The ids of table 四's cells, group by group, in column order.
    public static let table4CellIDs: [CellID] = v2021.table4.flatMap(\.cellIDs)

    /// Room for every cell of either format, to size a report's cell table once.
    public static let cellCapacity = max(v2019.cellIDs.count, v2021.cellIDs.count)

    public static func of(_ format: ReportFormat) -> ReportTemplate {
        format == .v2019 ? .v2019 : .v2021
    }

    public func rows(of table: TableID) -> [RowTemplate] {
        switch table {
        case .t2: table2
        case .t3: table3
        case .t4: table4
        }
    }

    public func kind(of id: CellID) -> CellKind { kinds[id] ?? .count }

    /// The cells whose value is an amount of money.
    public static let amountCells: Set<CellID> = ["t2.admin_fees.amount", "t2.procurement.amount"]

    // MARK: Table 三 — shared by both formats except （六）

    /// Columns of table 三 (申请人情况), left to right.
    public static let applicantColumns: [ColumnTemplate] = [
        .init("natural", "自然人"), .init("commercial", "商业企业"), .init("research", "科研机构"),
        .init("public_interest", "社会公益组织"), .init("legal_service", "法律服务机构"),
        .init("other_org", "其他"), .init("total", "总计"),
    ]

    /// The outcome rows of 三、本年度办理结果 that precede （六）, in template order.
    package static let outcomeRowsBeforeOther: [(String, String)] = [
        ("granted", "（一）予以公开"),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("denied.state_secret", "1.属于国家秘密"),
        ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
        ("denied.three_security", "3.危及“三安全一稳定”"),
        ("denied.third_party", "4.保护第三方合法权益"),
        ("denied.internal_affairs", "5.属于三类内部事务信息"),
        ("denied.process_info", "6.属于四类过程性信息"),
        ("denied.enforcement_file", "7.属于行政执法案卷"),
        ("denied.query_matter", "8.属于行政查询事项"),
        ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
        ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
        ("unavailable.still_unclear", "3.补正后申请内容仍不明确"),
        ("rejected.petition", "1.信访举报投诉类申请"),
        ("rejected.repeat", "2.重复申请"),
        ("rejected.publication", "3.要求提供公开出版物"),
        ("rejected.excessive", "4.无正当理由大量反复申请"),
        ("rejected.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ]

    /// The 2019 single row （六）其他处理.
    public static let otherHandlingRow = "other_handling"
    /// The 2021 sub-rows of （六）其他处理.
    public static let otherHandlingSubRows = [
        "other_handling.no_correction", "other_handling.no_fee", "other_handling.other",
    ]

    static let otherHandlingLabels2021: [(String, String)] = [
        ("other_handling.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other_handling.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other_handling.other", "3.其他"),
    ]

    // MARK: Table 四

    /// Groups of table 四, left to right.
    public static let table4Groups: [(String, String)] = [
        ("review", "行政复议"), ("suit_direct", "行政诉讼·未经复议直接起诉"),
        ("suit_after_review", "行政诉讼·复议后起诉"),
    ]
    public static let table4Columns: [ColumnTemplate] = [
        .init("upheld", "结果维持"), .init("corrected", "结果纠正"), .init("other", "其他结果"),
        .init("pending", "尚未审结"), .init("total", "总计"),
    ]

    /// Table 三's rows (both formats' （六） rows among them) and table 四's rows, made once:
    /// both templates, and so every report read, share their cell ids, and two ids that share
    /// their storage compare without comparing their text.
    private static let sharedTable3Rows: [String: RowTemplate] = {
        var labels: [(String, String)] = [
            ("new", "一、本年新收政府信息公开申请数量"), ("carried_in", "二、上年结转政府信息公开申请数量"),
        ]
        labels += outcomeRowsBeforeOther
        labels.append((otherHandlingRow, "（六）其他处理"))
        labels += otherHandlingLabels2021
        labels += [("total", "（七）总计"), ("carried_out", "四、结转下年度继续办理")]
        var rows: [String: RowTemplate] = [:]
        for (key, label) in labels { rows[key] = RowTemplate(table: .t3, key: key, label: label, columns: applicantColumns) }
        return rows
    }()

    private static let sharedTable4: [RowTemplate] = table4Groups.map {
        RowTemplate(table: .t4, key: $0.0, label: $0.1, columns: table4Columns)
    }

    private init(format: ReportFormat) {
        self.format = format
        let shared = Self.sharedTable3Rows
        var t3Keys = ["new", "carried_in"] + Self.outcomeRowsBeforeOther.map(\.0)
        switch format {
        case .v2019: t3Keys.append(Self.otherHandlingRow)
        case .v2021: t3Keys += Self.otherHandlingLabels2021.map(\.0)
        }
        t3Keys += ["total", "carried_out"]
        table3 = t3Keys.map { shared[$0]! }
        table4 = Self.sharedTable4

        switch format {
        case .v2019:
            let made: [ColumnTemplate] = [
                .init("made", "本年新制作数量"), .init("published", "本年新公开数量"),
                .init("public_total", "对外公开总数量"),
            ]
            let items: [ColumnTemplate] = [
                .init("prior_items", "上一年项目数量"), .init("change", "本年增/减"),
                .init("decisions", "处理决定数量"),
            ]
            table2 = [
                RowTemplate(table: .t2, key: "rules", label: "规章", columns: made),
                RowTemplate(table: .t2, key: "normative_docs", label: "规范性文件", columns: made),
                RowTemplate(table: .t2, key: "licensing", label: "行政许可", columns: items),
                RowTemplate(table: .t2, key: "other_services", label: "其他对外管理服务事项", columns: items),
                RowTemplate(table: .t2, key: "penalty", label: "行政处罚", columns: items),
                RowTemplate(table: .t2, key: "coercion", label: "行政强制", columns: items),
                RowTemplate(table: .t2, key: "admin_fees", label: "行政事业性收费", columns: Array(items.prefix(2))),
                RowTemplate(
                    table: .t2, key: "procurement", label: "政府集中采购",
                    columns: [.init("projects", "采购项目数量"), .init("amount", "采购总金额")]),
            ]
        case .v2021:
            let docs: [ColumnTemplate] = [
                .init("issued", "本年制发件数"), .init("repealed", "本年废止件数"), .init("in_force", "现行有效件数"),
            ]
            let decisions: [ColumnTemplate] = [.init("decisions", "本年处理决定数量")]
            table2 = [
                RowTemplate(table: .t2, key: "rules", label: "规章", columns: docs),
                RowTemplate(table: .t2, key: "normative_docs", label: "行政规范性文件", columns: docs),
                RowTemplate(table: .t2, key: "licensing", label: "行政许可", columns: decisions),
                RowTemplate(table: .t2, key: "penalty", label: "行政处罚", columns: decisions),
                RowTemplate(table: .t2, key: "coercion", label: "行政强制", columns: decisions),
                RowTemplate(
                    table: .t2, key: "admin_fees", label: "行政事业性收费",
                    columns: [.init("amount", "本年收费金额（单位：万元）")]),
            ]
        }

        var ids: [CellID] = []
        var kinds: [CellID: CellKind] = [:]
        for row in table2 + table3 + table4 {
            for id in row.cellIDs {
                ids.append(id)
                if Self.amountCells.contains(id) {
                    kinds[id] = .amount
                } else if id.column == "change" {
                    kinds[id] = .signedCount
                } else {
                    kinds[id] = .count
                }
            }
        }
        cellIDs = ids
        self.kinds = kinds
    }
}
