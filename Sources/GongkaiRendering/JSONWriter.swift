/// A small JSON writer that keeps keys in the order they are written, so documents read the way
/// Docs/Cells.md lays them out (cells in template order).
public struct JSONWriter {
    public private(set) var output = ""
    private var needsComma: [Bool] = [false]
    private let indentUnit: String?
    private var depth = 0

    /// `indent` of nil writes compact JSON.
    public init(indent: String? = "  ") { self.indentUnit = indent }

    private mutating func newline() {
        guard let unit = indentUnit else { return }
        output += "\n"
        for _ in 0..<depth { output += unit }
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        if depth > 0 { newline() }
    }

    public mutating func beginObject(key: String? = nil) { open("{", key: key) }
    public mutating func endObject() { close("}") }
    public mutating func beginArray(key: String? = nil) { open("[", key: key) }
    public mutating func endArray() { close("]") }

    private mutating func open(_ bracket: String, key: String?) {
        separate()
        if let key { writeKey(key) }
        output += bracket
        depth += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadContent = needsComma.removeLast()
        depth -= 1
        if hadContent { newline() }
        output += bracket
    }

    /// Writes a raw JSON value (already encoded), under `key` inside an object.
    public mutating func raw(_ json: String, key: String? = nil) {
        separate()
        if let key { writeKey(key) }
        output += json
    }

    private mutating func writeKey(_ key: String) {
        Self.appendQuoted(key, to: &output)
        output += indentUnit == nil ? ":" : ": "
    }

    public mutating func string(_ value: String?, key: String? = nil) {
        guard let value else { return raw("null", key: key) }
        separate()
        if let key { writeKey(key) }
        Self.appendQuoted(value, to: &output)
    }
    public mutating func int(_ value: Int?, key: String? = nil) { raw(value.map(String.init) ?? "null", key: key) }
    public mutating func bool(_ value: Bool, key: String? = nil) { raw(value ? "true" : "false", key: key) }

    /// A JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends a JSON string literal: the text as it is when nothing in it needs escaping
    /// (most keys and values: a status document has hundreds of thousands).
    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
