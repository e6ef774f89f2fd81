/// The server's version in OIP server metadata; follows the `sluice` version.
enum ServeVersion {
    static let current = "0.1.0"
}
