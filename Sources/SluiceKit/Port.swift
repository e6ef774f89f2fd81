import CSluiceABI

/// What flows through a port.
public enum PortKind: Int32, Sendable {
    /// An Arrow table.
    case table = 1
    /// A model artifact (bytes with a media type).
    case model = 2
    /// A JSON report.
    case report = 3
    /// Any other bytes with a media type.
    case blob = 4
}

/// An input or output a stage declares.
public struct Port: Sendable {
    /// The port's name, `[a-z][a-z0-9_]*`; pipelines refer to it as `stage.port`.
    public let name: String
    /// What flows through it.
    public let kind: PortKind
    /// For inputs: whether it may be left unconnected.
    public let optional: Bool
    /// One line for `sluice plugins inspect`.
    public let description: String

    /// A port declaration.
    public init(_ name: String, _ kind: PortKind, optional: Bool = false, description: String = "") {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.description = description
    }
}
