/// The columns of a table, in order, and the table's key-value metadata (pandas keeps
/// its index and dtypes there under the key "pandas").
///
/// Not called `ArrowSchema`: that is the C Data Interface struct in CSluiceABI.
package struct ArrowTableSchema: Hashable, Sendable {
    package var fields: [ArrowField]
    package var metadata: [String: String]

    package init(_ fields: [ArrowField], metadata: [String: String] = [:]) {
        self.fields = fields
        self.metadata = metadata
    }

    /// The index of the first column named `name`.
    package func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}
