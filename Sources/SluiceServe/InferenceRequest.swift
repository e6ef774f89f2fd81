import SluiceArrow
import SluiceSupport


/// An Open Inference Protocol (v2) inference request, decoded straight into the
/// model's feature columns:
///
///     {"id": "r1", "inputs": [{"name": "x", "shape": [2], "datatype": "FP64", "data": [1.5, 2]}, ...]}
///
/// One tensor of shape [n] (or [n, 1]) per feature, named after it, with datatype
/// FP64/FP32/FP16, INT8…INT64, UINT8…UINT64, BOOL or BYTES (strings). A single
/// tensor of shape [n, K] with the K features in the model's order is accepted too.
/// `data` may be flat (row-major) or nested. `parameters` and `outputs` are read
/// and ignored: the server always returns every output.
struct InferenceRequest {
    var id: String?
    var table: ArrowTable

    private struct Tensor {
        var name: String?
        var shape: [Int]?
        var datatype: String?
        var data: ColumnBuilder
    }

    static func decode(_ body: UnsafeRawBufferPointer, features: FeatureSchema) throws(ServeError) -> InferenceRequest {
        var reader = JSONReader(body)
        var id: String?
        var tensors: [Tensor]?
        guard reader.peek() == UInt8(ascii: "{") else {
            throw .badRequest("wrong-format", "the body must be a JSON object with \"inputs\": a list of named tensors, one per feature (\(features.listed))")
        }
        try reader.readObject { (reader, key) throws(ServeError) in
            switch key {
            case "id":
                guard case .string(let text) = try reader.readScalar() else { throw .badRequest("wrong-format", "\"id\" must be a string") }
                id = text
            case "inputs":
                var list: [Tensor] = []
                try reader.readArray { (reader, index) throws(ServeError) in list.append(try readTensor(&reader, index: index)) }
                tensors = list
            default:
                try reader.skipValue()
            }
        }
        try reader.expectEnd()
        guard let tensors, !tensors.isEmpty else {
            throw .badRequest("wrong-format", "the request has no \"inputs\": give one tensor per feature (\(features.listed))")
        }
        return InferenceRequest(id: id, table: try table(tensors, features: features))
    }

    private static func readTensor(_ reader: inout JSONReader, index: Int) throws(ServeError) -> Tensor {
        var tensor = Tensor(data: ColumnBuilder(what: "input \(index)"))
        try reader.readObject { (reader, key) throws(ServeError) in
            switch key {
            case "name":
                guard case .string(let name) = try reader.readScalar() else { throw .badRequest("wrong-format", "inputs[\(index)].name must be a string") }
                tensor.name = name
            case "datatype":
                guard case .string(let type) = try reader.readScalar() else { throw .badRequest("wrong-format", "inputs[\(index)].datatype must be a string") }
                tensor.datatype = type
            case "shape":
                var shape: [Int] = []
                try reader.readArray { (reader, _) throws(ServeError) in
                    guard case .number(_, let integer?) = try reader.readScalar(), integer >= 0, integer <= Int64(Int32.max) else {
                        throw .badRequest("wrong-shape", "inputs[\(index)].shape must be a list of non-negative integers")
                    }
                    shape.append(Int(integer))
                }
                tensor.shape = shape
            case "data":
                try readData(&reader, into: &tensor.data, place: "inputs[\(index)].data", depth: 0)
            default:
                try reader.skipValue()
            }
        }
        return tensor
    }

    /// Appends the scalars of `data`, flat or nested, in row-major order.
    private static func readData(_ reader: inout JSONReader, into column: inout ColumnBuilder, place: String, depth: Int) throws(ServeError) {
        guard depth < 8 else { throw .badRequest("wrong-shape", "\(place) is nested too deeply") }
        guard reader.peek() == UInt8(ascii: "[") else {
            throw .badRequest("wrong-format", "\(place) must be a list of values, not \(reader.nextKind())")
        }
        try reader.readArray { (reader, _) throws(ServeError) in
            if reader.peek() == UInt8(ascii: "[") {
                try readData(&reader, into: &column, place: place, depth: depth + 1)
            } else {
                let count = column.count
                try column.append(try reader.readScalar(), at: "\(place)[\(count)]")
            }
        }
    }

    private static func table(_ tensors: [Tensor], features: FeatureSchema) throws(ServeError) -> ArrowTable {
        var columns: [(name: String, builder: ColumnBuilder)] = []
        for (index, tensor) in tensors.enumerated() {
            guard let name = tensor.name else { throw .badRequest("wrong-format", "inputs[\(index)] has no \"name\"") }
            guard let shape = tensor.shape else { throw .badRequest("wrong-shape", "input '\(name)' has no \"shape\"") }
            guard let datatype = tensor.datatype else { throw .badRequest("wrong-format", "input '\(name)' has no \"datatype\"") }
            let elements = shape.reduce(1, *)
            guard elements == tensor.data.count else {
                throw .badRequest("wrong-shape", "input '\(name)' has shape \(shape), so \(elements) values, but its data holds \(tensor.data.count)")
            }
            try check(datatype, of: tensor.data, name: name)
            let renamed = tensor.data.renamed("feature '\(name)'")
            switch shape.count {
            case 1:
                columns.append((name, renamed))
            case 2 where shape[1] == 1:
                columns.append((name, renamed))
            case 2 where tensors.count == 1 && shape[1] == features.fields.count && features.position(of: name) == nil:
                return try features.table(split(tensor.data, rows: shape[0], features: features))
            default:
                throw .badRequest("wrong-shape", "input '\(name)' has shape \(shape): send one tensor of shape [n] per feature, or one tensor of shape [n, \(features.fields.count)] holding the features in order (\(features.listed))")
            }
        }
        return try features.table(columns)
    }

    /// The columns of a row-major [rows, K] tensor, one per feature in order.
    private static func split(_ data: ColumnBuilder, rows: Int, features: FeatureSchema) throws(ServeError) -> [(name: String, builder: ColumnBuilder)] {
        let width = features.fields.count
        var columns = features.names.map { (name: $0, builder: ColumnBuilder(what: "feature '\($0)'", reservingCapacity: rows)) }
        let values = data.scalars
        for (index, value) in values.enumerated() {
            try columns[index % width].builder.append(value, at: "row \(index / width)")
        }
        return columns
    }

    /// Checks the data against the declared datatype.
    private static func check(_ datatype: String, of data: ColumnBuilder, name: String) throws(ServeError) {
        let expected: ColumnBuilder.Kind
        switch datatype {
        case "FP64", "FP32", "FP16": expected = .number
        case "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64":
            guard data.kind != .number || data.allIntegers else {
                throw .badRequest("wrong-type", "input '\(name)' is \(datatype) but holds a number that is not an integer")
            }
            expected = .number
        case "BOOL": expected = .bool
        case "BYTES": expected = .string
        default:
            throw .badRequest("wrong-type", "input '\(name)' has datatype '\(datatype)'; use FP64, FP32, INT64, INT32, BOOL or BYTES")
        }
        guard data.kind == expected || data.kind == .unknown else {
            throw .badRequest("wrong-type", "input '\(name)' is \(datatype) but its data holds \(data.kind.rawValue)")
        }
    }
}
