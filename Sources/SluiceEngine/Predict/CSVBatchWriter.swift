import SluiceArrow
/// Writes tables batch by batch as CSV (RFC 4180: a field is quoted only when it holds
/// the delimiter, a quote or a line break, with quotes doubled; lines end in LF).
/// Numbers are written in the shortest form that reads back to the same float64, nulls
/// as empty fields. Through a temporary file renamed into place on `finish`.
package final class CSVBatchWriter {
    private let sink: AtomicFileSink
    private let delimiter: UInt8
    private var line: [UInt8] = []

    package init(path: String, columns: [String]) throws {
        sink = try AtomicFileSink(path: path)
        delimiter = path.lowercased().hasSuffix(".tsv") ? 0x09 : UInt8(ascii: ",")
        for (index, name) in columns.enumerated() {
            if index > 0 { line.append(delimiter) }
            appendText(Array(name.utf8))
        }
        line.append(0x0A)
        try flush()
    }

    package func append(_ batch: ArrowRecordBatch) throws {
        for row in 0..<batch.length {
            for (index, column) in batch.columns.enumerated() {
                if index > 0 { line.append(delimiter) }
                appendValue(column, row)
            }
            line.append(0x0A)
            if line.count >= 1 << 20 { try flush() }
        }
        try flush()
    }

    package func finish() throws {
        try flush()
        try sink.commit()
    }

    private func flush() throws {
        try sink.write(line)
        line.removeAll(keepingCapacity: true)
    }

    private func appendValue(_ column: ArrowArrayData, _ row: Int) {
        guard column.isValid(row) else { return }
        switch column.type {
        case .float64:
            let value = column.values.withValues(as: Double.self, count: column.length) { $0[row] }
            line.append(contentsOf: value.description.utf8)
        case .float32:
            let value = column.values.withValues(as: Float.self, count: column.length) { $0[row] }
            line.append(contentsOf: value.description.utf8)
        case .int64:
            line.append(contentsOf: String(column.values.withValues(as: Int64.self, count: column.length) { $0[row] }).utf8)
        case .int32:
            line.append(contentsOf: String(column.values.withValues(as: Int32.self, count: column.length) { $0[row] }).utf8)
        case .bool:
            let bit = column.values.withUnsafeBytes { $0[row >> 3] & (1 << UInt8(row & 7)) != 0 }
            line.append(contentsOf: (bit ? "true" : "false").utf8)
        case .utf8:
            appendText(column, row)
        case .dictionary:
            guard let dictionary = column.dictionary else { return }
            let code = Int(column.values.withValues(as: Int32.self, count: column.length) { $0[row] })
            if dictionary.isValid(code) { appendText(dictionary, code) }
        }
    }

    private func appendText(_ column: ArrowArrayData, _ row: Int) {
        column.offsets!.withValues(as: Int32.self, count: column.length + 1) { offsets in
            column.values.withUnsafeBytes { bytes in
                appendText(UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[row])..<Int(offsets[row + 1])]))
            }
        }
    }

    private func appendText<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let needsQuotes = bytes.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            line.append(contentsOf: bytes)
            return
        }
        line.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }
}
