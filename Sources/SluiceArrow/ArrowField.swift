/// One column's description: its name, type, whether it may hold nulls, and
/// key-value metadata (Arrow's `custom_metadata`).
package struct ArrowField: Hashable, Sendable {
    package var name: String
    package var type: ArrowDataType
    package var nullable: Bool
    package var metadata: [String: String]

    package init(_ name: String, _ type: ArrowDataType, nullable: Bool = true, metadata: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
    }
}
