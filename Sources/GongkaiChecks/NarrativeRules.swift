import GongkaiModel

/// Numbers the text of section 一 quotes against the tables: N-NEW, N-CARRIED-IN, N-CLOSED,
/// N-CARRIED-OUT, N-REVIEW, N-SUIT, N-PROACTIVE (warnings). Wording varies between reports, so
/// a number is compared only where the phrase names the quantity unambiguously, and only where
/// its clause states the whole quantity: a clause about a part — one outcome (`同意公开答复9件`),
/// one kind of applicant or channel (`其中自然人申请741件`, `在线申请2件`), one result of a review
/// (`结果维持72件`), or any clause enumerated after 其中 — is not a total, and is not compared.
enum NarrativeRules {
    /// A number quoted in the text after a keyword: `受理政府信息公开申请3119件`.
    struct Quote {
        var value: ReportNumber
        var phrase: String
    }

    /// Numbers followed by 件 within `window` scalars after `keyword`, with no sentence
    /// punctuation between. `text` is in label form (`LabelNormalization`): full-width commas
    /// and semicolons have become ASCII. Works on UTF-8 bytes: the keyword is found by a byte
    /// search, so a section costs one pass per keyword.
    static func quotes(of keyword: String, in text: String, window: Int, excluding: [String] = [], unit: Unicode.Scalar = "件") -> [Quote] {
        text.withUTF8Bytes { t in
            keyword.withUTF8Bytes { k in
                var out: [Quote] = []
                let n = t.count
                var from = 0
                while let i = UTF8Search.first(k, in: t, from: from) {
                    from = i + 1
                    let betweenStart = i + k.count
                    var j = betweenStart
                    var scalars = 0
                    while j < n, scalars <= window {
                        let (u, length) = UTF8Search.decode(t, at: j)
                        if isDigit(u) || isClauseEnd(u) { break }
                        j += length
                        scalars += 1
                    }
                    let betweenEnd = j
                    let digitStart = j
                    while j < n, isDigit(UInt32(t[j])) || t[j] == UInt8(ascii: ",") { j += 1 }
                    guard j > digitStart, j < n else { continue }
                    let (u, length) = UTF8Search.decode(t, at: j)
                    guard u == unit.value else { continue }
                    if !excluding.isEmpty {
                        let between = UnsafeBufferPointer(rebasing: t[betweenStart..<betweenEnd])
                        if excluding.contains(where: { $0.withUTF8Bytes { UTF8Search.first($0, in: between) != nil } }) { continue }
                    }
                    if statesAPart(t, clauseAt: i, subjectEnd: digitStart) { continue }
                    let digits = String(decoding: t[digitStart..<j].filter { $0 != UInt8(ascii: ",") }, as: UTF8.self)
                    if let number = ReportNumber(parsing: digits) {
                        out.append(Quote(value: number, phrase: String(decoding: UnsafeBufferPointer(rebasing: t[i..<(j + length)]), as: UTF8.self)))
                    }
                }
                return out
            }
        }
    }

    /// Words that make a clause's count a part of a table's total: outcomes of table 三, kinds of
    /// applicant, channels, timeliness, outcomes of table 四, and 其中 itself.
    static let partWords: [[UInt8]] = [
        "其中", "予以公开", "同意公开", "准予公开", "全部公开", "部分公开", "不予公开", "不公开", "无法提供", "不予处理",
        "其他处理", "不存在", "不掌握", "非本机关", "自然人", "公民", "法人", "企业", "科研机构", "公益组织", "法律服务",
        "个人", "在线", "网上", "网络", "信函", "邮寄", "当面", "现场", "传真", "电子邮件", "电话", "按时", "逾期",
        "延期", "超期", "维持", "纠正", "尚未审结", "其他结果", "败诉", "撤销", "驳回",
    ].map { Array($0.utf8) }

    /// Whether the clause around the keyword at `keyword` states a part rather than a total:
    /// its words up to the number (`subjectEnd`) name a part, or it stands after 其中 in the
    /// same enumeration (a sentence, or a run up to a semicolon).
    static func statesAPart(_ t: UnsafeBufferPointer<UInt8>, clauseAt keyword: Int, subjectEnd: Int) -> Bool {
        var clauseStart = keyword
        while clauseStart > 0 {
            let (start, u) = scalar(before: clauseStart, in: t)
            if isClauseEnd(u) || isEnumerationMark(u) { break }
            clauseStart = start
        }
        var enumerationStart = clauseStart
        while enumerationStart > 0 {
            let (start, u) = scalar(before: enumerationStart, in: t)
            if u == 0x3002 || u == 0x3B || u == 0xFF1B || u == 0x21 || u == 0x3F || u == 0xFF01 || u == 0xFF1F { break }
            enumerationStart = start
        }
        let subject = UnsafeBufferPointer(rebasing: t[clauseStart..<subjectEnd])
        if partWords.contains(where: { word in word.withUnsafeBufferPointer { UTF8Search.first($0, in: subject) != nil } }) { return true }
        let before = UnsafeBufferPointer(rebasing: t[enumerationStart..<clauseStart])
        return partWords[0].withUnsafeBufferPointer { UTF8Search.first($0, in: before) != nil }
    }

    /// The scalar that ends just before byte offset `end`, and where it starts.
    static func scalar(before end: Int, in t: UnsafeBufferPointer<UInt8>) -> (start: Int, scalar: UInt32) {
        var start = end - 1
        while start > 0, t[start] & 0xC0 == 0x80 { start -= 1 }
        return (start, UTF8Search.decode(t, at: start).scalar)
    }

    /// Marks that separate the items of an enumeration inside a clause: 、 ： : （ (.
    static func isEnumerationMark(_ u: UInt32) -> Bool {
        u == 0x3001 || u == 0xFF1A || u == 0x3A || u == 0xFF08 || u == 0x28
    }

    /// Sentence punctuation that ends a quote's search, full-width or (in label form) ASCII.
    static func isClauseEnd(_ u: UInt32) -> Bool {
        switch u {
        case 0xFF0C, 0x3002, 0xFF1B, 0xFF01, 0xFF1F, 0x2C, 0x3B, 0x21, 0x3F: true  // ，。；！？ , ; ! ?
        default: false
        }
    }

    static func isDigit(_ u: UInt32) -> Bool { u >= 0x30 && u <= 0x39 }

    static func isDigit(_ u: Unicode.Scalar) -> Bool { isDigit(u.value) }

    static func findings(_ report: Report) -> [Finding] {
        guard let overview = report.section(.overview) else { return [] }
        let text = overview.normalizedText
        var out: [Finding] = []
        // Ids from literals: building them from their parts allocated a string for each.
        func total(_ id: CellID) -> ReportNumber? { report.value(of: id)?.arithmeticValue }
        func locate(_ phrase: String) -> SourceSpan {
            let head = String(phrase.unicodeScalars.prefix(6))
            for line in overview.lines {
                guard line >= 1, line <= report.lines.count else { continue }
                let n = LabelNormalization.normalize(report.lines[line - 1])
                if n.utf8Contains(head) { return SourceSpan(line: line, column: 1, endColumn: 2) }
            }
            return overview.headingSpan
        }
        func compare(_ rule: String, _ quotes: [Quote], accepted: [ReportNumber], what: String, cells: [CellID]) {
            guard let first = accepted.first else { return }
            for q in quotes where !accepted.contains(q.value) {
                out.append(
                    Finding(
                        rule: rule, severity: .warning,
                        message: "正文「\(q.phrase)」与表格不一致：表格中\(what)为\(first)",
                        cells: cells, expected: first, actual: q.value, at: locate(q.phrase)))
                return
            }
        }
        let new = total("t3.new.total"), carriedIn = total("t3.carried_in.total")
        if let new {
            var accepted = [new]
            if let carriedIn { accepted.append(new + carriedIn) }
            var found = quotes(of: "新收", in: text, window: 12, excluding: ["结转"])
            found += quotes(of: "受理", in: text, window: 14, excluding: ["结转", "复议", "诉讼", "办结"])
                .filter { $0.phrase.utf8Contains("申请") }
            found += quotes(of: "收到", in: text, window: 14, excluding: ["结转", "复议", "诉讼"])
                .filter { $0.phrase.utf8Contains("申请") }
            compare("N-NEW", found, accepted: accepted, what: "本年新收申请数（或连同上年结转）", cells: ["t3.new.total", "t3.carried_in.total"])
        }
        if let carriedIn {
            compare(
                "N-CARRIED-IN", quotes(of: "上年结转", in: text, window: 8) + quotes(of: "上年度结转", in: text, window: 8), accepted: [carriedIn],
                what: "上年结转数", cells: ["t3.carried_in.total"])
        }
        if let closed = total("t3.total.total") {
            compare(
                "N-CLOSED", quotes(of: "办结", in: text, window: 6) + quotes(of: "答复", in: text, window: 4, excluding: ["申请"]), accepted: [closed],
                what: "办理结果总计", cells: ["t3.total.total"])
        }
        if let out4 = total("t3.carried_out.total") {
            compare("N-CARRIED-OUT", quotes(of: "结转下年", in: text, window: 8), accepted: [out4], what: "结转下年度继续办理数", cells: ["t3.carried_out.total"])
        }
        if let review = total("t4.review.total") {
            compare(
                "N-REVIEW", quotes(of: "行政复议", in: text, window: 8, excluding: ["维持", "纠正", "尚未", "其他", "诉讼"]), accepted: [review], what: "行政复议总计",
                cells: ["t4.review.total"])
        }
        if let direct = total("t4.suit_direct.total"), let after = total("t4.suit_after_review.total") {
            compare(
                "N-SUIT", quotes(of: "行政诉讼", in: text, window: 8, excluding: ["维持", "纠正", "尚未", "其他", "复议"]), accepted: [direct + after],
                what: "行政诉讼总计（直接起诉+复议后起诉）", cells: ["t4.suit_direct.total", "t4.suit_after_review.total"])
        }
        out += proactive(text, overview: overview, locate: locate)
        return out
    }

    /// `主动公开政府信息65条；其中，政策文件2条，占3%…`: each stated percentage must fit the counts,
    /// and the parts must not exceed the total. The parts are the counts enumerated after 其中
    /// (all counts after the total where the sentence has no 其中), leaving out those in brackets
    /// (a part's own breakdown) and a count that restates the total (`在主动公开的148条政府信息中，
    /// 全文电子化的主动公开信息数共148条，其中：…`).
    static func proactive(_ text: String, overview: Section, locate: (String) -> SourceSpan) -> [Finding] {
        guard let totalQuote = quotes(of: "主动公开", in: text, window: 14, unit: "条").first else { return [] }
        let total = totalQuote.value
        let s = text
        guard !total.isZero, let start = s.utf8Range(of: totalQuote.phrase) else { return [] }
        let after = s[start.upperBound...].unicodeScalarArray(limit: 400)
        // Stop at the end of the paragraph's enumeration: the first 。 after the total.
        guard let stop = after.firstIndex(of: "。") else { return [] }
        var body = Array(after[..<stop])
        if let k = (0..<max(0, body.count - 1)).first(where: { body[$0] == "其" && body[$0 + 1] == "中" }) {
            body = Array(body[(k + 2)...])
        }
        var parts: [(ReportNumber, ReportNumber?)] = []
        var depth = 0
        var i = 0
        while i < body.count {
            if body[i] == "（" || body[i] == "(" { depth += 1 }
            if body[i] == "）" || body[i] == ")" { depth = max(0, depth - 1) }
            if depth == 0, isDigit(body[i]) {
                var j = i
                var digits = ""
                while j < body.count, isDigit(body[j]) {
                    digits.unicodeScalars.append(body[j])
                    j += 1
                }
                if j < body.count, body[j] == "条", let n = ReportNumber(parsing: digits) {
                    // An optional percentage right after: 占3% / 占比28% / 占信息总量的25%.
                    var k = j + 1
                    var pct: ReportNumber?
                    let window = body[k..<min(body.count, k + 12)]
                    if window.contains("占") {
                        while k < min(body.count, j + 14), !isDigit(body[k]) { k += 1 }
                        var p = ""
                        while k < body.count, isDigit(body[k]) || body[k] == "." {
                            p.unicodeScalars.append(body[k])
                            k += 1
                        }
                        if k < body.count, body[k] == "%" { pct = ReportNumber(parsing: p) }
                    }
                    parts.append((n, pct))
                    i = max(k, j + 1)
                    continue
                }
                i = j
            }
            i += 1
        }
        // A count equal to the total, standing before the others, restates it.
        if parts.count > 1, parts[0].0 == total, parts[0].1 == nil { parts.removeFirst() }
        guard parts.count >= 2 else { return [] }
        var out: [Finding] = []
        let sum = parts.map(\.0).sum()
        if sum > total {
            out.append(
                Finding(
                    rule: "N-PROACTIVE", severity: .warning,
                    message: "正文主动公开信息总数为\(total)条，但所列各类之和为\(sum)条，超过总数",
                    expected: total, actual: sum, at: locate(totalQuote.phrase)))
        }
        for (n, pct) in parts {
            guard let pct else { continue }
            let actual = n.doubleValue / total.doubleValue * 100
            if abs(actual - pct.doubleValue) >= 1.0 {
                out.append(
                    Finding(
                        rule: "N-PROACTIVE", severity: .warning,
                        message: "正文称\(n)条占\(pct)%，但\(n)/\(total)约为\(Int((actual * 10).rounded()) / 10)%",
                        expected: nil, actual: pct, at: locate(totalQuote.phrase)))
                break
            }
        }
        return out
    }
}
