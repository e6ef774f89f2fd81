import Foundation
import Synchronization

/// The `pattern` keyword: an ECMA-262 style regular expression, unanchored as JSON
/// Schema says (use ^...$ to match the whole string), run by NSRegularExpression, whose
/// syntax (ICU) agrees with ECMA-262 on the common constructs. Compiled patterns are
/// kept: a schema is checked once per stage, but its patterns are few and repeat.
enum SchemaPattern {
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])

    /// Whether `text` contains a match of `pattern`. A pattern that does not compile
    /// matches nothing; the plugin loader refuses such schemas before they get here.
    static func matches(_ text: String, pattern: String) -> Bool {
        let expression: NSRegularExpression? = compiled.withLock { cache in
            if let known = cache[pattern] { return known }
            let made = try? NSRegularExpression(pattern: pattern)
            if let made { cache[pattern] = made }
            return made
        }
        guard let expression else { return false }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }
}
