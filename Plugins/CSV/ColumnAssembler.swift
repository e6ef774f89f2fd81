import SluiceKit

/// Joins the parts of a column parsed from several chunks into one SDK column, freeing
/// the parts as it goes.
enum ColumnAssembler {
    /// The type all parts agree on (nulls-only parts agree with anything; integers widen
    /// to floats), or nil when they disagree and the column must be read as text.
    static func unifiedKind(_ parts: [ColumnState]) -> ColumnKind? {
        var result = ColumnKind.unknown
        for part in parts where part.kind != .unknown {
            switch (result, part.kind) {
            case (.unknown, let kind): result = kind
            case (let a, let b) where a == b: break
            case (.int64, .float64), (.float64, .int64): result = .float64
            default: return nil
            }
        }
        return result
    }

    /// One column from `parts` (all of the unified `kind`). `declared` is the type from `types`.
    static func column(_ name: String, _ parts: inout [ColumnState], kind: ColumnKind, declared: DeclaredType?, threshold: Int) -> Column {
        defer { for index in parts.indices { parts[index].free() } }
        let total = parts.reduce(0) { $0 + $1.rows }
        switch kind {
        case .unknown:
            // No value at all: a column of nulls of the declared type, else float64.
            switch declared {
            case .int64: return Column(name, int64s: [Int64?](repeating: nil, count: total))
            case .bool: return Column(name, bools: [Bool?](repeating: nil, count: total))
            case .string: return Column(name, strings: [String?](repeating: nil, count: total))
            case .categorical: return Column(name, codes: [Int32?](repeating: nil, count: total), categories: [])
            case .float64, nil: return Column(name, doubles: [Double?](repeating: nil, count: total))
            }
        case .float64:
            return floats(name, parts, total: total)
        case .int64:
            let values = [Int64?](unsafeUninitializedCapacity: total) { buffer, count in
                for part in parts {
                    for row in 0..<part.rows {
                        buffer[count] = part.kind == .unknown || isNull(part, row) ? nil : part.ints[row]
                        count += 1
                    }
                }
            }
            return Column(name, int64s: values)
        case .bool:
            let values = [Bool?](unsafeUninitializedCapacity: total) { buffer, count in
                for part in parts {
                    for row in 0..<part.rows {
                        buffer[count] = part.kind == .unknown || isNull(part, row) ? nil : part.bools[row] != 0
                        count += 1
                    }
                }
            }
            return Column(name, bools: values)
        case .string:
            return strings(name, &parts, total: total, declared: declared, threshold: threshold)
        }
    }

    @inline(__always)
    private static func isNull(_ part: ColumnState, _ row: Int) -> Bool {
        part.nulls.base != nil && part.nulls[row] != 0
    }

    private static func floats(_ name: String, _ parts: [ColumnState], total: Int) -> Column {
        let hasNulls = parts.contains { $0.nullCount > 0 }
        if !hasNulls {
            let values = [Double](unsafeUninitializedCapacity: total) { buffer, count in
                for part in parts {
                    if part.kind == .float64, let base = part.doubles.base {
                        (buffer.baseAddress! + count).initialize(from: base, count: part.rows)
                        count += part.rows
                    } else {
                        for row in 0..<part.rows {
                            buffer[count] = Double(part.ints[row])
                            count += 1
                        }
                    }
                }
            }
            return Column(name, doubles: values)
        }
        let values = [Double?](unsafeUninitializedCapacity: total) { buffer, count in
            for part in parts {
                for row in 0..<part.rows {
                    if part.kind == .unknown || isNull(part, row) {
                        buffer[count] = nil
                    } else {
                        buffer[count] = part.kind == .float64 ? part.doubles[row] : Double(part.ints[row])
                    }
                    count += 1
                }
            }
        }
        return Column(name, doubles: values)
    }

    private static func strings(_ name: String, _ parts: inout [ColumnState], total: Int, declared: DeclaredType?, threshold: Int) -> Column {
        let plain = parts.contains { $0.plainStrings }
        if plain {
            // Too many distinct values for a dictionary: one string per row.
            var values = [String?]()
            values.reserveCapacity(total)
            for part in parts {
                for row in 0..<part.rows {
                    if part.kind == .unknown || isNull(part, row) { values.append(nil); continue }
                    if part.plainStrings {
                        let start = row == 0 ? 0 : part.ends[row - 1]
                        let end = part.ends[row]
                        values.append(String(decoding: UnsafeBufferPointer(start: part.bytes.base.map { UnsafePointer($0) + start }, count: end - start), as: UTF8.self))
                    } else {
                        let value = part.dictionary!.value(Int(part.codes[row]))
                        values.append(String(decoding: value, as: UTF8.self))
                    }
                }
            }
            return declared == .categorical ? Column(name, categories: values) : Column(name, strings: values)
        }

        // Dictionary parts: merge their dictionaries (first-appearance order) and remap codes.
        var merged = ByteDictionary()
        defer { merged.free() }
        var remaps: [[Int32]] = []
        for part in parts {
            guard let dictionary = part.dictionary else { remaps.append([]); continue }
            var remap = [Int32](repeating: 0, count: dictionary.count)
            for code in 0..<dictionary.count {
                let value = dictionary.value(code)
                remap[code] = merged.code(value.baseAddress ?? UnsafePointer(bitPattern: 1)!, value.count).code
            }
            remaps.append(remap)
        }
        let distinct = merged.count
        let texts = (0..<distinct).map { String(decoding: merged.value($0), as: UTF8.self) }
        let categorical: Bool = switch declared {
        case .categorical: true
        case .string: false
        default: threshold > 0 && distinct <= threshold && distinct * 2 < total
        }
        if categorical {
            let codes = [Int32?](unsafeUninitializedCapacity: total) { buffer, count in
                for (index, part) in parts.enumerated() {
                    for row in 0..<part.rows {
                        let code = part.kind == .unknown ? -1 : part.codes[row]
                        buffer[count] = code < 0 ? nil : remaps[index][Int(code)]
                        count += 1
                    }
                }
            }
            return Column(name, codes: codes, categories: texts)
        }
        let values = [String?](unsafeUninitializedCapacity: total) { buffer, count in
            let base = buffer.baseAddress!
            for (index, part) in parts.enumerated() {
                for row in 0..<part.rows {
                    let code = part.kind == .unknown ? -1 : part.codes[row]
                    (base + count).initialize(to: code < 0 ? nil : texts[Int(remaps[index][Int(code)])])
                    count += 1
                }
            }
        }
        return Column(name, strings: values)
    }
}
