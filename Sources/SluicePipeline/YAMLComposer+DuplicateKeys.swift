extension YAMLComposer {
    /// `text` with the key scalar starting at `position` made unique, or nil when the key
    /// is written in a way this cannot safely change (an empty quoted key, an alias).
    package static func uniqueKeyText(_ text: String, source: SourceText, at position: SourcePosition, placeholder: Int) -> String? {
        guard var offset = source.scalarOffset(line: position.line, column: position.column),
              let replacement = Unicode.Scalar(0xE000 + UInt32(placeholder))
        else { return nil }
        var scalars = Array(text.unicodeScalars)
        func at(_ index: Int) -> Unicode.Scalar? { scalars.indices.contains(index) ? scalars[index] : nil }
        func isSpace(_ scalar: Unicode.Scalar?) -> Bool { scalar == " " || scalar == "\t" }
        // The mark of `&anchor !tag key` is at the anchor: step over anchors and tags.
        while at(offset) == "&" || at(offset) == "!" {
            while let scalar = at(offset), !isSpace(scalar) { offset += 1 }
            while isSpace(at(offset)) { offset += 1 }
        }
        // How many characters to replace so that the key stays valid YAML of the same length.
        var count = 1
        switch at(offset) {
        case "\""?:
            offset += 1
            if at(offset) == "\"" { return nil }  // the empty key ""
            if at(offset) == "\\" { count = 2 }  // an escape: replace both of its first characters
        case "'"?:
            offset += 1
            if at(offset) == "'" {
                guard at(offset + 1) == "'" else { return nil }  // the empty key ''
                count = 2  // '' is an escaped quote
            }
        case nil, "*"?, "?"?, "|"?, ">"?, "["?, "{"?:
            return nil
        default:
            break
        }
        for index in offset..<(offset + count) {
            guard let scalar = at(index), scalar != "\n", scalar != "\r" else { return nil }
            scalars[index] = replacement
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
