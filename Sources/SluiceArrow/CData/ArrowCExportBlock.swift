import CSluiceABI

// One allocation per exported record batch and per exported schema, instead of several
// per column: serving one row through a few plugins is dominated by these crossings,
// and a column's share of them was five to eight heap allocations and as many
// reference counts (a profile of a 3-transform pipeline: ~40 % of its time).
//
// The C Data Interface lets the producer lay the children out as it likes, as long as
// each child stays a self-contained structure: a consumer may move a child out and
// release the parent at once, then release the child later (Arrow's "moving child
// arrays"). So every structure in a block holds its own reference to the block's owner
// and has its own release callback; the block is freed when the last one is released.
// The parent's release releases the children that were not moved, as the spec requires.

/// The memory of one exported batch or schema and what its buffers point into.
final class ExportBlock: @unchecked Sendable {
    // @unchecked: written only while exporting, before the consumer sees it; freed once,
    // in deinit, when the last structure holding a reference is released.
    let memory: UnsafeMutableRawPointer
    /// The columns the exported buffers point into (none for a schema).
    private let columns: [ArrowArrayData]

    init(byteCount: Int, columns: [ArrowArrayData]) {
        memory = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 16)
        self.columns = columns
    }

    deinit { memory.deallocate() }

    /// A reference for one more structure's `private_data`.
    func retainedReference() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func release(_ reference: UnsafeMutableRawPointer?) {
        guard let reference else { return }
        Unmanaged<ExportBlock>.fromOpaque(reference).release()
    }
}

/// Carves typed regions out of a block, in order, each aligned for its type.
struct BlockLayout {
    private(set) var byteCount = 0

    /// Reserves `count` values of `T`; returns their offset.
    mutating func reserve<T>(_ type: T.Type, count: Int) -> Int {
        let alignment = MemoryLayout<T>.alignment
        byteCount = (byteCount + alignment - 1) & ~(alignment - 1)
        defer { byteCount += count * MemoryLayout<T>.stride }
        return byteCount
    }
}

extension ArrowCExport {
    /// `release` of an exported array: its dictionary (when not moved out), then its
    /// reference to the block. A batch's struct array releases its children the same way.
    static let releaseArray: @convention(c) (UnsafeMutablePointer<ArrowArray>?) -> Void = { array in
        guard let array, array.pointee.release != nil else { return }
        if let children = array.pointee.children {
            for index in 0..<Int(array.pointee.n_children) {
                if let child = children[index], let release = child.pointee.release { release(child) }
            }
        }
        if let dictionary = array.pointee.dictionary, let release = dictionary.pointee.release { release(dictionary) }
        ExportBlock.release(array.pointee.private_data)
        array.pointee.release = nil
        array.pointee.private_data = nil
    }

    /// `release` of an exported schema, children and dictionary included.
    static let releaseSchema: @convention(c) (UnsafeMutablePointer<ArrowSchema>?) -> Void = { schema in
        guard let schema, schema.pointee.release != nil else { return }
        if let children = schema.pointee.children {
            for index in 0..<Int(schema.pointee.n_children) {
                if let child = children[index], let release = child.pointee.release { release(child) }
            }
        }
        if let dictionary = schema.pointee.dictionary, let release = dictionary.pointee.release { release(dictionary) }
        ExportBlock.release(schema.pointee.private_data)
        schema.pointee.release = nil
        schema.pointee.private_data = nil
    }
}
