/// One chunk of one column: Arrow's array layout, buffer by buffer, exactly as the IPC
/// body and the C Data Interface hold it (offset 0, no slicing).
///
/// Immutable, so chunks can be shared between batches, tables and threads. Every
/// instance has been validated: the buffers are long enough for `length`, utf8 offsets
/// rise and stay inside the values, dictionary indices point into the dictionary. So
/// reading any slot never traps, whatever file the array came from.
package final class ArrowArrayData: Sendable {
    package let type: ArrowDataType
    /// The number of slots.
    package let length: Int
    /// The number of null slots.
    package let nullCount: Int
    /// One bit per slot, least significant bit first, 1 = valid. Nil when there are no nulls.
    package let validity: ArrowBuffer?
    /// For utf8: `length + 1` int32 offsets into `values`. Nil for other types.
    package let offsets: ArrowBuffer?
    /// The values: fixed-width numbers, bit-packed booleans, int32 dictionary indices,
    /// or the UTF-8 bytes of utf8 strings.
    package let values: ArrowBuffer
    /// For `.dictionary`: the utf8 array the indices point into.
    package let dictionary: ArrowArrayData?

    /// An array from its buffers, checked: throws `arrow.invalid` when they do not fit.
    package convenience init(
        type: ArrowDataType, length: Int, nullCount: Int, validity: ArrowBuffer?,
        offsets: ArrowBuffer? = nil, values: ArrowBuffer, dictionary: ArrowArrayData? = nil
    ) throws {
        if let problem = ArrowArrayData.problem(
            type: type, length: length, nullCount: nullCount, validity: validity,
            offsets: offsets, values: values, dictionary: dictionary
        ) {
            throw ArrowError.invalid(problem)
        }
        self.init(unchecked: type, length: length, nullCount: nullCount, validity: validity,
                  offsets: offsets, values: values, dictionary: dictionary)
    }

    /// An array whose buffers the caller has just built to fit, or has passed to `problem`.
    package init(
        unchecked type: ArrowDataType, length: Int, nullCount: Int, validity: ArrowBuffer?,
        offsets: ArrowBuffer?, values: ArrowBuffer, dictionary: ArrowArrayData?
    ) {
        self.type = type
        self.length = length
        self.nullCount = nullCount
        self.validity = nullCount == 0 ? nil : validity
        self.offsets = offsets
        self.values = values
        self.dictionary = dictionary
    }

    /// The buffers in Arrow's layout order: validity, then values, or validity, offsets,
    /// values for utf8. The order of an IPC body and of `ArrowArray.buffers`.
    package var layoutBuffers: [ArrowBuffer?] {
        type == .utf8 ? [validity, offsets, values] : [validity, values]
    }

    /// Whether slot `index` holds a value. `index` must be in `0..<length`.
    @inline(__always)
    package func isValid(_ index: Int) -> Bool {
        guard let validity else { return true }
        let byte = validity.baseAddress.load(fromByteOffset: index >> 3, as: UInt8.self)
        return byte & (1 << UInt8(index & 7)) != 0
    }
}
