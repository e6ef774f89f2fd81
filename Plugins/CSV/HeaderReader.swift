/// Reads one record (the header, or the first record of a file without one) into its
/// fields' bytes, with the same quoting rules as the chunk parser.
enum HeaderReader {
    static func record(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, dialect: CSVDialect) throws -> (fields: [[UInt8]], end: Int) {
        var fields: [[UInt8]] = []
        var offset = start
        while true {
            var field: [UInt8] = []
            let fieldStart = offset
            if let quote = dialect.quote, offset < end, base[offset] == quote {
                offset += 1
                while true {
                    guard offset < end else {
                        throw CSVProblem(kind: .unterminatedQuote, offset: fieldStart, recordOffset: start, row: 0, column: fields.count)
                    }
                    let byte = base[offset]
                    offset += 1
                    if byte == quote {
                        if offset < end && base[offset] == quote {
                            field.append(quote)
                            offset += 1
                            continue
                        }
                        break
                    }
                    field.append(byte)
                }
                if offset < end, base[offset] != dialect.delimiter, base[offset] != 0x0A, base[offset] != 0x0D {
                    throw CSVProblem(kind: .textAfterQuote, offset: offset, recordOffset: start, row: 0, column: fields.count)
                }
            } else {
                while offset < end {
                    let byte = base[offset]
                    if byte == dialect.delimiter || byte == 0x0A || byte == 0x0D { break }
                    if let quote = dialect.quote, byte == quote {
                        throw CSVProblem(kind: .strayQuote, offset: offset, recordOffset: start, row: 0, column: fields.count)
                    }
                    field.append(byte)
                    offset += 1
                }
            }
            fields.append(field)
            if offset >= end { return (fields, end) }
            let terminator = base[offset]
            offset += 1
            if terminator == dialect.delimiter { continue }
            if terminator == 0x0D && offset < end && base[offset] == 0x0A { offset += 1 }
            return (fields, offset)
        }
    }
}
