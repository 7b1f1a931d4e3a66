import Foundation

/// The register as CSV, with exactly the columns `id,name,parent,kind,aliases,sums_children`
/// (header included; aliases separated by `;`; `sums_children` yes or no). A file is taken
/// whole or refused whole, with the line named.
public enum RegisterCSV {
    public static let header = ["id", "name", "parent", "kind", "aliases", "sums_children"]

    /// Reads and checks a register; the error names the file's line.
    public static func parse(_ text: String) throws(RegisterError) -> Register {
        let rows = try CSV.rows(text)
        guard let first = rows.first else { throw RegisterError(line: 1, "文件为空，应有表头 \(header.joined(separator: ","))") }
        let head = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard head == header else {
            let missing = header.filter { !head.contains($0) }
            let detail = missing.isEmpty ? "列的顺序或名称不对" : "缺少列 \(missing.joined(separator: "、"))"
            throw RegisterError(line: first.line, "表头应为 \(header.joined(separator: ","))：\(detail)")
        }
        var agencies: [Agency] = []
        var lines: [Int] = []
        for row in rows.dropFirst() {
            let f = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if f.allSatisfy(\.isEmpty) { continue }
            guard f.count == header.count else {
                throw RegisterError(line: row.line, "应有\(header.count)列，这一行有\(f.count)列")
            }
            guard let kind = AgencyKind(named: f[3]) else {
                throw RegisterError(
                    line: row.line, "机构类型「\(f[3])」无法识别，应为 \(AgencyKind.allCases.map(\.rawValue).joined(separator: "、")) 之一")
            }
            let sums: Bool
            switch f[5].lowercased() {
            case "yes", "y", "true", "1", "是": sums = true
            case "no", "n", "false", "0", "否", "": sums = false
            default: throw RegisterError(line: row.line, "sums_children 应为 yes 或 no，不是「\(f[5])」")
            }
            let aliases = f[4].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            agencies.append(Agency(id: f[0], name: f[1], parent: f[2].isEmpty ? nil : f[2], kind: kind, aliases: aliases, sumsChildren: sums))
            lines.append(row.line)
        }
        do {
            return try Register(agencies)
        } catch {
            // The register counts agencies from 1; the file's line is the row it came from.
            throw RegisterError(line: error.line.map { lines[$0 - 1] }, error.message)
        }
    }

    public static func render(_ register: Register) -> String {
        var out = header.joined(separator: ",") + "\n"
        for a in register.agencies {
            let fields = [a.id, a.name, a.parent ?? "", a.kind.rawValue, a.aliases.joined(separator: ";"), a.sumsChildren ? "yes" : "no"]
            out += fields.map(CSV.field).joined(separator: ",") + "\n"
        }
        return out
    }
}

/// RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold a comma, a quote
/// or a line break, a quote doubled inside quotes.
public enum CSV {
    public struct Row: Sendable {
        /// The line the row starts on, from 1.
        public var line: Int
        public var fields: [String]
    }

    public static func rows(_ text: String) throws(RegisterError) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1, rowLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if text.unicodeScalars.first == "\u{FEFF}" { _ = scalars.next() }
        func endRow() {
            fields.append(field)
            rows.append(Row(line: rowLine, fields: fields))
            fields = []
            field = ""
        }
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = scalars.next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            afterQuote = true
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw RegisterError(line: line, "引号位置不对：字段中间出现了 \"") }
                quoted = true
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRow()
                afterQuote = false
                line += 1
                rowLine = line
            default:
                guard !afterQuote else { throw RegisterError(line: line, "引号后面应是逗号或换行") }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw RegisterError(line: rowLine, "引号没有闭合") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// One field, quoted when it must be.
    public static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
