import GongkaiModel

/// Finds the title, the statistical year, the issuing agency and the publication date in a
/// report's opening and closing lines.
enum MetadataReader {
    struct Metadata {
        var title: String?
        var year: Int?
        var agency: String?
        var date: ReportDate?
    }

    /// `forms`: each line in label form (`LabelNormalization`), made once by the reader.
    static func read(lines: TextLines, forms: TextLines, firstSectionLine: Int?) -> Metadata {
        var meta = Metadata()
        let headLimit = min(lines.count, max(firstSectionLine ?? 12, 12))
        // The title: the first line (or two joined) naming 政府信息公开…年度报告 with a year.
        // The non-empty head lines, each line's text made only when it is tried (the title is
        // most often the first line).
        let heads = (0..<headLimit).filter { !forms.ranges[$0].isEmpty }
        func form(_ k: Int) -> String { String(forms[heads[k]]) }
        // Single lines first, then a title broken over two lines: candidate `c` is head line
        // `c`, or for `c` past the heads, head line `c - heads.count` joined with the next.
        for c in 0..<max(0, 2 * heads.count - 1) {
            let k = c < heads.count ? c : c - heads.count
            let entry = (text: c < heads.count ? form(k) : form(k) + form(k + 1), line: heads[k])
            let text = entry.text
            guard let r = text.utf8Range(of: "年度报告") ?? text.utf8Range(of: "年报"),
                text.utf8Contains("信息公开") || text.utf8Contains("政务公开")
            else { continue }
            let head = String(text[..<r.upperBound])
            guard let (year, _) = yearAndAgency(inTitle: head) else { continue }
            meta.title = head
            meta.year = year
            // The agency is what stands before the year in the printed title, after any site chrome.
            let original = String(lines[entry.line])
            if let yearRange = original.utf8Range(of: String(year)) {
                let printed = original[..<yearRange.lowerBound]
                let pieces = printed.split(whereSeparator: { $0.unicodeScalars.allSatisfy(LabelText.isSpace) })
                let agency = LabelNormalization.normalize(pieces.last ?? "")
                if !agency.isEmpty && !agency.utf8Contains("年度报告") { meta.agency = agency }
            }
            // A title over two lines (`洪泽区人民政府` / `2023年政府信息公开工作年度报告`).
            if meta.agency == nil, let k = heads.firstIndex(of: entry.line), k > 0,
                let (_, own) = yearAndAgency(inTitle: form(k)), own.isEmpty
            {
                let previous = form(k - 1)
                if previous.unicodeScalars.count <= 30, agencySuffixes.contains(where: { previous.utf8HasSuffix($0) }) { meta.agency = previous }
            }
            // The year first (`2019年上海市人民政府办公厅政府信息公开工作年度报告`).
            if meta.agency == nil { meta.agency = agencyAfterYear(inTitle: head, year: year) }
            break
        }
        if meta.year == nil, headLimit > 0, let y = statisticalYear(in: String(forms.text(of: 0...(headLimit - 1)))) {
            meta.year = y
        }
        if meta.agency == nil { meta.agency = contactAgency(forms: forms) }
        if let agency = meta.agency {
            meta.agency = expandAgency(agency, in: forms)
        }
        meta.date = publicationDate(lines: lines, forms: forms)
        return meta
    }

    /// `苑庄镇2020年政府信息公开工作年度报告` → (2020, 苑庄镇).
    static func yearAndAgency(inTitle title: String) -> (Int, String)? {
        let scalars = title.unicodeScalarArray()
        var i = 0
        while i + 4 < scalars.count {
            if scalars[i] == "2", scalars[i + 1] == "0", ("0"..."9").contains(scalars[i + 2]), ("0"..."9").contains(scalars[i + 3]),
                scalars[i + 4] == "年"
            {
                if i > 0, ("0"..."9").contains(scalars[i - 1]) {
                    i += 1
                    continue
                }
                let year = Int(String(scalars: scalars[i..<(i + 4)]))!
                var agency = String(scalars: scalars[0..<i])
                for junk in ["关于", "《", "\""] where agency.hasSuffix(junk) { agency.removeLast(junk.count) }
                return (year, agency)
            }
            i += 1
        }
        return nil
    }

    /// The body named between the year and 政府信息公开 in a title that starts with its year.
    static func agencyAfterYear(inTitle title: String, year: Int) -> String? {
        guard let y = title.utf8Range(of: "\(year)年") else { return nil }
        var rest = title[y.upperBound...]
        if rest.hasPrefix("度") { rest = rest.dropFirst() }
        guard let end = rest.utf8Range(of: "政府信息公开") ?? rest.utf8Range(of: "政务公开") else { return nil }
        let body = String(rest[..<end.lowerBound])
        guard (2...30).contains(body.count), agencySuffixes.contains(where: { body.hasSuffix($0) }) else { return nil }
        return body
    }

    /// How the names of government bodies end.
    static let agencySuffixes = ["人民政府", "办公室", "办公厅", "局", "委员会", "管委会", "办事处", "政府", "中心", "街道", "镇", "乡"]

    /// `统计期限自2020年1月1日起至2020年12月31日止` → 2020.
    static func statisticalYear(in text: String) -> Int? {
        guard let r = text.utf8Range(of: "12月31日") else { return nil }
        let before = text[..<r.lowerBound]
        guard before.hasSuffix("年") else { return nil }
        return Int(before.dropLast().suffix(4))
    }

    /// The body named in `请与…办公室联系` (如对本报告有疑问，请与…联系), for texts that lost their title.
    static func contactAgency(forms: TextLines) -> String? {
        for k in forms.lineIndices(containing: [Array("联系".utf8)]) {
            let n = forms[k]
            guard let start = n.utf8Range(of: "请与"), let end = n[start.upperBound...].utf8Range(of: "联系") else { continue }
            var body = n[start.upperBound..<end.lowerBound]
            guard body.count <= 30 else { continue }
            for office in ["政府信息公开工作领导小组办公室", "政务公开办公室", "办公室", "政务公开办"] where body.hasSuffix(office) {
                body = body.dropLast(office.count)
                break
            }
            if body.count >= 2 { return String(body) }
        }
        return nil
    }

    /// A short agency name from a title (`苑庄镇`) is expanded when the text names the body in full
    /// right after it (`苑庄镇人民政府`).
    static func expandAgency(_ agency: String, in forms: TextLines) -> String {
        let suffixes = ["人民政府办公室", "人民政府", "管委会", "办事处"]
        if suffixes.contains(where: { agency.hasSuffix($0) }) || agency.hasSuffix("局") || agency.hasSuffix("委员会") { return agency }
        // The lines naming the agency, found in one pass over the text the forms were cut from.
        for k in forms.lineIndices(containing: [Array(agency.utf8)]) {
            for suffix in suffixes where forms[k].utf8Contains(agency + suffix) { return agency + suffix }
        }
        return agency
    }

    /// The date the report was signed or published: a `YYYY年M月D日` line of its own, or a web
    /// page's `时间：YYYY-MM-DD`, after the title.
    static func publicationDate(lines: TextLines, forms: TextLines) -> ReportDate? {
        var found: ReportDate?
        for k in lines.lineIndices(containing: dateWords) {
            let line = lines[k], n = forms[k]
            if line.utf8Contains("时间") || line.utf8Contains("日期"),
                let r = n.utf8Range(of: "时间:") ?? n.utf8Range(of: "发布日期:") ?? n.utf8Range(of: "发布时间:"),
                let d = isoDate(n[r.upperBound...])
            {
                return d
            }
            // A bare date line is short: long lines are turned away before anything is copied.
            guard n.utf8.count <= 64 else { continue }
            let bare = n.trimming("()（）")
            if bare.utf8HasSuffix("日"), bare.count <= 14, let d = chineseDate(bare), !bare.utf8Contains("至") {
                found = d
            }
        }
        return found
    }

    /// The words a date line holds (日, 时间): its lines are found before any is looked at.
    private static let dateWords: [[UInt8]] = [Array("日".utf8), Array("时间".utf8)]

    static func isoDate(_ s: Substring) -> ReportDate? {
        let parts = s.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2].prefix(2)), y > 1990 else { return nil }
        return ReportDate(year: y, month: m, day: d)
    }

    static func chineseDate(_ s: Substring) -> ReportDate? {
        guard let yr = s.utf8Range(of: "年"), let mr = s.utf8Range(of: "月"), let dr = s.utf8Range(of: "日"),
            let y = Int(s[..<yr.lowerBound]), let m = Int(s[yr.upperBound..<mr.lowerBound]), let d = Int(s[mr.upperBound..<dr.lowerBound]),
            (1990...2100).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return ReportDate(year: y, month: m, day: d)
    }
}

extension String {
    /// The text without the given scalars at either end.
    func trimmingCharacters(in set: String) -> String {
        let trimmed = Substring(self).trimming(set)
        return trimmed.startIndex == startIndex && trimmed.endIndex == endIndex ? self : String(trimmed)
    }
}

extension Substring {
    /// The piece without the given scalars at either end (not copied).
    func trimming(_ set: String) -> Substring {
        let drop = set.unicodeScalars
        var view = unicodeScalars
        while let f = view.first, drop.contains(f) { view.removeFirst() }
        while let l = view.last, drop.contains(l) { view.removeLast() }
        return Substring(view)
    }
}
