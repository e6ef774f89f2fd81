/// One line of the prediction log: one request (see Sources/SluiceServe/PredictionLog.md).
/// A class: entries pass through several lists on their way to the tables, and a
/// struct of this many references costs a retain per field at every copy.
final class LogEntry {
    /// One column of the request, values in row order.
    struct Values {
        let name: String
        let values: [LogValue]
    }

    /// As written (RFC 3339), and as seconds since 1970 for the window.
    let time: String
    let seconds: Double
    let version: String
    let endpoint: String?
    let requestID: String?
    let rows: Int
    let inputs: [Values]
    let outputs: [Values]

    init(time: String, seconds: Double, version: String, endpoint: String?, requestID: String?, rows: Int, inputs: [Values], outputs: [Values]) {
        self.time = time
        self.seconds = seconds
        self.version = version
        self.endpoint = endpoint
        self.requestID = requestID
        self.rows = rows
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Reads one line. Fields the format may add later are skipped; the ones this
    /// reader needs must be there with the right type, and every column must hold
    /// `rows` values.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(LogLineError) -> LogEntry {
        var scanner = LogLineReader(UnsafeRawBufferPointer(line))
        var time: String?, version: String?, endpoint: String?, requestID: String?, rows: Double?
        var inputs: [Values]?, outputs: [Values]?
        try scanner.readObject { (scanner, key) throws(LogLineError) in
            switch key {
            case "time": time = try text(&scanner, key)
            case "version": version = try text(&scanner, key)
            case "endpoint": endpoint = try text(&scanner, key)
            case "request_id": requestID = try optionalText(&scanner, key)
            case "rows":
                guard case .number(let value, _) = try scanner.readScalar() else { throw LogLineError("'rows' is not a number") }
                rows = value
            case "inputs": inputs = try columns(&scanner, key)
            case "outputs": outputs = try columns(&scanner, key)
            default: try scanner.skipValue()
            }
        }
        guard scanner.peek() == nil else { throw LogLineError("the line goes on after its JSON object") }

        guard let time else { throw missing("time") }
        guard let version else { throw missing("version") }
        guard let rows else { throw missing("rows") }
        guard let inputs else { throw missing("inputs") }
        guard let outputs else { throw missing("outputs") }
        guard let seconds = RFC3339.seconds(time) else {
            throw LogLineError("'time' is \"\(time)\", not an RFC 3339 timestamp such as 2026-11-26T18:04:05.123Z")
        }
        guard rows >= 0, rows == rows.rounded(), rows < Double(Int32.max) else {
            throw LogLineError("'rows' is \(rows), not a count of rows")
        }
        let count = Int(rows)
        for (field, columns) in [("inputs", inputs), ("outputs", outputs)] {
            if let uneven = columns.first(where: { $0.values.count != count }) {
                throw LogLineError("'\(field).\(uneven.name)' has \(uneven.values.count) value(s) but 'rows' is \(count)")
            }
        }
        if let both = inputs.first(where: { input in outputs.contains { $0.name == input.name } }) {
            throw LogLineError("'\(both.name)' is both an input and an output column")
        }
        return LogEntry(time: time, seconds: seconds, version: version, endpoint: endpoint, requestID: requestID,
                        rows: count, inputs: inputs, outputs: outputs)
    }

    private static func text(_ scanner: inout LogLineReader, _ key: String) throws(LogLineError) -> String {
        guard case .string(let value) = try scanner.readScalar() else { throw LogLineError("'\(key)' is not a string") }
        return value
    }

    private static func optionalText(_ scanner: inout LogLineReader, _ key: String) throws(LogLineError) -> String? {
        switch try scanner.readScalar() {
        case .string(let value): return value
        case .null: return nil
        default: throw LogLineError("'\(key)' is not a string")
        }
    }

    /// `{"name": [values...], ...}` in the order written.
    private static func columns(_ scanner: inout LogLineReader, _ key: String) throws(LogLineError) -> [Values] {
        var columns: [Values] = []
        try scanner.readObject { (scanner, name) throws(LogLineError) in
            var values: [LogValue] = []
            do throws(LogLineError) {
                try scanner.readArray { (element, _) throws(LogLineError) in values.append(LogValue(try element.readScalar())) }
            } catch {
                throw LogLineError("'\(key).\(name)': \(error.message)")
            }
            if columns.contains(where: { $0.name == name }) { throw LogLineError("'\(key)' names the column '\(name)' twice") }
            columns.append(Values(name: name, values: values))
        }
        return columns
    }

    private static func missing(_ field: String) -> LogLineError {
        LogLineError("the field '\(field)' is missing")
    }
}
