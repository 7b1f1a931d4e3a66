/// Text made safe inside HTML and XML (WordprocessingML) markup.
package enum MarkupText {
    /// `&`, `<`, `>` and `"` as entities; characters XML 1.0 forbids (control characters such
    /// as the form feed of a text page break, U+FFFE, U+FFFF) as a space; everything else as it is.
    package static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            case _ where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
