/// 信息处理费 under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): charged either by the
/// number of applications (按件) or by volume (按量), both progressive, never both on one
/// application. Amounts in yuan.
public enum InformationProcessingFee {
    /// 按件计收 (Art. 4): the fee for an applicant's `n`-th application in one calendar month —
    /// the first 10 free, the 11th to 30th 100 yuan each, then bands of 10 at 100 yuan more each
    /// (31st–40th 200, 41st–50th 300 …).
    public static func perApplication(monthlyCount n: Int) -> Int {
        switch n {
        case ...10: 0
        case 11...30: 100
        default: 100 * (2 + (n - 31) / 10)
        }
    }

    /// 按量计收 (Art. 5): the fee for one application supplied on `pages` pages — up to 30 free,
    /// pages 31–100 at 10 yuan, 101–200 at 20 yuan, 201 and over at 40 yuan (each rate on its
    /// band's pages only).
    public static func perVolume(pages: Int) -> Int {
        let bands: [(upTo: Int, yuan: Int)] = [(30, 0), (100, 10), (200, 20), (Int.max, 40)]
        var fee = 0
        var lower = 0
        for band in bands where pages > lower {
            fee += (min(pages, band.upTo) - lower) * band.yuan
            lower = band.upTo
        }
        return fee
    }
}
