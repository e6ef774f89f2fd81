import SluiceArrow
import SluicePlugins
import SluiceStore
import SluiceSupport

extension StageExample.Input {
    /// What the host hands the stage for this input: a one-batch table of nullable
    /// columns, or the bytes with their media type.
    package func portValue(example: String, port: String) throws(SluiceError) -> PortValue {
        switch self {
        case .bytes(let mediaType, let bytes):
            return .bytes(bytes.withUnsafeBytes { ByteBuffer(copying: $0) }, mediaType: mediaType)
        case .table(let columns):
            let values: [ArrowValues] = columns.map { column in
                switch column.values {
                case .float64(let list): .float64(list)
                case .int64(let list): .int64(list)
                case .utf8(let list): .utf8(list)
                case .bool(let list): .bool(list)
                }
            }
            do {
                let schema = ArrowTableSchema(zip(columns, values).map { ArrowField($0.name, $1.type) })
                return .table(try ArrowTable(schema: schema, batches: [ArrowRecordBatch(values)]))
            } catch {
                throw SluiceError(.conformanceBadExample, at: "\(example)/\(port)", "the example's table cannot be built: \(error)")
            }
        }
    }
}

extension StageExample {
    /// The example's inputs as the host hands them over.
    package func portValues() throws(SluiceError) -> [String: PortValue] {
        var values: [String: PortValue] = [:]
        for (port, input) in inputs {
            values[port] = try input.portValue(example: name, port: port)
        }
        return values
    }

    /// The first table among the inputs (a trainer's training table), for predicting.
    package func firstTable() throws(SluiceError) -> ArrowTable? {
        for (port, input) in inputs.sorted(by: { $0.key < $1.key }) {
            if case .table = input, case .table(let table) = try input.portValue(example: name, port: port) { return table }
        }
        return nil
    }
}
