import GongkaiModel

/// The `--cells` document of Docs/Cells.md: format, year, agency, cells by id, units of amounts.
public enum CellsDocument {
    /// The JSON value of one cell: a number, `null` for blank, a string for text.
    public static func json(_ value: CellValue) -> String {
        switch value {
        case .number(let n): n.description
        case .blank: "null"
        case .text(let t): JSONWriter.quoted(t)
        }
    }

    /// Writes the document's keys into an object already begun.
    public static func write(_ report: Report, into w: inout JSONWriter) {
        w.string(report.format?.rawValue, key: "format")
        w.int(report.year, key: "year")
        w.string(report.agency, key: "agency")
        w.beginObject(key: "cells")
        for id in report.templateCellIDs {
            if let cell = report.cells[id] { w.raw(json(cell.value), key: id.rawValue) }
        }
        w.endObject()
        w.beginObject(key: "units")
        for id in report.templateCellIDs where ReportTemplate.amountCells.contains(id) {
            guard let cell = report.cells[id] else { continue }
            w.string(unit(of: cell, format: report.format), key: id.rawValue)
        }
        w.endObject()
    }

    /// The unit of an amount: the one printed with it, or 万元 for 2021 收费金额 by the template's header.
    public static func unit(of cell: Cell, format: ReportFormat?) -> String? {
        if let u = cell.unit { return u }
        if cell.id == "t2.admin_fees.amount" && format == .v2021 { return "万元" }
        return nil
    }

    public static func render(_ report: Report, indent: String? = "  ") -> String {
        var w = JSONWriter(indent: indent)
        w.beginObject()
        write(report, into: &w)
        w.endObject()
        return w.output
    }
}
