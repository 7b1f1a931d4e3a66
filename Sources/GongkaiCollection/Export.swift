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
    /// The cells as the store keeps them (``CellRow/line``).
    public var line: String
    public var cells: CellRow { CellRow(line: line) }

    public init(agencyID: String, agency: String, parent: String?, year: Int, version: Int, format: String?, line: String) {
        self.agencyID = agencyID
        self.agency = agency
        self.parent = parent
        self.year = year
        self.version = version
        self.format = format
        self.line = line
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
        let cells = row.cells
        for id in CellRow.columns {
            switch cells[id] {
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

    /// One row: the leading columns, the cells written straight from the stored line (numbers
    /// as printed, blanks empty, text quoted), the measures.
    public static func csvLine(_ row: ExportRow) -> String {
        var out = [
            CSV.field(row.agencyID), CSV.field(row.agency), row.parent.map(CSV.field) ?? "", String(row.year), String(row.version), row.format ?? "",
        ]
        .joined(separator: ",")
        // The cells written as bytes straight from the stored line: a comma before each column,
        // a number's bytes as they are, text quoted where it must be.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(row.line.utf8.count + CellRow.columns.count + 16)
        var columns = 0
        CellRow.forEachField(of: row.line) { i, field in
            while columns <= i {
                bytes.append(UInt8(ascii: ","))
                columns += 1
            }
            switch field {
            case .blank: break
            case .text: bytes.append(contentsOf: CSV.field(field.text).utf8)
            case .number(let digits): bytes.append(contentsOf: digits)
            }
        }
        while columns < CellRow.columns.count {
            bytes.append(UInt8(ascii: ","))
            columns += 1
        }
        out += String(decoding: bytes, as: UTF8.self)
        let totals = MeasureTotals(row.cells)
        for m in Measure.all { out += "," + (totals.value(of: m).map { measureText($0, m) } ?? "") }
        return out + "\n"
    }

    static func measureText(_ v: Double, _ m: Measure) -> String { v == v.rounded() && !m.isRate ? String(Int(v)) : String(v) }

    /// One JSON object per line: the leading columns, `cells` (the report's cells by id: a
    /// number, text where a number belongs, null for a blank) and `measures` (null where one
    /// cannot be computed).
    public static func jsonLine(_ row: ExportRow) -> String {
        func q(_ s: String?) -> String { s.map(JSONWriter.quoted) ?? "null" }
        var out = "{\"agency_id\":\(q(row.agencyID)),\"agency\":\(q(row.agency)),\"parent\":\(q(row.parent)),\"year\":\(row.year),"
        out += "\"version\":\(row.version),\"format\":\(q(row.format)),\"cells\":{"
        var first = true
        CellRow.forEachField(of: row.line) { i, field in
            out += (first ? "\"" : ",\"") + CellRow.columns[i].rawValue + "\":"
            first = false
            switch field {
            case .blank: out += "null"
            case .text: out += JSONWriter.quoted(field.text)
            case .number: out += field.text
            }
        }
        out += "},\"measures\":{"
        let totals = MeasureTotals(row.cells)
        out += Measure.all.map { m in "\"\(m.id)\":" + (totals.value(of: m).map { measureText($0, m) } ?? "null") }.joined(separator: ",")
        return out + "}}\n"
    }

    /// The long form: one line per cell that has a value.
    public static let longHeader = "agency_id,agency,year,cell,value\n"

    public static func longLines(_ row: ExportRow) -> String {
        var out = ""
        let prefix = "\(CSV.field(row.agencyID)),\(CSV.field(row.agency)),\(row.year),"
        CellRow.forEachField(of: row.line) { i, field in
            switch field {
            case .text: out += prefix + CellRow.columns[i].rawValue + "," + CSV.field(field.text) + "\n"
            case .blank, .number: out += prefix + CellRow.columns[i].rawValue + "," + field.text + "\n"
            }
        }
        return out
    }
}
