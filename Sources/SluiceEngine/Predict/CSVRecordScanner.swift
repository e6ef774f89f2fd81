import SluiceArrow
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a CSV file into records as RFC 4180 has them (quoted fields may hold the
/// delimiter, doubled quotes and line breaks; lines end in LF or CRLF), reading the
/// file in blocks so that only the current block and record are in memory.
///
/// A record's fields are byte ranges into `bytes`, valid until the next `nextRecord`.
package final class CSVRecordScanner {
    package let path: String
    private let descriptor: Int32
    private let delimiter: UInt8
    /// The unread part of the file: bytes[start..<bytes.count].
    private(set) var bytes: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Unquoted fields are ranges of `bytes`; quoted ones with doubled quotes are
    /// unescaped into `unescaped` (ranges then point there, flagged in `inScratch`).
    private(set) var fields: [Range<Int>] = []
    private(set) var inScratch: [Bool] = []
    private(set) var unescaped: [UInt8] = []
    /// The line the current record starts on (1-based), for messages.
    private(set) var line = 0
    private var nextLine = 1
    private static let blockSize = 1 << 20

    package init(path: String, delimiter: UInt8) throws {
        self.path = path
        self.delimiter = delimiter
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArrowError.io(path, "open it", errno: errno) }
        try fill()
        // A UTF-8 byte order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    }

    deinit { close(descriptor) }

    /// The field at `index` of the current record, as bytes.
    package func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = fields[index]
        if inScratch[index] {
            return try unescaped.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    package func fieldText(_ index: Int) -> String { withField(index) { String(decoding: $0, as: UTF8.self) } }

    /// Moves to the next record; false at the end of the file. Blank lines are skipped.
    package func nextRecord() throws -> Bool {
        while true {
            if let end = try scanRecord() {
                start = end
                if fields.count == 1 && fields[0].isEmpty && !inScratch[0] { continue }  // blank line
                return true
            }
            return false
        }
    }

    /// Parses one record starting at `start`; returns where the next one starts, or nil
    /// at the end of the file. Reads more of the file when the record runs past the block.
    private func scanRecord() throws -> Int? {
        while true {
            if start >= bytes.count {
                if atEnd { return nil }
                try fill()
                continue
            }
            if let end = try parse() { return end }
            if atEnd { throw ArrowError.invalid("\(path): line \(line): a quoted field is not closed before the end of the file; close the quote (\") or double the quotes inside it") }
            try fill()
        }
    }

    /// Parses the record at `start` in the bytes read so far; nil when it may continue
    /// past them (more must be read first).
    private func parse() throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        inScratch.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
        line = nextLine
        var lines = 0
        let count = bytes.count
        return try bytes.withUnsafeBufferPointer { b -> Int? in
            var i = start
            while true {
                if i < count && b[i] == UInt8(ascii: "\"") {
                    // Quoted field: up to the closing quote; "" is one quote.
                    var j = i + 1
                    var escaped = false
                    let scratchStart = unescaped.count
                    while true {
                        guard j < count else { return nil }
                        let c = b[j]
                        if c == UInt8(ascii: "\"") {
                            guard j + 1 < count || atEnd else { return nil }
                            if j + 1 < count && b[j + 1] == UInt8(ascii: "\"") {
                                if !escaped { unescaped.append(contentsOf: b[(i + 1)..<j]); escaped = true }
                                unescaped.append(c)
                                j += 2
                                continue
                            }
                            break
                        }
                        if c == 0x0A { lines += 1 }
                        if escaped { unescaped.append(c) }
                        j += 1
                    }
                    if escaped {
                        fields.append(scratchStart..<unescaped.count)
                        inScratch.append(true)
                    } else {
                        fields.append((i + 1)..<j)
                        inScratch.append(false)
                    }
                    i = j + 1
                    guard i < count || atEnd else { return nil }
                    if i < count && b[i] != delimiter && b[i] != 0x0A && b[i] != 0x0D {
                        throw ArrowError.invalid("\(path): line \(line + lines): text follows a closing quote; quote the whole field and double the quotes inside it")
                    }
                } else {
                    var j = i
                    while j < count && b[j] != delimiter && b[j] != 0x0A && b[j] != 0x0D { j += 1 }
                    guard j < count || atEnd else { return nil }
                    fields.append(i..<j)
                    inScratch.append(false)
                    i = j
                }
                // After a field: a delimiter (another field), a line end, or the end of the file.
                if i >= count {
                    nextLine = line + lines + 1
                    return i
                }
                if b[i] == delimiter {
                    i += 1
                    continue
                }
                if b[i] == 0x0D {
                    guard i + 1 < count || atEnd else { return nil }
                    i += (i + 1 < count && b[i + 1] == 0x0A) ? 2 : 1
                } else {
                    i += 1
                }
                nextLine = line + lines + 1
                return i
            }
        }
    }

    /// Drops what was consumed and reads the next block.
    private func fill() throws {
        if start > 0 {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        let old = bytes.count
        bytes.reserveCapacity(old + Self.blockSize)
        var got = 0
        bytes.append(contentsOf: repeatElement(0, count: Self.blockSize))
        try bytes.withUnsafeMutableBytes { buffer in
            while true {
                let n = systemRead(descriptor, buffer.baseAddress! + old, Self.blockSize)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw ArrowError.io(path, "read it", errno: errno) }
                got = n
                return
            }
        }
        bytes.removeLast(Self.blockSize - got)
        if got == 0 { atEnd = true }
    }
}

/// The C library's `read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
