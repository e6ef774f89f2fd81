/// One dictionary per dictionary column, shared by all its chunks: the IPC file format
/// cannot replace a dictionary between batches, so chunks whose dictionaries differ are
/// re-encoded against the union of their categories.
package struct ArrowIPCDictionaryPlan {
    /// Per column index: the dictionary to write (dictionary columns only).
    private(set) var dictionaries: [Int: ArrowArrayData] = [:]
    /// The batches, with chunks re-encoded where needed.
    private(set) var batches: [ArrowRecordBatch]

    package init(_ table: ArrowTable) throws {
        batches = table.batches
        for (column, field) in table.schema.fields.enumerated() {
            guard case .dictionary(let ordered) = field.type else { continue }
            let chunks = batches.map { $0.columns[column] }
            let dictionaries = chunks.compactMap(\.dictionary)
            guard let first = dictionaries.first else {
                self.dictionaries[column] = try ArrowArrayData(.utf8([]))
                continue
            }
            if dictionaries.allSatisfy({ $0 === first || $0.hasSameStrings(as: first) }) {
                self.dictionaries[column] = first
                continue
            }
            let (union, recoded) = try Self.unify(chunks, ordered: ordered)
            self.dictionaries[column] = union
            for (number, chunk) in recoded.enumerated() {
                var columns = batches[number].columns
                columns[column] = chunk
                batches[number] = try ArrowRecordBatch(length: batches[number].length, columns: columns)
            }
        }
    }

    /// The categories of all chunks in order of first appearance, and each chunk
    /// re-encoded against them. A null category becomes a null slot.
    private static func unify(_ chunks: [ArrowArrayData], ordered: Bool) throws -> (ArrowArrayData, [ArrowArrayData]) {
        var categories: [String?] = []
        var positions: [String: Int32] = [:]
        var recodedIndices: [[Int32?]] = []
        for chunk in chunks {
            guard let dictionary = chunk.dictionary, case .utf8(let names) = dictionary.swiftValues else { continue }
            let mapping: [Int32?] = names.map { name in
                guard let name else { return nil }
                if let known = positions[name] { return known }
                positions[name] = Int32(categories.count)
                categories.append(name)
                return Int32(categories.count - 1)
            }
            recodedIndices.append(chunk.values.withValues(as: Int32.self, count: chunk.length) { indices in
                (0..<chunk.length).map { chunk.isValid($0) ? mapping[Int(indices[$0])] : nil }
            })
        }
        let recoded = try recodedIndices.map { try ArrowArrayData.dictionary(indices: $0, categories: categories, ordered: ordered) }
        return (try recoded.first?.dictionary ?? ArrowArrayData(.utf8([])), recoded.map {
            // All chunks share the first one's dictionary object, so it is written once.
            ArrowArrayData(unchecked: $0.type, length: $0.length, nullCount: $0.nullCount, validity: $0.validity,
                           offsets: nil, values: $0.values, dictionary: recoded.first?.dictionary)
        })
    }
}

extension ArrowArrayData {
    /// Whether two utf8 arrays hold the same strings and nulls (byte for byte).
    package func hasSameStrings(as other: ArrowArrayData) -> Bool {
        guard type == .utf8, other.type == .utf8, length == other.length, nullCount == other.nullCount else { return false }
        return swiftValues == other.swiftValues
    }
}
