import SluiceKit

/// Reads a JSON Lines file: one flat JSON object per line; the keys are the columns (the
/// union of all keys, in first-seen order; a missing key is null). Values are numbers,
/// strings, booleans or null; a nested object or array is an error naming the line and
/// key (unless that key is left out by `columns` / `drop`). `null_values` does not apply:
/// JSON has its own null.
struct JSONLinesReader {
    let options: LoadOptions
    let host: HostServices

    /// One JSON value of a column.
    enum Scalar {
        case int(Int64)
        case double(Double)
        case string(String)
        case bool(Bool)
    }

    /// The values of one key, one per line (nil: null or missing), and the first line
    /// where each kind of value appeared (for messages).
    struct ColumnValues {
        var values: [Scalar?] = []
        var firstNumber: Int?
        var firstString: Int?
        var firstBool: Int?
        var hasDouble = false
    }

    func read() throws -> Table {
        let file = try MappedFile(path: options.path, shown: options.shownPath)
        let base = file.base
        var offset = 0
        if file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { offset = 3 }
        let end = file.count
        var names: [String] = []
        var index: [String: Int] = [:]
        var columns: [ColumnValues] = []
        var rows = 0
        var lineNumber = 0
        let ignored: (String) -> Bool = { key in
            options.drop.contains(key) || (options.columns.map { !$0.contains(key) } ?? false)
        }
        let limit = options.maxRows ?? Int.max
        while offset < end && rows < limit {
            lineNumber += 1
            let lineEnd = memchr(base + offset, 0x0A, end - offset).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
            let line = UnsafeBufferPointer(start: base + offset, count: (lineEnd > offset && base[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd) - offset)
            let lineStart = offset
            offset = lineEnd + 1
            // The reader would replace bytes that are not UTF-8; a loader must say where they are.
            if let bad = UTF8Check.firstInvalid(line) {
                throw StageError.invalidInput(
                    "\(options.shownPath):\(lineNumber): byte \(hex(line[bad])) at byte offset \(lineStart + bad) is not UTF-8. Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)")
            }
            var reader = LineReader(UnsafeRawBufferPointer(line))
            guard let first = reader.peek() else { continue }  // blank line
            var seen = Set<Int>()
            do throws(JSONLineError) {
                guard first == UInt8(ascii: "{") else {
                    throw JSONLineError("the line is not a JSON object (it must start with '{'). Write one object per line")
                }
                try reader.readObject { (reader, key) throws(JSONLineError) in
                    let value = ignored(key) ? try reader.skipping() : try reader.flatValue(key: key)
                    let column: Int
                    if let known = index[key] {
                        column = known
                    } else {
                        column = names.count
                        index[key] = column
                        names.append(key)
                        columns.append(ColumnValues(values: [Scalar?](repeating: nil, count: rows)))
                    }
                    guard seen.insert(column).inserted else {
                        throw JSONLineError("key '\(key)' appears twice in the object. Keep one")
                    }
                    columns[column].values.append(value)
                    switch value {
                    case .int?: if columns[column].firstNumber == nil { columns[column].firstNumber = lineNumber }
                    case .double?:
                        if columns[column].firstNumber == nil { columns[column].firstNumber = lineNumber }
                        columns[column].hasDouble = true
                    case .string?: if columns[column].firstString == nil { columns[column].firstString = lineNumber }
                    case .bool?: if columns[column].firstBool == nil { columns[column].firstBool = lineNumber }
                    case nil: break
                    }
                }
                try reader.expectEnd()
            } catch {
                throw StageError.invalidInput("\(options.shownPath):\(lineNumber): \(error.message)")
            }
            rows += 1
            for column in columns.indices where columns[column].values.count == rows - 1 { columns[column].values.append(nil) }
            if rows % 16_384 == 0 {
                try host.checkCancellation()
                if file.count >= 16 << 20 { host.progress(Double(offset) / Double(end), nil) }
            }
        }
        if rows == 0 && names.isEmpty {
            throw StageError.invalidInput("\(options.shownPath) is empty; a JSON Lines file needs one JSON object per line")
        }

        let selection = try ColumnSelection(names: names, options: options)
        var built: [Column] = []
        for position in selection.output {
            var declared: DeclaredType?
            if case .declared(let type) = selection.plans[position] { declared = type }
            built.append(try column(names[position], columns[position], declared: declared, rows: rows))
            columns[position].values = []
        }
        var metadata: [String: String] = [:]
        if let target = options.target { metadata[Table.targetKey] = target }
        return try Table(built, metadata: metadata)
    }

    private func column(_ name: String, _ data: ColumnValues, declared: DeclaredType?, rows: Int) throws -> Column {
        func mixed(_ first: (String, Int), _ second: (String, Int)) -> StageError {
            .invalidInput(
                "\(options.shownPath): key '\(name)' holds \(first.0) (line \(first.1)) and \(second.0) (line \(second.1)). "
                    + "Give it one type in `types`, e.g. types: {\(name): string}")
        }
        func wrong(_ value: Scalar, _ type: DeclaredType) -> StageError {
            let line = lineOf(data, value) ?? 0
            return .invalidInput(
                "\(options.shownPath):\(line): key '\(name)': \(describe(value)) is not \(type == .int64 ? "an" : "a") \(type.rawValue), the type `types` gives it. "
                    + "Fix the value or change the type in `types`")
        }
        let type: DeclaredType
        if let declared {
            type = declared
        } else {
            let kinds = [data.firstNumber.map { ("numbers", $0) }, data.firstString.map { ("strings", $0) }, data.firstBool.map { ("booleans", $0) }]
                .compactMap { $0 }.sorted { $0.1 < $1.1 }
            if kinds.count > 1 { throw mixed(kinds[0], kinds[1]) }
            if data.firstString != nil {
                type = .string
            } else if data.firstBool != nil {
                type = .bool
            } else if data.firstNumber != nil {
                type = data.hasDouble ? .float64 : .int64
            } else {
                type = .float64  // only nulls
            }
        }
        switch type {
        case .float64:
            return Column(name, doubles: try data.values.map { value -> Double? in
                switch value {
                case nil: return nil
                case .int(let number): return Double(number)
                case .double(let number): return number
                case .string(let text):
                    guard let number = text.utf8.withContiguousStorageIfAvailable({ NumberParser.double($0.baseAddress!, $0.baseAddress! + $0.count) }) ?? nil else {
                        throw wrong(value!, type)
                    }
                    return number
                case .bool: throw wrong(value!, type)
                }
            })
        case .int64:
            return Column(name, int64s: try data.values.map { value -> Int64? in
                switch value {
                case nil: return nil
                case .int(let number): return number
                case .double(let number):
                    guard number.rounded() == number, let exact = Int64(exactly: number) else { throw wrong(value!, type) }
                    return exact
                default: throw wrong(value!, type)
                }
            })
        case .bool:
            return Column(name, bools: try data.values.map { value -> Bool? in
                switch value {
                case nil: return nil
                case .bool(let flag): return flag
                default: throw wrong(value!, type)
                }
            })
        case .string, .categorical:
            let texts: [String?] = data.values.map { value in
                switch value {
                case nil: nil
                case .string(let text): text
                case .int(let number): String(number)
                case .double(let number): "\(number)"
                case .bool(let flag): flag ? "true" : "false"
                }
            }
            if type == .categorical || declared == nil && isCategorical(texts, rows: rows) {
                return Column(name, categories: texts)
            }
            return Column(name, strings: texts)
        }
    }

    private func isCategorical(_ texts: [String?], rows: Int) -> Bool {
        let threshold = options.categoricalThreshold
        guard threshold > 0 else { return false }
        var distinct = Set<String>()
        for case let text? in texts {
            distinct.insert(text)
            if distinct.count > threshold { return false }
        }
        return distinct.count * 2 < rows
    }

    private func lineOf(_ data: ColumnValues, _ value: Scalar) -> Int? {
        switch value {
        case .int, .double: data.firstNumber
        case .string: data.firstString
        case .bool: data.firstBool
        }
    }

    private func describe(_ value: Scalar) -> String {
        switch value {
        case .int(let number): "the number \(number)"
        case .double(let number): "the number \(number)"
        case .string(let text): "the string \(quoted(text.count > 60 ? String(text.prefix(60)) + "…" : text))"
        case .bool(let flag): "the boolean \(flag)"
        }
    }
}

/// Reads one line of JSON Lines: a flat object.
typealias LineReader = JSONPullReader<JSONLineError>

extension LineReader {
    /// A scalar value, or nil for null; a nested value is an error naming the key.
    mutating func flatValue(key: String) throws(JSONLineError) -> JSONLinesReader.Scalar? {
        if peek() == UInt8(ascii: "{") || peek() == UInt8(ascii: "[") {
            throw JSONLineError(
                "key '\(key)' holds \(nextKind()); sluice.csv reads flat objects (numbers, strings, booleans, null). "
                    + "Flatten it into keys of its own, or leave it out with `drop: [\(key)]`")
        }
        switch try readScalar() {
        case .null: return nil
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .number(_, let integer?): return .int(integer)
        case .number(let number, nil): return .double(number)
        }
    }

    /// Skips the value of a key that is left out (it may be nested): no value.
    mutating func skipping() throws(JSONLineError) -> JSONLinesReader.Scalar? {
        try skipValue()
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
