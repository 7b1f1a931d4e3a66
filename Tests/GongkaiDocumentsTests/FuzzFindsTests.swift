import Foundation
import GongkaiChecks
import GongkaiDocuments
import GongkaiModel
import GongkaiReading
import GongkaiTestSupport
import Testing

/// The inputs a mutation fuzzer found crashing or hanging the readers (Tests/Fixtures/fuzz-finds):
/// each is read and checked in this process, and ends in an error value or a report — a trap, a
/// stack overflow or an unbounded search would take the test run down or never end.
@Suite struct FuzzFindsTests {
    static let files: [String] = {
        let dir = Fixtures.root.appendingPathComponent("fuzz-finds")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasSuffix(".md") }.sorted()
    }()

    @Test func theFindsAreKept() { #expect(Self.files.count == 11) }

    @Test(arguments: files)
    func endsInAnErrorOrAReport(_ name: String) throws {
        let bytes = try Fixtures.bytes(Fixtures.root.appendingPathComponent("fuzz-finds/" + name))
        do {
            let report = try DocumentReader().read(bytes: bytes)
            _ = Checker().check(report)
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    /// A corpus page with its body nested a hundred thousand elements deep reads as the page
    /// itself: the layout walks without the call stack.
    @Test func deeplyNestedPageIsRead() throws {
        let page = try Fixtures.text("text/pingtan-2023.html")
        let depth = 100_000
        let body = try #require(page.range(of: "<body>"))
        let end = try #require(page.range(of: "</body>"))
        let nested =
            String(page[..<body.upperBound]) + String(repeating: "<div>", count: depth)
            + String(page[body.upperBound..<end.lowerBound]) + String(repeating: "</div>", count: depth) + String(page[end.lowerBound...])
        let plain = try DocumentReader().read(bytes: Array(page.utf8))
        let deep = try DocumentReader().read(bytes: Array(nested.utf8))
        #expect(deep.cells.count == plain.cells.count)
        for (id, cell) in plain.cells { #expect(deep.cells[id]?.value == cell.value, "\(id)") }
    }
}
