import CXLSXWriter
import Dispatch
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
        // Rows are written in order, each once: constant-memory mode streams them to the file
        // instead of holding a national year's forty million cells.
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        guard let workbook = workbook_new_opt(temporary, &options) else { throw Failure(description: "cannot create \(path)") }
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
                let cells = row.cells
                for id in CellRow.columns {
                    guard let value = cells[id] else { continue }
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

/// The year's export written to a file in any of its forms: CSV (wide or long), JSON lines or
/// XLSX. Text is streamed to the file a megabyte at a time (the long form of a national year is
/// gigabytes), into a temporary file renamed over the target when whole.
public enum ExportFile {
    /// The texts of one round of blocks, each set by its own worker.
    final class Texts: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [String]
        init(count: Int) { slots = Array(repeating: "", count: count) }
        func set(_ i: Int, _ text: String) {
            lock.lock()
            slots[i] = text
            lock.unlock()
        }
        var values: [String] { lock.withLock { slots } }
    }

    public enum Form: String, Sendable, CaseIterable {
        case csv, jsonl, xlsx
    }

    public static func write(_ rows: [ExportRow], form: Form, long: Bool, to path: String) throws(XLSXExport.Failure) {
        if form == .xlsx { return try XLSXExport.write(rows, long: long, to: path) }
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw XLSXExport.Failure(description: "cannot create \(path)")
        }
        do {
            try handle.write(contentsOf: Data((form == .csv ? (long ? ExportTable.longHeader : ExportTable.csvHeader()) : "").utf8))
            // Blocks of rows are formatted on every core and written in order.
            let block = 500, cores = ProcessInfo.processInfo.activeProcessorCount
            var start = 0
            while start < rows.count {
                let blocks = (0..<(cores * 2)).map { start + $0 * block }.filter { $0 < rows.count }
                let texts = Texts(count: blocks.count)
                DispatchQueue.concurrentPerform(iterations: blocks.count) { k in
                    var text = ""
                    for r in rows[blocks[k]..<min(rows.count, blocks[k] + block)] {
                        text += form == .jsonl ? ExportTable.jsonLine(r) : long ? ExportTable.longLines(r) : ExportTable.csvLine(r)
                    }
                    texts.set(k, text)
                }
                for text in texts.values { try handle.write(contentsOf: Data(text.utf8)) }
                start += blocks.count * block
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw XLSXExport.Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
