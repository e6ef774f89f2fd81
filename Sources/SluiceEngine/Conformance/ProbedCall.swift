import CSluiceABI
import SluiceSupport
import Synchronization

/// The output ports a stage tried to write in one run, in order, also those the host
/// refused (an undeclared port is refused with SLUICE_ERR_NOT_FOUND, which a plugin may
/// ignore and still return OK: only the attempt shows it).
package final class OutputProbe: Sendable {
    private let ports = Mutex<[String]>([])

    package init() {}

    package var attempted: [String] { ports.withLock { $0 } }

    func note(_ port: String?) {
        ports.withLock { $0.append(port ?? "(NULL)") }
    }
}

/// A `sluice_call_v1` whose output functions note each attempt in an `OutputProbe`, then
/// do what the host's own do (CallTable). The probe is found behind the struct, in the
/// same allocation: the plugin sees an ordinary call table of the declared size, and
/// the call data stays the host's `CallState`, so the host's functions work unchanged.
final class ProbedCall {
    private let memory: UnsafeMutableRawPointer
    private let probe: OutputProbe
    private static let probeOffset = (MemoryLayout<sluice_call_v1>.size + 15) & ~15

    init(_ call: sluice_call_v1, probe: OutputProbe) {
        self.probe = probe
        var probed = call
        probed.output_table = Self.outputTable
        probed.output_bytes = Self.outputBytes
        memory = UnsafeMutableRawPointer.allocate(byteCount: Self.probeOffset + MemoryLayout<UnsafeRawPointer>.size, alignment: 16)
        memory.initializeMemory(as: sluice_call_v1.self, repeating: probed, count: 1)
        memory.storeBytes(of: UnsafeRawPointer(Unmanaged.passUnretained(probe).toOpaque()), toByteOffset: Self.probeOffset, as: UnsafeRawPointer.self)
    }

    deinit {
        memory.assumingMemoryBound(to: sluice_call_v1.self).deinitialize(count: 1)
        memory.deallocate()
    }

    /// Valid while `self` lives.
    var pointer: UnsafePointer<sluice_call_v1> { UnsafePointer(memory.assumingMemoryBound(to: sluice_call_v1.self)) }

    private static func probe(of call: UnsafePointer<sluice_call_v1>?) -> OutputProbe? {
        guard let call else { return nil }
        let stored = UnsafeRawPointer(call).load(fromByteOffset: probeOffset, as: UnsafeRawPointer.self)
        return Unmanaged<OutputProbe>.fromOpaque(stored).takeUnretainedValue()
    }

    private static let outputBytes: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, mediaType, data, size, error, capacity in
        probe(of: call)?.note(string(port))
        return CallTable.outputBytes(call, port, mediaType, data, size, error, capacity)
    }

    private static let outputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, stream, error, capacity in
        probe(of: call)?.note(string(port))
        return CallTable.outputTable(call, port, stream, error, capacity)
    }
}
