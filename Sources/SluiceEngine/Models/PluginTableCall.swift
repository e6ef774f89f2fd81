import CSluiceABI
import SluiceArrow
import SluiceSupport

/// A plugin function that turns one table into another (`predict` of
/// "sluice.predict/1", `apply` of "sluice.transform/1"): same signature, same rules.
package typealias PluginTableFunction = @convention(c) (
    UnsafeMutableRawPointer?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<ArrowArrayStream>?,
    UnsafeMutablePointer<CChar>?, Int
) -> Int32

/// Calls `function` on `handle` with `table` (exported, consumed by the plugin) and
/// imports what it returns. A failure is a `model.<status>` error at `pluginID`,
/// saying `doing` ("prediction", "the fitted transform of standardize").
package func callPluginTable(_ function: PluginTableFunction, _ handle: UnsafeMutableRawPointer, _ table: ArrowTable,
                             pluginID: String, doing: @autoclosure () -> String) throws(SluiceError) -> ArrowTable {
    // The two stream structs on the stack: this runs once per step of every prediction.
    try withUnsafeTemporaryAllocation(of: ArrowArrayStream.self, capacity: 2) { (streams) throws(SluiceError) -> ArrowTable in
        try callPluginTable(function, handle, table, input: streams.baseAddress!, output: streams.baseAddress! + 1, pluginID: pluginID, doing: doing())
    }
}

private func callPluginTable(_ function: PluginTableFunction, _ handle: UnsafeMutableRawPointer, _ table: ArrowTable,
                             input: UnsafeMutablePointer<ArrowArrayStream>, output: UnsafeMutablePointer<ArrowArrayStream>,
                             pluginID: String, doing: @autoclosure () -> String) throws(SluiceError) -> ArrowTable {
    ArrowCExport.exportStream(table, into: input)
    output.initialize(to: ArrowArrayStream())
    // A stack buffer: this runs once per step of every prediction.
    let (status, text) = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 2048) { buffer in
        buffer[0] = 0
        let status = function(handle, input, output, buffer.baseAddress, buffer.count)
        return (status, status == 0 ? "" : String(cString: buffer.baseAddress!))
    }
    // The plugin must consume the input; release it if a faulty plugin did not.
    input.pointee.release?(input)
    guard status == 0 else {
        output.pointee.release?(output)
        let name = StageStatus(rawValue: status)
        // The code names the protocol's status, so it is made here rather than declared.
        throw SluiceError(SluiceError.Code("model.\(name?.code ?? "status-\(status)")", kind: name == .invalidInput ? .failure : .stageFailed),
                          at: pluginID, "\(doing()) failed: \(text.isEmpty ? "no message (status \(status))" : text)")
    }
    let result = try ArrowCImport.importStream(output, what: "the result of \(pluginID)")
    guard result.rowCount == table.rowCount else {
        throw SluiceError(.modelBadPredictions, at: pluginID, "the plugin returned \(result.rowCount) rows for \(table.rowCount) (\(doing()))")
    }
    return result
}
