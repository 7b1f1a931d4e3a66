import GongkaiModel
import GongkaiTestSupport
import Testing

/// The byte search every phrase look-up goes through finds what a plain scan of the bytes finds,
/// on a real report, for needles of every length, from every start, up to the text's last byte.
@Suite struct UTF8SearchTests {
    /// The first offset at or after `start` where `needle` stands, found by comparing at each offset.
    static func scan(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        guard haystack.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    @Test func findsWhatAScanFinds() throws {
        let text = Array(try Fixtures.text("text/shuyang-xian-2025.txt").utf8)
        // Words of the report and its tables, ASCII and mixed ones, the text's last bytes, and
        // words it does not hold; one, two, three bytes and longer.
        var needles = ["政府信息公开", "申请", "情况", "〔2021〕30号", "[2021]30号", "2025", "0", "\t", "一、", "。", "件", "不存在的词语", "zz"]
            .map { Array($0.utf8) }
        needles += [Array(text.suffix(1)), Array(text.suffix(2)), Array(text.suffix(7)), Array(text.prefix(5))]
        text.withUnsafeBufferPointer { haystack in
            for needle in needles {
                needle.withUnsafeBufferPointer { n in
                    for start in stride(from: 0, to: text.count, by: 97) + [text.count - needle.count, text.count - 1] where start >= 0 {
                        #expect(
                            UTF8Search.first(n, in: haystack, from: start) == Self.scan(needle, in: text, from: start),
                            "\(String(decoding: needle, as: UTF8.self)) from \(start)")
                    }
                }
            }
        }
    }
}
