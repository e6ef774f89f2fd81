/// An error the host reports to a person: a stable code, where it happened, what
/// happened and how to fix it, and what caused it when another error did.
///
/// Messages may be reworded; codes may not (scripts and tests match on them).
package struct SluiceError: Error, CustomStringConvertible, Sendable {
    /// A stable identifier of the kind of error.
    package let code: Code
    /// Where: a file path, `file:line:column`, or a plugin/stage id. May be empty.
    package let location: String
    /// What happened, then how to fix it.
    package let message: String
    /// What kind of failure this is: the code's own kind unless the thrower knew better.
    package let kind: Kind
    /// The error this one reports, when there was one (a system call, a library).
    package let cause: (any Error & Sendable)?

    package init(_ code: Code, at location: String = "", _ message: String, kind: Kind? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.kind = kind ?? code.kind
        self.cause = cause
    }

    /// `LOCATION: error: MESSAGE [code]`, one line.
    package var description: String {
        (location.isEmpty ? "" : "\(location): ") + "error: \(message) [\(code)]"
    }
}

extension SluiceError: Equatable {
    /// Equal when they say the same thing; the causes are not compared.
    package static func == (a: SluiceError, b: SluiceError) -> Bool {
        a.code == b.code && a.location == b.location && a.message == b.message && a.kind == b.kind
    }
}
