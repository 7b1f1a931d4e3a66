import Foundation

/// A submitted web form: its fields (`application/x-www-form-urlencoded` or
/// `multipart/form-data`) and its files.
struct WebForm: Sendable {
    struct File: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    var fields: [String: [String]] = [:]
    var files: [String: [File]] = [:]

    subscript(_ name: String) -> String { fields[name]?.first ?? "" }
    func all(_ name: String) -> [String] { fields[name] ?? [] }
    func has(_ name: String) -> Bool { !(fields[name]?.isEmpty ?? true) }

    /// Reads a URL-encoded body: `a=1&b=%E4%B8%AD`, `+` for a space.
    static func urlEncoded(_ bytes: [UInt8]) -> WebForm {
        var form = WebForm()
        for pair in bytes.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.fields[name, default: []].append(value)
        }
        return form
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Reads a `multipart/form-data` body (RFC 7578): each part's name, its file name when it
    /// is a file, and its bytes. Nil when the body does not follow the boundary.
    static func multipart(_ body: [UInt8], boundary: String) -> WebForm? {
        let delimiter = Array(("--" + boundary).utf8)
        var form = WebForm()
        var starts: [Int] = []
        var i = 0
        while let found = find(delimiter, in: body, from: i) {
            starts.append(found)
            i = found + delimiter.count
        }
        guard starts.count >= 2 else { return nil }
        for (a, b) in zip(starts, starts.dropFirst()) {
            var partStart = a + delimiter.count
            // CRLF after the delimiter; the part ends with CRLF before the next one.
            guard partStart + 2 <= b else { continue }
            partStart += 2
            let partEnd = max(partStart, b - 2)
            let part = Array(body[partStart..<partEnd])
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: part, from: 0) else { continue }
            let headers = String(decoding: part[..<headerEnd], as: UTF8.self)
            let content = Array(part[(headerEnd + 4)...])
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            guard let name else { continue }
            if let filename {
                if !filename.isEmpty || !content.isEmpty { form.files[name, default: []].append(File(name: filename, bytes: content)) }
            } else {
                form.fields[name, default: []].append(String(decoding: content, as: UTF8.self))
            }
        }
        return form
    }

    private static func parameter(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(key)=\"") ?? line.range(of: ";\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        // A browser sends the file's own name; keep its last path component only.
        let value = String(rest[..<end])
        return key == "filename" ? (value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "") : value
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { h in
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < needle.count && h[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
