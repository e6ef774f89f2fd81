/// Where a line of the prediction log is, for messages: "path:line". Kept as parts and
/// formatted only when a message needs it, since every logged request carries one.
struct LogLocation: CustomStringConvertible {
    let file: String
    let line: Int

    var description: String { "\(file):\(line)" }
}
