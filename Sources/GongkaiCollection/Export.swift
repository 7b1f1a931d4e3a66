import Foundation
import GongkaiModel
import GongkaiRendering

/// One current report as a row of the year's export.
public struct ExportRow: Sendable {
    public var agencyID: String
    public var agency: String
    public var parent: String?
    public var year: Int
    public var version: Int
    public var format: String?
    public var cells: CellRow

    public init(agencyID: String, agency: String, parent: String?, year: Int, version: Int, format: String?, cells: CellRow) {
        self.agencyID = agencyID
        self.agency = agency
        self.parent = parent
        self.year = year
        self.version = version
        self.format = format
        self.cells = cells
    }
}

/// The year's export: one row per current report with every cell as a column named by its id
/// and the measures; or the long form (agency, year, cell id, value) for researchers.
public enum ExportTable {
    /// The columns before the cells.
    public static let leading: [(id: String, label: String)] = [
        ("agency_id", "机构编号"), ("agency", "机构名称"), ("parent", "上级机构编号"), ("year", "年度"), ("version", "版本"), ("format", "格式"),
    ]

    /// Every column id, in order: leading, cells, measures.
    public static var columnIDs: [String] {
        leading.map(\.id) + CellRow.columns.map(\.rawValue) + Measure.all.map(\.id)
    }

    /// Every column's Chinese header: the table, row and column labels of a cell.
    public static var columnLabels: [String] {
        leading.map(\.label) + CellRow.columns.map(label(of:)) + Measure.all.map { "\($0.name)（\($0.formula)）" }
    }

    static let labels: [CellID: String] = {
        var out: [CellID: String] = [:]
        for template in [ReportTemplate.v2019, ReportTemplate.v2021] {
            for row in template.table2 + template.table3 + template.table4 {
                for (column, id) in zip(row.columns, row.cellIDs) where out[id] == nil {
                    let table = row.table == .t2 ? "表二" : row.table == .t3 ? "表三" : "表四"
                    out[id] = "\(table)·\(row.label)·\(column.label)"
                }
            }
        }
        return out
    }()

    public static func label(of id: CellID) -> String { labels[id] ?? id.rawValue }

    /// A value of a row by column: text for the leading columns, numbers as numbers.
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Double, String)
        case empty
    }

    public static func values(_ row: ExportRow) -> [Value] {
        var out: [Value] = [
            .text(row.agencyID), .text(row.agency), row.parent.map(Value.text) ?? .empty, .number(Double(row.year), String(row.year)),
            .number(Double(row.version), String(row.version)), row.format.map(Value.text) ?? .empty,
        ]
        for id in CellRow.columns {
            switch row.cells[id] {
            case .number(let n)?: out.append(.number(n.doubleValue, n.description))
            case .text(let t)?: out.append(.text(t))
            case .blank?, nil: out.append(.empty)
            }
        }
        let totals = MeasureTotals(row.cells)
        for m in Measure.all {
            if let v = totals.value(of: m) {
                out.append(.number(v, v == v.rounded() && !m.isRate ? String(Int(v)) : String(v)))
            } else {
                out.append(.empty)
            }
        }
        return out
    }

    public static func csvHeader() -> String { columnIDs.joined(separator: ",") + "\n" }

    public static func csvLine(_ row: ExportRow) -> String {
        values(row).map { v in
            switch v {
            case .text(let t): CSV.field(t)
            case .number(_, let t): t
            case .empty: ""
            }
        }.joined(separator: ",") + "\n"
    }

    /// One JSON object per line: the leading columns, `cells` (id → number, text or null) and
    /// `measures`.
    public static func jsonLine(_ row: ExportRow) -> String {
        var parts: [String] = []
        let v = values(row)
        for (i, column) in columnIDs.enumerated() {
            let json: String
            switch v[i] {
            case .text(let t): json = JSONWriter.quoted(t)
            case .number(_, let t): json = t
            case .empty: json = "null"
            }
            parts.append("\(JSONWriter.quoted(column)):\(json)")
        }
        return "{" + parts.joined(separator: ",") + "}\n"
    }

    /// The long form: one line per cell that has a value.
    public static let longHeader = "agency_id,agency,year,cell,value\n"

    public static func longLines(_ row: ExportRow) -> String {
        var out = ""
        for id in CellRow.columns {
            guard let value = row.cells[id] else { continue }
            let text: String
            switch value {
            case .number(let n): text = n.description
            case .text(let t): text = CSV.field(t)
            case .blank: text = ""
            }
            out += "\(CSV.field(row.agencyID)),\(CSV.field(row.agency)),\(row.year),\(id.rawValue),\(text)\n"
        }
        return out
    }
}
