import SluiceSupport
/// The table files `sluice predict` reads and writes, told apart by their extension.
package enum TableFileFormat: Sendable {
    case csv
    case arrow

    package init(path: String, role: String) throws(SluiceError) {
        let name = path.lowercased()
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") {
            self = .csv
        } else if name.hasSuffix(".arrow") || name.hasSuffix(".feather") || name.hasSuffix(".ipc") {
            self = .arrow
        } else {
            throw SluiceError(.predictUnknownFormat, at: path,
                              "cannot tell the \(role) file's format from its name: use .csv (or .tsv) for CSV, .arrow (or .feather, .ipc) for an Arrow IPC file")
        }
    }
}
