import CSluiceABI

/// The log levels of the protocol.
public enum LogLevel: Int32, Sendable {
    case debug = 10
    case info = 20
    case warning = 30
    case error = 40
}

/// The services the host offers a stage: logs, metrics, params, progress,
/// cancellation and artifacts. Safe to use from any thread.
public final class HostServices: @unchecked Sendable {
    // @unchecked: the host table is immutable and the protocol allows its functions
    // to be called from any thread.
    let raw: UnsafePointer<sluice_host_v1>
    private let table: sluice_host_v1

    init(_ raw: UnsafePointer<sluice_host_v1>) {
        self.raw = raw
        self.table = readSizedStruct(UnsafeRawPointer(raw), as: sluice_host_v1.self, zero: sluice_host_v1())
    }

    /// The host's version, e.g. "0.1.0".
    public var version: String { table.host_version.map { String(cString: $0) } ?? "unknown" }

    /// Writes a log line attributed to this stage.
    public func log(_ level: LogLevel, _ message: String) {
        table.log?(raw, level.rawValue, message)
    }

    /// Logs at debug level.
    public func debug(_ message: String) { log(.debug, message) }
    /// Logs at info level.
    public func info(_ message: String) { log(.info, message) }
    /// Logs at warning level.
    public func warning(_ message: String) { log(.warning, message) }
    /// Logs at error level.
    public func error(_ message: String) { log(.error, message) }

    /// Records a metric of this run, optionally as one step of a series.
    public func metric(_ name: String, _ value: Double, step: Int? = nil) {
        table.metric?(raw, name, value, Int64(step ?? Int(SLUICE_NO_STEP.rawValue)))
    }

    /// Records a parameter the stage chose or derived, given as JSON text.
    public func param(_ name: String, json: String) {
        table.param?(raw, name, json)
    }

    /// Reports progress: a fraction in 0...1, or nil when unknown.
    public func progress(_ fraction: Double?, _ message: String? = nil) {
        guard let progress = table.progress else { return }
        if let message {
            progress(raw, fraction ?? -1, message)
        } else {
            progress(raw, fraction ?? -1, nil)
        }
    }

    /// True once the user cancelled the run or its timeout passed.
    public var isCancelled: Bool { (table.is_cancelled?(raw) ?? 0) != 0 }

    /// Throws `StageError.cancelled` once the run is cancelled; call it in long loops.
    public func checkCancellation() throws {
        if isCancelled { throw StageError.cancelled("the run was cancelled") }
    }

    /// Stores a named artifact of this stage and returns its digest ("sha256:...").
    @discardableResult
    public func writeArtifact(name: String, mediaType: String, bytes: [UInt8]) throws -> String {
        guard let write = table.artifact_write else {
            throw StageError(.unsupported, "this host cannot store artifacts")
        }
        var errors = ErrorBuffer()
        var digest = [CChar](repeating: 0, count: 80)
        let status = errors.call { error, capacity in
            bytes.withUnsafeBufferPointer { data in
                digest.withUnsafeMutableBufferPointer { out in
                    write(raw, name, mediaType, data.baseAddress, data.count, out.baseAddress, error, capacity)
                }
            }
        }
        try errors.check(status, "writing artifact '\(name)'")
        return digest.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Reads an artifact by digest or by the name this stage gave it.
    public func readArtifact(_ reference: String) throws -> [UInt8] {
        guard let read = table.artifact_read else {
            throw StageError(.unsupported, "this host cannot read artifacts")
        }
        var errors = ErrorBuffer()
        var data: UnsafePointer<UInt8>?
        var size = 0
        let status = errors.call { error, capacity in read(raw, reference, &data, &size, error, capacity) }
        try errors.check(status, "reading artifact '\(reference)'")
        guard let data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Whether the host offers the capability with this versioned id.
    public func hasExtension(_ id: String) -> Bool {
        extensionTable(id) != nil
    }

    func extensionTable(_ id: String) -> UnsafeRawPointer? {
        table.get_extension?(raw, id)
    }
}

extension HostServices {
    /// Reads an Arrow IPC (Feather V2) file through the host.
    public func readArrowFile(_ path: String) throws -> Table {
        let ipc = try arrowIPC()
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        stream.initialize(to: ArrowArrayStream())
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in ipc.read_file?(path, stream, error, capacity) ?? Status.unsupported.rawValue }
        try errors.check(status, "reading \(path)")
        return try Table.importing(stream, port: path)
    }

    /// Writes a table as an Arrow IPC (Feather V2) file through the host.
    public func writeArrowFile(_ table: Table, to path: String) throws {
        let ipc = try arrowIPC()
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        table.export(into: stream)
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in ipc.write_file?(path, stream, error, capacity) ?? Status.unsupported.rawValue }
        stream.pointee.release?(stream)
        try errors.check(status, "writing \(path)")
    }

    private func arrowIPC() throws -> sluice_arrow_ipc_v1 {
        guard let pointer = extensionTable(SLUICE_EXT_ARROW_IPC) else {
            throw StageError(.unsupported, "this host cannot read or write Arrow files (no sluice.arrow-ipc/1); upgrade sluice")
        }
        return readSizedStruct(pointer, as: sluice_arrow_ipc_v1.self, zero: sluice_arrow_ipc_v1())
    }
}
