import GongkaiModel

/// Quality and timeliness rules: Q-SEC5-EMPTY, Q-FEE, Q-YEAR, Q-PLAUSIBLE, D-LATE (warnings).
enum QualityRules {
    /// `normalizedText`: the report's lines joined, in label form (`LabelNormalization`).
    static func findings(_ report: Report, normalizedText text: String) -> [Finding] {
        var out: [Finding] = []
        if let s5 = report.section(.problems) {
            let body = s5.normalizedText
            // Fewer than thirty scalars of wording (none, or 无) is no account of the problems.
            if !body.hasWording(atLeast: 30) {
                let stripped = body.trimmingPunctuation()
                out.append(
                    Finding(
                        rule: "Q-SEC5-EMPTY", severity: .warning,
                        message: "第五部分「存在的主要问题及改进情况」" + (stripped.isEmpty ? "为空" : "只有「\(String(body.prefix(20)))」") + "：应具体写明存在的问题和改进措施",
                        at: s5.headingSpan))
            }
        }
        if report.format == .v2021, let s6 = report.section(.otherMatters) {
            let body = s6.normalizedText
            if !body.utf8Contains("处理费") {
                out.append(
                    Finding(
                        rule: "Q-FEE", severity: .warning,
                        message: "第六部分未说明信息处理费的收取情况（收取金额，或未收取）——国办公开办函〔2021〕30号要求报告",
                        at: s6.headingSpan))
            }
        }
        if let year = report.year {
            for keyword in ["统计期限", "统计时间", "统计期间", "统计时限"] {
                guard let r = text.utf8Range(of: keyword) else { continue }
                let after = text[r.upperBound...].prefix(8).drop { !$0.isASCII || !$0.isNumber }
                if let y = Int(after.prefix(4)), after.dropFirst(4).hasPrefix("年"), y != year {
                    out.append(
                        Finding(
                            rule: "Q-YEAR", severity: .warning,
                            message: "报告为\(year)年度，正文所述统计期限却从\(y)年起",
                            expected: ReportNumber(year), actual: ReportNumber(y), at: nil))
                }
                break
            }
        }
        if let agency = report.agency, AgencyLevel.of(agency) == .township {
            let ids: [CellID] =
                report.format == .v2019
                ? ["t2.rules.made", "t2.rules.published", "t2.rules.public_total"]
                : ["t2.rules.issued", "t2.rules.in_force"]
            let nonzero = ids.filter { report.value(of: $0)?.number.map { !$0.isZero } ?? false }
            if !nonzero.isEmpty {
                out.append(
                    Finding(
                        rule: "Q-PLAUSIBLE", severity: .warning,
                        message: "乡镇、街道无权制定规章，但「规章」行填有非零数字",
                        cells: nonzero, at: report.cells[nonzero[0]]?.span))
            }
        }
        if let date = report.publicationDate, let year = report.year, let agency = report.agency {
            let level = AgencyLevel.of(agency)
            let deadline =
                level == .government
                ? ReportDate(year: year + 1, month: 3, day: 31)
                : ReportDate(year: year + 1, month: 1, day: 31)
            if level != .unknown, date > deadline {
                let who = level == .government ? "县级以上人民政府" : "部门和乡镇（街道）"
                out.append(
                    Finding(
                        rule: "D-LATE", severity: .warning,
                        message: "报告日期\(date)晚于\(who)年度报告的法定公布期限\(deadline)（《条例》第四十九条）",
                        at: nil))
            }
        }
        return out
    }
}

/// The level of an issuing body as its name tells it, for deadlines and plausibility.
enum AgencyLevel {
    case township, government, department, unknown

    /// Told by the name's ending, compared as UTF-8 (the endings are whole characters).
    static func of(_ name: String) -> AgencyLevel {
        let townships = ["镇人民政府", "乡人民政府", "街道办事处", "镇政府", "乡政府", "镇", "乡", "街道"]
        if townships.contains(where: name.utf8HasSuffix) { return .township }
        if name.utf8HasSuffix("人民政府") { return .government }
        let departments = ["局", "委员会", "办公室", "厅", "委", "办", "中心", "院"]
        if departments.contains(where: name.utf8HasSuffix) { return .department }
        return .unknown
    }
}

extension String {
    static let punctuation: Set<Unicode.Scalar> = Set("。，、；：.,;:!！?？\"“”（）()".unicodeScalars)

    func trimmingPunctuation() -> String {
        String(unicodeScalars.filter { !Self.punctuation.contains($0) })
    }

    /// Whether the text has at least `count` scalars besides punctuation (stops counting there).
    func hasWording(atLeast count: Int) -> Bool {
        var n = 0
        for u in unicodeScalars where !Self.punctuation.contains(u) {
            n += 1
            if n >= count { return true }
        }
        return false
    }
}
