import GongkaiModel

/// The text of a value cell parsed: a number with its unit, a blank or placeholder, or neither.
enum ValueText {
    enum Parsed: Equatable {
        case number(ReportNumberText)
        case blank
    }

    /// A number and the unit printed with it.
    struct ReportNumberText: Equatable {
        var digits: String
        var unit: String?
    }

    static let placeholders: Set<String> = ["-", "/", "—", "——", "－", "―", "–", "无", "／", "\\", "&nbsp;", "--", "—-", "空"]
    static let units = ["万元", "元", "件", "项", "笔", "条", "个", "次"]

    /// Parses a trimmed cell text; nil when it is neither a number nor a placeholder.
    static func parse(_ text: Substring) -> Parsed? {
        var scalars = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if LabelText.isSpace(u) { continue }
            switch u.value {
            case 0xFF10...0xFF19: scalars.append(Unicode.Scalar(u.value - 0xFEE0)!)
            case 0xFF0B: scalars.append("+")
            case 0xFF0E: scalars.append(".")
            case 0xFF0C: scalars.append(",")
            default: scalars.append(u)
            }
        }
        let s = String(scalars)
        if s.isEmpty || placeholders.contains(s) { return .blank }
        var body = Substring(s)
        var unit: String?
        for u in units where body.hasSuffix(u) {
            unit = u
            body = body.dropLast(u.count)
            break
        }
        guard let first = body.unicodeScalars.first,
            first == "+" || first == "-" || ("0"..."9").contains(first)
        else { return nil }
        for u in body.unicodeScalars {
            guard u == "+" || u == "-" || u == "." || u == "," || ("0"..."9").contains(u) else { return nil }
        }
        guard ReportNumber(parsing: body) != nil else { return nil }
        return .number(ReportNumberText(digits: String(body), unit: unit))
    }

    /// A page number printed inside a table by a PDF extraction: `-3-`, `- 4 -`, `—5—`.
    static func isPageMarker(_ text: Substring) -> Bool {
        let s = LabelText.normalize(text)
        guard s.count >= 3 else { return false }
        let dashes: Set<Character> = ["-", "—", "－", "–"]
        guard let f = s.first, let l = s.last, dashes.contains(f), dashes.contains(l) else { return false }
        let inner = s.dropFirst().dropLast()
        return !inner.isEmpty && inner.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
