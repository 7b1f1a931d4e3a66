import Testing

@testable import GongkaiReading

/// The byte-level tests a token's text goes through agree with the placeholder list and the
/// page-marker shapes they stand for.
@Suite struct ValueTextTests {
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }

    @Test func everyPlaceholderIsToldByItsBytes() {
        for p in ValueText.placeholders {
            #expect(Self.withBytes(p, ValueText.isPlaceholder), "\(p)")
            #expect(ValueText.parse(Substring(p)) == .blank, "\(p)")
        }
        for text in ["0", "-1", "—1", "无法", "空白", "--1", "———", "nbsp", "", "/-", "–-"] {
            #expect(!Self.withBytes(text, ValueText.isPlaceholder), "\(text)")
        }
        // Spaced or full-width forms still parse as blanks through the slower path.
        #expect(ValueText.parse("- -") == .blank)
        #expect(ValueText.parse("—\u{3000}") == .blank)
    }

    @Test func pageMarkers() {
        for text in ["-3-", "- 4 -", "—5—", "－１２－", "– 7 –", "-\u{3000}10\u{3000}-"] {
            #expect(ValueText.isPageMarker(Substring(text)), "\(text)")
        }
        for text in ["-", "--", "—", "-3", "3-", "-a-", "- -", "-3-4", "—三—", "0", "——", ""] {
            #expect(!ValueText.isPageMarker(Substring(text)), "\(text)")
        }
    }
}
