import SluiceSupport
import SluiceArrow
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file with a header row as tables of at most `batchSize` rows, typed
/// without inference: the columns a model reads have the type it was trained on
/// (float64, int64 for integer features such as integer categories a one-hot encodes,
/// bool, or text), every other column is text passed through. An empty field is null.
/// Memory stays bounded by one batch however large the file is.
package final class CSVBatchReader {
    package let schema: ArrowTableSchema
    private let scanner: CSVRecordScanner
    private let batchSize: Int
    private let kinds: [ArrowDataType]
    private var row = 0
    private var done = false
    private var number: [CChar] = []

    /// `types` maps the column names to read as values to float64, int64 or bool (utf8: text).
    package init(path: String, types: [String: ArrowDataType], batchSize: Int) throws {
        precondition(batchSize > 0, "batch size must be positive")
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 0x09 : UInt8(ascii: ",")
        scanner = try CSVRecordScanner(path: path, delimiter: delimiter)
        guard try scanner.nextRecord() else {
            throw SluiceError(.predictEmptyCsv, at: path, "the file is empty: a CSV file needs a header row naming its columns")
        }
        let names = (0..<scanner.fields.count).map(scanner.fieldText)
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw SluiceError(.predictBadCsv, at: path, "the header names column '\(name)' twice; give every column its own name")
        }
        kinds = names.map { types[$0] ?? .utf8 }
        schema = ArrowTableSchema(zip(names, kinds).map { ArrowField($0, $1) })
        self.batchSize = batchSize
    }

    /// The next batch, or nil at the end of the file.
    package func nextBatch() throws -> ArrowRecordBatch? {
        guard !done else { return nil }
        var builders = kinds.map(ColumnBuilder.init)
        var rows = 0
        while rows < batchSize {
            guard try scanner.nextRecord() else {
                done = true
                break
            }
            row += 1
            guard scanner.fields.count == kinds.count else {
                throw SluiceError(.predictBadCsv, at: "\(scanner.path):\(scanner.line)",
                                  "this row has \(scanner.fields.count) fields but the header has \(kinds.count); quote fields that contain the delimiter")
            }
            for index in kinds.indices { try append(index, to: &builders[index]) }
            rows += 1
        }
        if rows == 0 { return nil }
        return try ArrowRecordBatch(length: rows, columns: builders.map { $0.build() })
    }

    private func append(_ index: Int, to builder: inout ColumnBuilder) throws {
        try scanner.withField(index) { field in
            guard !field.isEmpty else {
                builder.appendNull()
                return
            }
            switch builder.type {
            case .float64:
                guard let value = parseDouble(field) else {
                    throw SluiceError(.predictBadNumber, at: "\(scanner.path):\(scanner.line)",
                                      "column '\(schema.fields[index].name)' holds \"\(String(decoding: field.prefix(40), as: UTF8.self))\", which is not a number; the model reads it as a feature")
                }
                builder.append(value)
            case .int64:
                guard let value = parseInteger(field) else {
                    throw SluiceError(.predictBadNumber, at: "\(scanner.path):\(scanner.line)",
                                      "column '\(schema.fields[index].name)' holds \"\(String(decoding: field.prefix(40), as: UTF8.self))\", which is not a whole number; the model was trained on this column as int64")
                }
                builder.append(value)
            case .bool:
                switch String(decoding: field, as: UTF8.self).lowercased() {
                case "true", "1": builder.append(true)
                case "false", "0": builder.append(false)
                default:
                    throw SluiceError(.predictBadBool, at: "\(scanner.path):\(scanner.line)",
                                      "column '\(schema.fields[index].name)' holds \"\(String(decoding: field.prefix(40), as: UTF8.self))\"; the model reads it as a boolean (true/false or 1/0)")
                }
            default:
                builder.append(text: field)
            }
        }
    }

    /// The whole number in `field` (surrounding spaces and a sign allowed), or nil when
    /// it is not one or does not fit in 64 bits.
    private func parseInteger(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var bytes = field[...]
        while let first = bytes.first, first == 0x20 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 { bytes = bytes.dropLast() }
        let negative = bytes.first == UInt8(ascii: "-")
        if negative || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return nil }
        // Accumulated negatively: Int64.min has no positive counterpart.
        var value: Int64 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowMinus) = times.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowMinus else { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// The number in `field` (surrounding spaces allowed), or nil.
    private func parseDouble(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        var bytes = field[...]
        while let first = bytes.first, first == 0x20 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 { bytes = bytes.dropLast() }
        guard !bytes.isEmpty, bytes.count < 256 else { return nil }
        number.removeAll(keepingCapacity: true)
        for byte in bytes { number.append(CChar(bitPattern: byte)) }
        number.append(0)
        return number.withUnsafeBufferPointer { buffer -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == UnsafeMutablePointer(mutating: buffer.baseAddress! + bytes.count) else { return nil }
            return value
        }
    }
}
