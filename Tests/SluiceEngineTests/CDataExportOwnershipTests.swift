import CSluiceABI
@testable import SluiceArrow
import Testing

/// The host's exported C Data structures share one allocation per batch, yet each stays
/// a structure of its own, as the Arrow C Data Interface requires: a consumer may move a
/// child out, release the parent at once and use the child until it releases it; the
/// table's memory lives exactly until the last structure is released.
@Suite struct CDataExportOwnershipTests {
    @Test func aMovedChildOutlivesItsReleasedParentAndKeepsTheTableAlive() throws {
        var batch = ArrowArray()
        weak var names: ArrowArrayData?
        do {
            let table = try ArrowTable(["x": .float64([1.5, nil, 3]), "name": .dictionary(["red", "green", "red"])])
            names = table.batches[0].columns[1]
            ArrowCExport.exportBatch(table.batches[0], into: &batch)
        }
        #expect(names != nil, "the exported batch keeps the table's columns alive")
        #expect(batch.n_children == 2 && batch.n_buffers == 1)

        // Move the dictionary column out, then release the parent.
        var moved = batch.children[1]!.pointee
        batch.children[1]!.pointee.release = nil
        batch.release(&batch)
        #expect(batch.release == nil)
        #expect(names != nil, "the moved child still holds the data")
        #expect(moved.length == 3 && moved.n_buffers == 2)
        let codes = moved.buffers[1]!.assumingMemoryBound(to: Int32.self)
        #expect([codes[0], codes[1], codes[2]] == [0, 1, 0])
        let dictionary = try #require(moved.dictionary)
        #expect(dictionary.pointee.length == 2 && dictionary.pointee.n_buffers == 3)
        moved.release(&moved)
        // The block is gone now: only what the test holds itself can be looked at.
        #expect(moved.release == nil)
        #expect(names == nil, "releasing the last structure lets the table's memory go")
    }

    @Test func anExportedSchemaNamesEveryColumnAndReleasesChildrenWithTheParent() throws {
        let schema = ArrowTableSchema([ArrowField("x", .float64), ArrowField("colour", .dictionary(ordered: true), metadata: ["unit": "none"])],
                                      metadata: ["sluice.target": "x"])
        var exported = ArrowSchema()
        ArrowCExport.exportSchema(schema, into: &exported)
        #expect(String(cString: exported.format) == "+s")
        #expect(ArrowCFormat.decode(exported.metadata) == ["sluice.target": "x"])
        let colour = exported.children[1]!
        #expect(String(cString: colour.pointee.name) == "colour")
        #expect(String(cString: colour.pointee.format) == "i")
        #expect(colour.pointee.flags & Int64(ARROW_FLAG_DICTIONARY_ORDERED) != 0)
        #expect(ArrowCFormat.decode(colour.pointee.metadata) == ["unit": "none"])
        #expect(String(cString: colour.pointee.dictionary!.pointee.format) == "u")
        #expect(try ArrowCImport.importSchema(exported, what: "test") == schema)
        exported.release(&exported)
        #expect(exported.release == nil)
    }
}
