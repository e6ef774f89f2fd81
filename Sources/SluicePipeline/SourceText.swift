/// The text of a pipeline file, split into lines the way libyaml counts them, so that a
/// line and column from a YAML mark find the same place here.
package struct SourceText {
    package let text: String
    /// Each line without its line break.
    package let lines: [String]
    /// Offsets (in Unicode scalars) where each line starts.
    private let lineStarts: [Int]

    package init(_ text: String) {
        // libyaml skips a byte order mark without counting it; dropping it keeps columns equal.
        self.text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        var lines: [String] = [], starts = [0], current = String.UnicodeScalarView()
        let scalars = Array(self.text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isBreak(scalar) {
                // "\r\n" is one break, as in libyaml.
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                lines.append(String(current))
                current = String.UnicodeScalarView()
                starts.append(index + 1)
            } else {
                current.append(scalar)
            }
            index += 1
        }
        lines.append(String(current))
        self.lines = lines
        self.lineStarts = starts
    }

    /// The text of a 1-based line, if the file has it.
    package func line(_ number: Int) -> String? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    /// The offset, in Unicode scalars, of a 1-based line and column.
    package func scalarOffset(line: Int, column: Int) -> Int? {
        guard lineStarts.indices.contains(line - 1), column >= 1 else { return nil }
        return lineStarts[line - 1] + column - 1
    }

    /// Line breaks as YAML 1.1 (and libyaml) knows them.
    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
