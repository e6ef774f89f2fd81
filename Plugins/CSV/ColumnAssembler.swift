import SluiceKit

/// Joins the parts of a column parsed from several chunks into one SDK column, freeing
/// the parts as it goes. Each column is written once, into the plain arrays (values,
/// validity bits, string offsets and bytes) that the SDK then takes over as they are.
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
    static func column(_ name: String, _ parts: inout [ColumnState], kind: ColumnKind, declared: DeclaredType?, threshold: Int) throws -> Column {
        defer { for index in parts.indices { parts[index].free() } }
        let total = parts.reduce(0) { $0 + $1.rows }
        switch kind {
        case .unknown:
            // No value at all: a column of nulls of the declared type, else float64.
            var none = ValidityBitmap(count: total)
            for row in 0..<total { none.setNull(row) }
            switch declared {
            case .int64: return try Column(name, int64: [Int64](repeating: 0, count: total), validity: none)
            case .bool: return try Column(name, bool: [Bool](repeating: false, count: total), validity: none)
            case .string: return try Column(name, utf8Offsets: [Int32](repeating: 0, count: total + 1), bytes: [], validity: none)
            case .categorical:
                return try Column(name, codes: [Int32](repeating: 0, count: total), validity: none, categories: Column("", strings: []))
            case .float64, nil: return try Column(name, float64: [Double](repeating: 0, count: total), validity: none)
            }
        case .float64:
            return try Column(name, float64: floats(parts, total: total), validity: validity(parts, total: total))
        case .int64:
            let values = [Int64](unsafeUninitializedCapacity: total) { buffer, count in
                for part in parts {
                    if part.kind == .int64, let base = part.ints.base {
                        (buffer.baseAddress! + count).initialize(from: base, count: part.rows)
                    } else {
                        (buffer.baseAddress! + count).initialize(repeating: 0, count: part.rows)
                    }
                    count += part.rows
                }
            }
            return try Column(name, int64: values, validity: validity(parts, total: total))
        case .bool:
            let values = [Bool](unsafeUninitializedCapacity: total) { buffer, count in
                for part in parts {
                    for row in 0..<part.rows {
                        buffer[count] = part.kind == .bool && part.bools[row] != 0
                        count += 1
                    }
                }
            }
            return try Column(name, bool: values, validity: validity(parts, total: total))
        case .string:
            return try strings(name, &parts, total: total, declared: declared, threshold: threshold)
        }
    }

    /// The parts' validity as one bitmap, or nil when no part has a null.
    private static func validity(_ parts: [ColumnState], total: Int) throws -> ValidityBitmap? {
        guard parts.contains(where: { $0.nullCount > 0 }) else { return nil }
        var bits = [UInt8](repeating: 0, count: (total + 7) / 8)
        bits.withUnsafeMutableBufferPointer { bits in
            var row = 0
            for part in parts {
                let hasFlags = part.nulls.base != nil
                if part.kind == .unknown {
                    row += part.rows  // only nulls: the bits stay clear
                    continue
                }
                for index in 0..<part.rows {
                    if !hasFlags || part.nulls[index] == 0 { bits[row >> 3] |= 1 << UInt8(row & 7) }
                    row += 1
                }
            }
        }
        return try ValidityBitmap(arrowBits: bits, count: total)
    }

    /// Every part's values as doubles, one after another (nulls as 0).
    private static func floats(_ parts: [ColumnState], total: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: total) { buffer, count in
            for part in parts {
                let out = buffer.baseAddress! + count
                switch part.kind {
                case .float64:
                    if let base = part.doubles.base { out.initialize(from: base, count: part.rows) }
                case .int64:
                    for row in 0..<part.rows { (out + row).initialize(to: Double(part.ints[row])) }
                default:
                    out.initialize(repeating: 0, count: part.rows)
                }
                count += part.rows
            }
        }
    }

    private static func strings(_ name: String, _ parts: inout [ColumnState], total: Int, declared: DeclaredType?, threshold: Int) throws -> Column {
        let validity = try validity(parts, total: total)
        if parts.contains(where: { $0.plainStrings }) {
            // Too many distinct values for a dictionary: offsets and bytes, one value per row.
            var text = TextBuilder(name: name, rows: total, bytes: parts.reduce(0) { $0 + $1.bytes.count })
            for part in parts {
                for row in 0..<part.rows {
                    if part.kind == .unknown || (part.nulls.base != nil && part.nulls[row] != 0) {
                        text.appendEmpty()
                    } else if part.plainStrings {
                        let start = row == 0 ? 0 : part.ends[row - 1]
                        try text.append(UnsafeBufferPointer(start: part.bytes.base.map { UnsafePointer($0) + start }, count: part.ends[row] - start))
                    } else {
                        try text.append(part.dictionary!.value(Int(part.codes[row])))
                    }
                }
            }
            let column = try text.column(validity: validity)
            return declared == .categorical ? Column(name, categories: column.strings()) : column
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
        let codes = [Int32](unsafeUninitializedCapacity: total) { buffer, count in
            for (index, part) in parts.enumerated() {
                for row in 0..<part.rows {
                    let code = part.kind == .unknown ? -1 : part.codes[row]
                    buffer[count] = code < 0 ? 0 : remaps[index][Int(code)]
                    count += 1
                }
            }
        }
        let categorical: Bool = switch declared {
        case .categorical: true
        case .string: false
        default: threshold > 0 && distinct <= threshold && distinct * 2 < total
        }
        if categorical {
            var categories = TextBuilder(name: name, rows: distinct, bytes: merged.arena.count)
            for code in 0..<distinct { try categories.append(merged.value(code)) }
            return try Column(name, codes: codes, validity: validity, categories: categories.column(validity: nil))
        }
        var text = TextBuilder(name: name, rows: total, bytes: 0)
        for row in 0..<total {
            if let validity, !validity.isValid(row) { text.appendEmpty() } else { try text.append(merged.value(Int(codes[row]))) }
        }
        return try text.column(validity: validity)
    }
}

/// Arrow's string layout built value by value: int32 offsets and the bytes.
private struct TextBuilder {
    let name: String
    private var offsets: [Int32]
    private var bytes: [UInt8]

    init(name: String, rows: Int, bytes: Int) {
        self.name = name
        offsets = [0]
        offsets.reserveCapacity(rows + 1)
        self.bytes = []
        self.bytes.reserveCapacity(bytes)
    }

    mutating func append(_ value: UnsafeBufferPointer<UInt8>) throws {
        bytes.append(contentsOf: value)
        guard bytes.count <= Int(Int32.max) else {
            throw StageError.invalidInput(
                "column '\(name)' holds more than 2 GiB of text, more than one Arrow string column can; load fewer rows (`max_rows`) or split the file")
        }
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
    }

    mutating func appendEmpty() { offsets.append(offsets[offsets.count - 1]) }

    consuming func column(validity: ValidityBitmap?) throws -> Column {
        try Column(name, utf8Offsets: offsets, bytes: bytes, validity: validity)
    }
}
