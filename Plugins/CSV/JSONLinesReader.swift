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
            var parser = LineParser(base: base, position: offset, end: lineEnd > offset && base[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd,
                                    line: lineNumber, lineStart: offset, path: options.shownPath)
            offset = lineEnd + 1
            parser.skipSpace()
            if parser.atEnd { continue }  // blank line
            var seen = Set<Int>()
            try parser.object { key, parser in
                let skip = ignored(key)
                let value = skip ? nil : try parser.scalar(key: key)
                if skip { try parser.skipValue() }
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
                    throw parser.failure("key '\(key)' appears twice in the object. Keep one")
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

/// A parser of one line of JSON Lines: a flat object.
struct LineParser {
    let base: UnsafePointer<UInt8>
    var position: Int
    let end: Int
    let line: Int
    let lineStart: Int
    let path: String

    var atEnd: Bool { position >= end }

    mutating func skipSpace() {
        while position < end, base[position] == 0x20 || base[position] == 0x09 || base[position] == 0x0D { position += 1 }
    }

    func failure(_ message: String) -> StageError {
        .invalidInput("\(path):\(line): \(message)")
    }

    func syntax(_ expected: String) -> StageError {
        let found = position < end ? "'\(String(decoding: [base[position]], as: UTF8.self))'" : "the end of the line"
        return failure("not valid JSON at column \(position - lineStart + 1): expected \(expected), found \(found). Each line must be one JSON object")
    }

    /// Parses `{ "key": value, ... }` and nothing after it, calling `body` for each key.
    mutating func object(_ body: (String, inout LineParser) throws -> Void) throws {
        guard position < end, base[position] == UInt8(ascii: "{") else {
            throw failure("the line is not a JSON object (it must start with '{'). Write one object per line")
        }
        position += 1
        skipSpace()
        if position < end, base[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipSpace()
                guard position < end, base[position] == UInt8(ascii: "\"") else { throw syntax("a key in double quotes") }
                let key = try string()
                skipSpace()
                guard position < end, base[position] == UInt8(ascii: ":") else { throw syntax("':' after the key") }
                position += 1
                skipSpace()
                try body(key, &self)
                skipSpace()
                guard position < end else { throw syntax("',' or '}'") }
                if base[position] == UInt8(ascii: ",") { position += 1; continue }
                if base[position] == UInt8(ascii: "}") { position += 1; break }
                throw syntax("',' or '}'")
            }
        }
        skipSpace()
        guard position >= end else { throw syntax("the end of the line after the object") }
    }

    /// A scalar value, or nil for null; a nested value is an error naming the key.
    mutating func scalar(key: String) throws -> JSONLinesReader.Scalar? {
        guard position < end else { throw syntax("a value") }
        switch base[position] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let what = base[position] == UInt8(ascii: "{") ? "an object" : "an array"
            throw failure(
                "key '\(key)' holds \(what); sluice.csv reads flat objects (numbers, strings, booleans, null). "
                    + "Flatten it into keys of its own, or leave it out with `drop: [\(key)]`")
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return nil
        default:
            let start = position
            while position < end {
                let byte = base[position]
                guard (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") else { break }
                position += 1
            }
            guard position > start else { throw syntax("a value (number, string, true, false or null)") }
            if let number = NumberParser.int64(base + start, base + position) { return .int(number) }
            if let number = NumberParser.double(base + start, base + position) { return .double(number) }
            position = start
            throw syntax("a number")
        }
    }

    /// Skips any JSON value (for keys that are left out).
    mutating func skipValue() throws {
        guard position < end else { throw syntax("a value") }
        let first = base[position]
        if first == UInt8(ascii: "\"") { _ = try string(); return }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            _ = try scalar(key: "")
            return
        }
        var depth = 0
        while position < end {
            let byte = base[position]
            if byte == UInt8(ascii: "\"") { _ = try string(); continue }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { position += 1; return }
            }
            position += 1
        }
        throw syntax("the end of the nested value")
    }

    private mutating func word(_ text: StaticString) throws {
        let length = text.utf8CodeUnitCount
        guard position + length <= end, memcmp(base + position, text.utf8Start, length) == 0 else { throw syntax("a value (number, string, true, false or null)") }
        position += length
    }

    /// A string at `position` (its opening quote), unescaped and checked to be UTF-8.
    mutating func string() throws -> String {
        let open = position
        position += 1
        var bytes: [UInt8] = []
        var segment = position
        while true {
            guard position < end else {
                position = open
                throw failure("the string starting at column \(open - lineStart + 1) is never closed. Close it with '\"'")
            }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw syntax("no control character inside a string (escape it)") }
            if byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + segment, count: position - segment))
                position += 1
                guard position < end else { throw syntax("an escape after '\\'") }
                let escape = base[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard position + 1 < end, base[position] == UInt8(ascii: "\\"), base[position + 1] == UInt8(ascii: "u") else {
                            throw syntax("the second half of a \\u surrogate pair")
                        }
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw syntax("a low surrogate (\\uDC00-\\uDFFF)") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let value = Unicode.Scalar(scalar) else { throw syntax("a valid \\u escape (not a lone surrogate)") }
                    bytes.append(contentsOf: Array(String(Character(value)).utf8))
                default:
                    position -= 1
                    throw syntax("a valid escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\uXXXX)")
                }
                segment = position
                continue
            }
            position += 1
        }
        let raw = UnsafeBufferPointer(start: base + open + 1, count: position - open - 1)
        if let bad = UTF8Check.firstInvalid(raw) {
            throw failure("byte \(hex(raw[bad])) at byte offset \(open + 1 + bad) is not UTF-8. Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)")
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + segment, count: position - segment))
        position += 1
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= end else { throw syntax("four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[position]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw syntax("four hex digits after \\u")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
