/// Dictionary batches: replacing a dictionary, or extending it with a delta.
package enum ArrowIPCDictionaries {
    package static func apply(_ values: ArrowArrayData, isDelta: Bool, to current: ArrowArrayData?) throws -> ArrowArrayData {
        guard isDelta, let current, current.length > 0 else { return values }
        // Deltas are rare (pyarrow writes them only when asked): decoding and rebuilding is plain and enough.
        guard case .utf8(let old) = current.swiftValues, case .utf8(let new) = values.swiftValues else { return values }
        return try ArrowArrayData(.utf8(old + new))
    }
}
