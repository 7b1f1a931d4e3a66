import GongkaiModel
import Testing

/// Cell ids hash by their stored digest (`CellID._rawHashValue(seed:)`): equal ids must find
/// each other whichever way they were made, and the template's ids must not collide.
@Suite struct CellIDHashingTests {
    static let templateIDs = Array(Set(ReportTemplate.v2019.cellIDs + ReportTemplate.v2021.cellIDs))

    @Test func idsMadeEitherWayFindTheSameCell() {
        let byParts = CellID("t3", "denied.third_party", "natural")
        let byText = CellID(rawValue: "t3.denied.third_party.natural")
        #expect(byParts == byText)
        #expect(byParts._rawHashValue(seed: 12345) == byText._rawHashValue(seed: 12345))
        var cells: [CellID: Int] = [:]
        for (k, id) in Self.templateIDs.enumerated() { cells[CellID(rawValue: id.rawValue)] = k }
        #expect(cells.count == Self.templateIDs.count)
        for (k, id) in Self.templateIDs.enumerated() { #expect(cells[id] == k, "\(id) not found") }
        #expect(cells[byParts] != nil)
    }

    @Test(arguments: [0, 1, -1, 0x5EED, Int.max, Int.min])
    func templateIDsDoNotCollide(seed: Int) {
        let hashes = Set(Self.templateIDs.map { $0._rawHashValue(seed: seed) })
        #expect(hashes.count == Self.templateIDs.count)
        // The low bits pick the bucket in a small table: they must spread as well.
        let buckets = Set(Self.templateIDs.map { $0._rawHashValue(seed: seed) & 1023 })
        #expect(buckets.count > Self.templateIDs.count / 2)
    }
}
