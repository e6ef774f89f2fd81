#if canImport(Glibc)
import Glibc
#endif

extension Subprocess {
    /// This process's environment, read from `environ` without Foundation, to start from
    /// when a child needs a variable or two changed.
    package static var inheritedEnvironment: [String: String] {
        var variables: [String: String] = [:]
        // environ is nil after clearenv().
        var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let pointer = entry?.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                // getenv takes the first of duplicate entries; so does this.
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry = entry?.successor()
        }
        return variables
    }
}
