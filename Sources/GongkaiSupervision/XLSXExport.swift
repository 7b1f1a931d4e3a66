import CXLSXWriter
import Foundation
import GongkaiCollection

/// The year's export as an Excel workbook, written by libxlsxwriter: a header row in Chinese and
/// one of column ids, panes frozen below them and beside the agency's name, numbers as numbers.
public enum XLSXExport {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes the workbook to `path` (a temporary file beside it, renamed over it when whole).
    public static func write(_ rows: [ExportRow], long: Bool, to path: String) throws(Failure) {
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard let workbook = workbook_new(temporary) else { throw Failure(description: "cannot create \(path)") }
        let sheet = workbook_add_worksheet(workbook, long ? "长表" : "年度数据")
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        format_set_text_wrap(bold)
        format_set_bg_color(bold, 0xDDE7F0)
        if long {
            let labels = ["机构编号", "机构名称", "年度", "单元格", "数值"], ids = ["agency_id", "agency", "year", "cell", "value"]
            for (c, (label, id)) in zip(labels, ids).enumerated() {
                worksheet_write_string(sheet, 0, lxw_col_t(c), label, bold)
                worksheet_write_string(sheet, 1, lxw_col_t(c), id, bold)
            }
            var r: lxw_row_t = 2
            for row in rows {
                for id in CellRow.columns {
                    guard let value = row.cells[id] else { continue }
                    worksheet_write_string(sheet, r, 0, row.agencyID, nil)
                    worksheet_write_string(sheet, r, 1, row.agency, nil)
                    worksheet_write_number(sheet, r, 2, Double(row.year), nil)
                    worksheet_write_string(sheet, r, 3, id.rawValue, nil)
                    switch value {
                    case .number(let n): worksheet_write_number(sheet, r, 4, n.doubleValue, nil)
                    case .text(let t): worksheet_write_string(sheet, r, 4, t, nil)
                    case .blank: break
                    }
                    r += 1
                }
            }
            worksheet_freeze_panes(sheet, 2, 2)
        } else {
            for (c, (label, id)) in zip(ExportTable.columnLabels, ExportTable.columnIDs).enumerated() {
                worksheet_write_string(sheet, 0, lxw_col_t(c), label, bold)
                worksheet_write_string(sheet, 1, lxw_col_t(c), id, bold)
            }
            worksheet_set_row(sheet, 0, 60, nil)
            worksheet_set_column(sheet, 1, 1, 28, nil)
            for (i, row) in rows.enumerated() {
                let r = lxw_row_t(i + 2)
                for (c, value) in ExportTable.values(row).enumerated() {
                    switch value {
                    case .text(let t): worksheet_write_string(sheet, r, lxw_col_t(c), t, nil)
                    case .number(let d, _): worksheet_write_number(sheet, r, lxw_col_t(c), d, nil)
                    case .empty: break
                    }
                }
            }
            worksheet_freeze_panes(sheet, 2, 2)
        }
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot write \(path): \(String(cString: lxw_strerror(status)))")
        }
        do {
            if FileManager.default.fileExists(atPath: path) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temporary))
            } else {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
