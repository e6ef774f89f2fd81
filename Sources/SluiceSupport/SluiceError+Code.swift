extension SluiceError {
    /// A stable identifier of a kind of error (`plugin.not-a-library`) and what kind of
    /// failure it is. Each module declares the codes it raises as static members
    /// (`SluiceError.Code.pluginNotALibrary`, in its `SluiceError+Codes.swift`); a new
    /// code is a new member, never a new meaning for an old one.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The identifier: `area.what`, lowercase with dashes.
        package let id: String
        /// The kind of failure an error with this code usually is.
        package let kind: Kind

        package init(_ id: String, kind: Kind) {
            self.id = id
            self.kind = kind
        }

        package var description: String { id }

        /// Codes are the same code when their identifiers are.
        package static func == (a: Code, b: Code) -> Bool { a.id == b.id }
        package func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    /// What kind of failure an error is. The command line maps each kind to its exit
    /// status, in one place; the engine decides by it whether a stage may be retried.
    package enum Kind: Sendable, Equatable {
        /// The request was wrong: an argument, a reference, a name that does not exist.
        case usage
        /// A pipeline, plugin or template is wrong and must be fixed.
        case config
        /// Something the command needed failed: a file, the store, a network peer.
        case failure
        /// A stage failed while running.
        case stageFailed
        /// A quality gate did not pass.
        case gateFailed
        /// The run was cancelled.
        case cancelled
    }
}
