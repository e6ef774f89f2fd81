/// How a registered model is named on the command line and in configs:
/// `NAME` (its `production` alias, else its newest version), `NAME@ALIAS`, `NAME:VERSION`.
package struct ModelReference: Sendable, Equatable, CustomStringConvertible {
    package enum Selector: Sendable, Equatable {
        case `default`
        case alias(String)
        case version(Int)
    }

    package let name: String
    package let selector: Selector

    package init(name: String, selector: Selector) {
        self.name = name
        self.selector = selector
    }

    /// Parses a reference; nil when it is not shaped like one (e.g. a path or a digest).
    package init?(parsing text: String) {
        if let at = text.firstIndex(of: "@") {
            let name = String(text[..<at]), alias = String(text[text.index(after: at)...])
            guard ModelReference.isValidName(name), ModelReference.isValidName(alias) else { return nil }
            self.init(name: name, selector: .alias(alias))
        } else if let colon = text.lastIndex(of: ":") {
            let name = String(text[..<colon])
            guard ModelReference.isValidName(name), let version = Int(text[text.index(after: colon)...]), version > 0 else { return nil }
            self.init(name: name, selector: .version(version))
        } else {
            guard ModelReference.isValidName(text) else { return nil }
            self.init(name: text, selector: .default)
        }
    }

    /// Model and alias names: a letter or digit, then letters, digits, '.', '_' or '-'.
    package static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 128 else { return false }
        func allowed(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c)) }
        return allowed(first) && name.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    package static let nameRule = "a letter or digit, then letters, digits, '.', '_' or '-' (at most 128)"

    package var description: String {
        switch selector {
        case .default: name
        case .alias(let alias): "\(name)@\(alias)"
        case .version(let version): "\(name):\(version)"
        }
    }
}
