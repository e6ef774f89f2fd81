import SluiceONNX

/// A protobuf encoder for tests: writes fields one at a time, in any order and either
/// encoding, so that tests can build the exact bytes a case needs (including bytes a
/// well-behaved writer would never produce).
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func rawVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func key(_ field: Int, wireType: UInt8) {
        rawVarint(UInt64(field) << 3 | UInt64(wireType))
    }

    mutating func varint(_ field: Int, _ value: UInt64) {
        key(field, wireType: 0)
        rawVarint(value)
    }

    mutating func int(_ field: Int, _ value: Int64) { varint(field, UInt64(bitPattern: value)) }

    mutating func fixed32(_ field: Int, _ value: UInt32) {
        key(field, wireType: 5)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func fixed64(_ field: Int, _ value: UInt64) {
        key(field, wireType: 1)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func float(_ field: Int, _ value: Float) { fixed32(field, value.bitPattern) }

    mutating func bytes(_ field: Int, _ payload: [UInt8]) {
        key(field, wireType: 2)
        rawVarint(UInt64(payload.count))
        bytes += payload
    }

    mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        build(&inner)
        bytes(field, inner.bytes)
    }

    mutating func packedVarints(_ field: Int, _ values: [UInt64]) {
        var inner = ProtoWriter()
        for value in values { inner.rawVarint(value) }
        bytes(field, inner.bytes)
    }

    mutating func packedFixed32s(_ field: Int, _ values: [UInt32]) {
        bytes(field, values.flatMap { ModelWriter.littleEndian(UInt64($0), width: 4) })
    }

    mutating func packedFixed64s(_ field: Int, _ values: [UInt64]) {
        bytes(field, values.flatMap { ModelWriter.littleEndian($0, width: 8) })
    }
}

/// Builds ONNX messages (field numbers of onnx.proto) for tests. Each function returns a
/// message's bytes; messages nest by passing those bytes on.
enum ModelWriter {
    enum Packing { case packed, unpacked }

    /// A dimension of a declared shape.
    enum Dim: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        case value(Int64), param(String), none
        init(integerLiteral value: Int64) { self = .value(value) }
        init(stringLiteral value: String) { self = .param(value) }
    }

    static func model(
        irVersion: Int64 = 8,
        opsets: [(domain: String, version: Int64)] = [("", 17), ("ai.onnx.ml", 3)],
        producerName: String = "sluice-tests",
        producerVersion: String = "0.1",
        metadata: [(key: String, value: String)] = [],
        graph: [UInt8]?,
        extra: (inout ProtoWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var writer = ProtoWriter()
        writer.int(1, irVersion)
        writer.string(2, producerName)
        writer.string(3, producerVersion)
        if let graph { writer.bytes(7, graph) }
        for (domain, version) in opsets {
            writer.message(8) { opset in
                opset.string(1, domain)
                opset.int(2, version)
            }
        }
        for (key, value) in metadata {
            writer.message(14) { entry in
                entry.string(1, key)
                entry.string(2, value)
            }
        }
        extra(&writer)
        return writer.bytes
    }

    static func graph(
        name: String = "test-graph",
        nodes: [[UInt8]] = [],
        initializers: [[UInt8]] = [],
        inputs: [[UInt8]] = [],
        outputs: [[UInt8]] = [],
        valueInfo: [[UInt8]] = [],
        extra: (inout ProtoWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var writer = ProtoWriter()
        for node in nodes { writer.bytes(1, node) }
        writer.string(2, name)
        for initializer in initializers { writer.bytes(5, initializer) }
        for input in inputs { writer.bytes(11, input) }
        for output in outputs { writer.bytes(12, output) }
        for info in valueInfo { writer.bytes(13, info) }
        extra(&writer)
        return writer.bytes
    }

    static func node(
        _ opType: String,
        inputs: [String],
        outputs: [String],
        name: String = "",
        domain: String = "",
        attributes: [[UInt8]] = [],
        extra: (inout ProtoWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var writer = ProtoWriter()
        for input in inputs { writer.string(1, input) }
        for output in outputs { writer.string(2, output) }
        if !name.isEmpty { writer.string(3, name) }
        writer.string(4, opType)
        for attribute in attributes { writer.bytes(5, attribute) }
        if !domain.isEmpty { writer.string(7, domain) }
        extra(&writer)
        return writer.bytes
    }

    // MARK: Types

    /// A ValueInfoProto of a tensor; `dims` nil leaves the shape out.
    static func tensorValue(_ name: String, _ element: ElementType, _ dims: [Dim]?) -> [UInt8] {
        valueInfo(name) { type in
            type.message(1) { tensor in
                tensor.varint(1, UInt64(element.rawValue))
                if let dims { tensor.message(2) { shape in writeShape(&shape, dims) } }
            }
        }
    }

    /// seq(map(key, tensor(value))), the type of ZipMap's output.
    static func sequenceOfMapsValue(_ name: String, key: ElementType, value: ElementType) -> [UInt8] {
        valueInfo(name) { type in
            type.message(4) { sequence in
                sequence.message(1) { element in
                    element.message(5) { map in
                        map.varint(1, UInt64(key.rawValue))
                        map.message(2) { valueType in
                            valueType.message(1) { tensor in tensor.varint(1, UInt64(value.rawValue)) }
                        }
                    }
                }
            }
        }
    }

    /// A ValueInfoProto whose TypeProto the caller writes.
    static func valueInfo(_ name: String, type: ((inout ProtoWriter) -> Void)? = nil) -> [UInt8] {
        var writer = ProtoWriter()
        writer.string(1, name)
        if let type { writer.message(2, type) }
        return writer.bytes
    }

    private static func writeShape(_ shape: inout ProtoWriter, _ dims: [Dim]) {
        for dim in dims {
            shape.message(1) { dimension in
                switch dim {
                case .value(let size): dimension.int(1, size)
                case .param(let name): dimension.string(2, name)
                case .none: break
                }
            }
        }
    }

    // MARK: Tensors

    /// A TensorProto; `values` writes the value fields.
    static func tensor(name: String = "", _ element: ElementType, dims: [Int64], values: (inout ProtoWriter) -> Void) -> [UInt8] {
        var writer = ProtoWriter()
        for dim in dims { writer.int(1, dim) }
        writer.varint(2, UInt64(element.rawValue))
        values(&writer)
        if !name.isEmpty { writer.string(8, name) }
        return writer.bytes
    }

    static func floatTensor(name: String = "", dims: [Int64], _ values: [Float], packing: Packing = .packed) -> [UInt8] {
        tensor(name: name, .float, dims: dims) { writer in
            switch packing {
            case .packed: writer.packedFixed32s(4, values.map(\.bitPattern))
            case .unpacked: for value in values { writer.float(4, value) }
            }
        }
    }

    static func doubleTensor(name: String = "", dims: [Int64], _ values: [Double], packing: Packing = .packed) -> [UInt8] {
        tensor(name: name, .double, dims: dims) { writer in
            switch packing {
            case .packed: writer.packedFixed64s(10, values.map(\.bitPattern))
            case .unpacked: for value in values { writer.fixed64(10, value.bitPattern) }
            }
        }
    }

    static func int64Tensor(name: String = "", dims: [Int64], _ values: [Int64], packing: Packing = .packed) -> [UInt8] {
        tensor(name: name, .int64, dims: dims) { writer in
            varints(&writer, 7, values.map { UInt64(bitPattern: $0) }, packing)
        }
    }

    /// Tensors of the types onnx.proto stores in int32_data (int8/16/32, uint8/16, bool, float16).
    static func int32DataTensor(name: String = "", _ element: ElementType, dims: [Int64], _ values: [Int32], packing: Packing = .packed) -> [UInt8] {
        tensor(name: name, element, dims: dims) { writer in
            // int32 is sign-extended to 64 bits on the wire.
            varints(&writer, 5, values.map { UInt64(bitPattern: Int64($0)) }, packing)
        }
    }

    static func uint64Tensor(name: String = "", _ element: ElementType = .uint64, dims: [Int64], _ values: [UInt64], packing: Packing = .packed) -> [UInt8] {
        tensor(name: name, element, dims: dims) { writer in varints(&writer, 11, values, packing) }
    }

    static func stringTensor(name: String = "", dims: [Int64], _ values: [String]) -> [UInt8] {
        tensor(name: name, .string, dims: dims) { writer in
            for value in values { writer.string(6, value) }
        }
    }

    static func rawTensor(name: String = "", _ element: ElementType, dims: [Int64], raw: [UInt8]) -> [UInt8] {
        tensor(name: name, element, dims: dims) { writer in writer.bytes(9, raw) }
    }

    static func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }

    private static func varints(_ writer: inout ProtoWriter, _ field: Int, _ values: [UInt64], _ packing: Packing) {
        switch packing {
        case .packed: writer.packedVarints(field, values)
        case .unpacked: for value in values { writer.varint(field, value) }
        }
    }

    // MARK: Attributes

    enum AttributeValue {
        case float(Float), int(Int64), string(String), tensor([UInt8]), graph([UInt8])
        case floats([Float]), ints([Int64]), strings([String]), tensors([[UInt8]])

        /// AttributeProto.AttributeType.
        var typeCode: UInt64 {
            switch self {
            case .float: 1
            case .int: 2
            case .string: 3
            case .tensor: 4
            case .graph: 5
            case .floats: 6
            case .ints: 7
            case .strings: 8
            case .tensors: 9
            }
        }
    }

    /// An AttributeProto; `typed: false` leaves out the type field, as IR version 1 did.
    static func attribute(_ name: String, _ value: AttributeValue, typed: Bool = true, packing: Packing = .packed) -> [UInt8] {
        var writer = ProtoWriter()
        writer.string(1, name)
        switch value {
        case .float(let v): writer.float(2, v)
        case .int(let v): writer.int(3, v)
        case .string(let v): writer.string(4, v)
        case .tensor(let v): writer.bytes(5, v)
        case .graph(let v): writer.bytes(6, v)
        case .floats(let v):
            switch packing {
            case .packed: writer.packedFixed32s(7, v.map(\.bitPattern))
            case .unpacked: for item in v { writer.float(7, item) }
            }
        case .ints(let v): varints(&writer, 8, v.map { UInt64(bitPattern: $0) }, packing)
        case .strings(let v): for item in v { writer.string(9, item) }
        case .tensors(let v): for item in v { writer.bytes(10, item) }
        }
        if typed { writer.varint(20, value.typeCode) }
        return writer.bytes
    }
}
