import GongkaiModel
import GongkaiReading

/// The labels of the national forms, against which OCR'd label cells are corrected: OCR reads
/// `（一）予以公开` as `《一)子以公开`, and a label off by a character or two names no row. A
/// cell close to exactly one label — at most one edit in six characters, and nearer to it
/// than to any other label — is read as that label.
enum OCRLexicon {
    /// Row and group labels of tables 二, 三 and 四 of both formats: the compared form
    /// (``canonical(_:)``) and the label as the template prints it, longest first.
    static let labels: [(key: [Unicode.Scalar], label: String)] = {
        var texts = Set<String>()
        for template in [ReportTemplate.v2019, ReportTemplate.v2021] {
            for row in template.table2 + template.table3 + template.table4 {
                texts.insert(row.label)
                for column in row.columns { texts.insert(column.label) }
            }
        }
        texts.formUnion(["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理", "三、本年度办理结果", "申请人情况", "信息内容"])
        return texts.map { (Array(canonical($0).unicodeScalars), $0) }.sorted { $0.key.count > $1.key.count }
    }()

    /// The label the OCR'd text stands for (as the template prints it), or nil when it is not
    /// near exactly one label.
    static func correct(_ text: String) -> String? {
        let cell = Array(canonical(text).unicodeScalars)
        guard cell.count >= 3, cell.count <= 60 else { return nil }
        var best: (label: String, distance: Int, length: Int)?
        var runnerUp = Int.max
        for (key, label) in labels where abs(key.count - cell.count) <= max(1, key.count / 6) {
            let d = distance(cell, key, limit: max(1, key.count / 6))
            if d < (best?.distance ?? Int.max) {
                runnerUp = best?.distance ?? Int.max
                best = (label, d, key.count)
            } else if d < runnerUp {
                runnerUp = d
            }
        }
        guard let best, best.distance <= max(1, best.length / 6), best.distance < runnerUp else { return nil }
        return best.label
    }

    /// The text as labels are compared (`LabelNormalization`), with the brackets OCR
    /// confuses (`〈《«{[`, `〉》»}]`) read as parentheses.
    static func canonical(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u {
            case "〈", "《", "«", "{", "[": out.append("(")
            case "〉", "》", "»", "}", "]": out.append(")")
            default: out.append(u)
            }
        }
        return LabelNormalization.normalize(String(out))
    }

    /// Levenshtein distance on scalars, giving up (returning `limit + 1`) past `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// OCR reads a lone `1` beside a rule as `]`, `|` or `l`, and a `0` as `O` or `o`: the digits
    /// a short cell of digits and such look-alikes (at least one) stands for.
    static func confusedDigits(_ text: String) -> String? {
        guard (1...4).contains(text.unicodeScalars.count) else { return nil }
        var digits = String.UnicodeScalarView()
        var confused = false
        for u in text.unicodeScalars {
            if ("0"..."9").contains(u) {
                digits.append(u)
            } else if let d = confusedDigit[u] {
                digits.append(d)
                confused = true
            } else {
                return nil
            }
        }
        return confused ? String(digits) : nil
    }

    static func isConfusedDigits(_ text: String) -> Bool { confusedDigits(text) != nil }

    static let confusedDigit: [Unicode.Scalar: Unicode.Scalar] = [
        "]": "1", "[": "1", "|": "1", "l": "1", "I": "1", "!": "1", "丨": "1",
        "O": "0", "o": "0", "〇": "0", "Q": "0", "D": "0",
    ]
}
