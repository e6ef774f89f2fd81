/// How the fields of a CSV file are separated and quoted.
struct CSVDialect: Sendable {
    let delimiter: UInt8
    /// nil: quotes are ordinary characters.
    let quote: UInt8?
}

/// Something wrong in the file, located by byte offset (the reader turns it into a
/// line, row and column for the message).
struct CSVProblem: Error {
    enum Kind {
        /// A record with another number of fields than the header.
        case fieldCount(found: Int)
        /// A quoted field that never closes; the offset is its opening quote.
        case unterminatedQuote
        /// A quote inside a field that did not start with one.
        case strayQuote
        /// Text between a closing quote and the next delimiter.
        case textAfterQuote
        /// A value that does not parse as the type `types` declares; the offset is the field's.
        case notDeclaredType(value: String, type: DeclaredType)
        /// Bytes that are not UTF-8.
        case invalidUTF8(byte: UInt8)
    }

    let kind: Kind
    /// Byte offset in the file of the problem.
    let offset: Int
    /// Byte offset where the record starts.
    let recordOffset: Int
    /// 0-based data row within the parsed range.
    let row: Int
    /// 0-based field index, when the problem is in one field.
    let column: Int?
}

/// The result of parsing one range of records.
enum ChunkOutcome {
    case parsed(columns: [ColumnState], rows: Int)
    /// Column `index` needs another pass as text.
    case restart(column: Int)
    case failed(CSVProblem)
    case cancelled
}

/// Parses records from a byte range straight into typed column buffers: one pass over
/// the bytes, no string per field (numbers are parsed in place, text is looked up in a
/// per-column dictionary).
struct CSVChunkParser {
    let dialect: CSVDialect
    let plans: [ColumnPlan]
    let nulls: NullMatcher
    /// Stop after this many records.
    let maxRows: Int?
    /// Called every few thousand rows with the offset reached; returns false to stop (cancelled).
    let tick: (_ offset: Int) -> Bool

    private static let tickRows = 16_384

    func parse(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, expectedRows: Int) -> ChunkOutcome {
        let columnCount = plans.count
        var states = plans.map { ColumnState(plan: $0, expectedRows: $0 == .skip ? 0 : expectedRows) }
        var scratch = GrowBuffer<UInt8>(capacity: 256)
        defer { scratch.free() }
        var keep = false
        defer { if !keep { for index in states.indices { states[index].free() } } }

        // 0: ordinary byte; 1: delimiter; 2: LF; 3: CR; 4: quote.
        var classes = [UInt8](repeating: 0, count: 256)
        classes[Int(dialect.delimiter)] = 1
        classes[0x0A] = 2
        classes[0x0D] = 3
        if let quote = dialect.quote { classes[Int(quote)] = 4 }
        let delimiter = dialect.delimiter
        let quote = dialect.quote ?? 0
        let limit = maxRows ?? Int.max
        var rowsParsed = 0

        let outcome: ChunkOutcome? = classes.withUnsafeBufferPointer { classBuffer -> ChunkOutcome? in
            states.withUnsafeMutableBufferPointer { columns -> ChunkOutcome? in
                let kinds = classBuffer.baseAddress!
                let end = base + range.upperBound
                var p = base + range.lowerBound
                var row = 0
                var nextTick = Self.tickRows
                while p < end && row < limit {
                    let first = p.pointee
                    if first == 0x0A { p += 1; continue }  // blank line
                    if first == 0x0D {
                        p += 1
                        if p < end && p.pointee == 0x0A { p += 1 }
                        continue
                    }
                    let recordStart = p
                    var column = 0
                    while true {
                        // One field: [fieldStart, p) in the file, value [valueStart, valueEnd).
                        let fieldStart = p
                        var valueStart = p
                        var parsed = false
                        var valueEnd: UnsafePointer<UInt8>
                        if p < end && kinds[Int(p.pointee)] == 4 {
                            p += 1
                            valueStart = p
                            var escaped = false
                            while true {
                                guard let found = memchr(p, Int32(quote), end - p) else {
                                    return .failed(CSVProblem(kind: .unterminatedQuote, offset: fieldStart - base, recordOffset: recordStart - base, row: row, column: column))
                                }
                                let q = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                                if q + 1 < end && q[1] == quote {
                                    escaped = true
                                    p = q + 2
                                    continue
                                }
                                valueEnd = q
                                p = q + 1
                                break
                            }
                            if p < end {
                                let kind = kinds[Int(p.pointee)]
                                if kind == 0 || kind == 4 {
                                    return .failed(CSVProblem(kind: .textAfterQuote, offset: p - base, recordOffset: recordStart - base, row: row, column: column))
                                }
                            }
                            if escaped {
                                scratch.removeAll()
                                var s = valueStart
                                while s < valueEnd {
                                    scratch.append(s.pointee)
                                    s += s.pointee == quote ? 2 : 1
                                }
                                let copy = UnsafePointer(scratch.base ?? UnsafeMutablePointer(mutating: valueStart))
                                valueStart = copy
                                valueEnd = copy + scratch.count
                            }
                        } else if column < columnCount && columns[column].kind == .float64,
                                  let (value, stop) = NumberParser.leadingDouble(p, end),
                                  stop == end || (kinds[Int(stop.pointee)] != 0 && kinds[Int(stop.pointee)] != 4) {
                            // A number read in the pass that finds the field's end.
                            if nulls.matches(p, stop - p) { columns[column].addNull() } else { columns[column].addParsed(value) }
                            parsed = true
                            p = stop
                            valueEnd = p
                        } else {
                            while p < end && kinds[Int(p.pointee)] == 0 { p += 1 }
                            if p < end && kinds[Int(p.pointee)] == 4 {
                                return .failed(CSVProblem(kind: .strayQuote, offset: p - base, recordOffset: recordStart - base, row: row, column: column))
                            }
                            valueEnd = p
                        }

                        if !parsed && column < columnCount && columns[column].plan != .skip {
                            let length = valueEnd - valueStart
                            if nulls.matches(valueStart, length) {
                                columns[column].addNull()
                            } else if !columns[column].addNumber(valueStart, valueEnd) {
                                let raw = UnsafeBufferPointer(start: fieldStart, count: p - fieldStart)
                                switch columns[column].add(valueStart, valueEnd, raw: raw, expectedRows: expectedRows) {
                                case .ok: break
                                case .restartAsString: return .restart(column: column)
                                case .notDeclaredType:
                                    guard case .declared(let type) = columns[column].plan else { return .restart(column: column) }
                                    let text = String(decoding: UnsafeBufferPointer(start: valueStart, count: length), as: UTF8.self)
                                    return .failed(CSVProblem(kind: .notDeclaredType(value: text, type: type), offset: fieldStart - base,
                                                              recordOffset: recordStart - base, row: row, column: column))
                                case .invalidUTF8(let index):
                                    return .failed(CSVProblem(kind: .invalidUTF8(byte: fieldStart[index]), offset: fieldStart - base + index,
                                                              recordOffset: recordStart - base, row: row, column: column))
                                }
                            }
                        }
                        column += 1

                        if p == end { break }
                        let terminator = p.pointee
                        p += 1
                        if terminator == delimiter { continue }
                        if terminator == 0x0D && p < end && p.pointee == 0x0A { p += 1 }
                        break
                    }
                    if column != columnCount {
                        return .failed(CSVProblem(kind: .fieldCount(found: column), offset: recordStart - base, recordOffset: recordStart - base, row: row, column: nil))
                    }
                    row += 1
                    if row == nextTick {
                        nextTick += Self.tickRows
                        if !tick(p - base) { return .cancelled }
                    }
                }
                rowsParsed = row
                return nil
            }
        }
        if let outcome { return outcome }
        keep = true
        return .parsed(columns: states, rows: rowsParsed)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
