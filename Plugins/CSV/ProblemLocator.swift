import SluiceKit

/// Turns a `CSVProblem` (a byte offset) into the message a person can act on:
/// `FILE:LINE: row R, column C 'NAME': what is wrong. How to fix it`.
struct ProblemLocator {
    let file: MappedFile
    let shownPath: String
    /// Whether the first record is a header (messages compare field counts with it).
    let header: Bool

    /// The 1-based line of a byte offset (line breaks inside quoted fields count too).
    func line(_ offset: Int) -> Int {
        var count = 1
        var position = 0
        let end = min(offset, file.count)
        while position < end, let found = memchr(file.base + position, 0x0A, end - position) {
            count += 1
            position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - file.base + 1
        }
        return count
    }

    func error(_ problem: CSVProblem, names: [String], bodyStart: Int, inHeader: Bool) -> StageError {
        let line = line(problem.offset)
        let recordLine = self.line(problem.recordOffset)
        var place = "\(shownPath):\(line): "
        let row = "row \(problem.row + 1)" + (recordLine != line ? " (starting on line \(recordLine))" : "")
        if inHeader {
            place += "header"
        } else {
            place += row
        }
        if let column = problem.column {
            place += ", column \(column + 1)"
            if column < names.count { place += " '\(names[column])'" }
        }
        place += ": "
        switch problem.kind {
        case .fieldCount(let found):
            let expected = names.count
            let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
            return .invalidInput(
                "\(shownPath):\(line): \(row) has \(found) field\(found == 1 ? "" : "s"), expected \(expected) like \(header ? "the header" : "the first record") (\(shown)). "
                    + "Quote fields that contain the delimiter or a line break, or fix the record")
        case .unterminatedQuote:
            return .invalidInput(
                place + "the quoted field that starts here is never closed. Add its closing quote; a quote inside a quoted field is written twice (\"\")")
        case .strayQuote:
            return .invalidInput(
                place + "a quote inside a field that does not start with one. Quote the whole field and double the quotes in it "
                    + "(\"say \"\"hi\"\"\"), or set `quote: \"\"` to read quotes as ordinary text")
        case .textAfterQuote:
            return .invalidInput(
                place + "text follows the closing quote of a quoted field. Put the delimiter right after the closing quote, "
                    + "or write a quote that belongs to the value twice (\"\")")
        case .notDeclaredType(let value, let type):
            let shownValue = value.count > 60 ? String(value.prefix(60)) + "…" : value
            return .invalidInput(
                place + "\(quoted(shownValue)) is not \(article(type)) \(type.rawValue), the type `types` gives this column. "
                    + "Fix the value, add it to `null_values`, or change the column's type in `types`")
        case .invalidUTF8(let byte):
            return .invalidInput(
                place + "byte \(hex(byte)) at byte offset \(problem.offset) is not UTF-8. Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv)")
        }
    }

    private func article(_ type: DeclaredType) -> String {
        type == .int64 ? "an" : "a"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
