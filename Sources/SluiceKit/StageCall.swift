import CSluiceABI
import Foundation

/// One execution of a stage: its ports and where it runs.
public struct StageCall {
    private let raw: UnsafePointer<sluice_call_v1>
    private let table: sluice_call_v1

    init(_ raw: UnsafePointer<sluice_call_v1>) {
        self.raw = raw
        self.table = readSizedStruct(UnsafeRawPointer(raw), as: sluice_call_v1.self, zero: sluice_call_v1())
    }

    /// The id of the pipeline run.
    public var runID: String { table.run_id.map { String(cString: $0) } ?? "" }
    /// The stage's name in the pipeline.
    public var stageName: String { table.stage_name.map { String(cString: $0) } ?? "" }
    /// A private scratch folder, removed after the run.
    public var workDirectory: String { table.work_dir.map { String(cString: $0) } ?? "" }
    /// The project's folder (where sluice.yaml is), absolute: resolve relative paths of
    /// the config against it. On a 1.0 host, which does not pass it, the working folder.
    public var projectDirectory: String {
        table.project_dir.map { String(cString: $0) } ?? FileManager.default.currentDirectoryPath
    }

    /// `path` as the config means it: absolute as given, else inside `projectDirectory`.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : projectDirectory + "/" + path
    }

    /// Whether an (optional) input port is connected.
    public func hasInput(_ port: String) -> Bool {
        (table.has_input?(raw, port) ?? 0) != 0
    }

    /// The bytes and media type on an input port.
    public func inputBytes(_ port: String) throws -> (bytes: [UInt8], mediaType: String) {
        guard let input = table.input_bytes else { throw StageError(.unsupported, "this host cannot pass bytes") }
        var errors = ErrorBuffer()
        var data: UnsafePointer<UInt8>?
        var size = 0
        var mediaType: UnsafePointer<CChar>?
        let status = errors.call { error, capacity in input(raw, port, &data, &size, &mediaType, error, capacity) }
        try errors.check(status, "reading input '\(port)'")
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        return (bytes, mediaType.map { String(cString: $0) } ?? "application/octet-stream")
    }

    /// The text on an input port, decoded as UTF-8.
    public func inputText(_ port: String) throws -> String {
        let (bytes, _) = try inputBytes(port)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StageError.invalidInput("input '\(port)' is not valid UTF-8 text")
        }
        return text
    }

    /// Writes bytes to an output port.
    public func output(_ port: String, bytes: [UInt8], mediaType: String) throws {
        guard let output = table.output_bytes else { throw StageError(.unsupported, "this host cannot pass bytes") }
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in
            bytes.withUnsafeBufferPointer { data in
                output(raw, port, mediaType, data.baseAddress, data.count, error, capacity)
            }
        }
        try errors.check(status, "writing output '\(port)'")
    }

    /// Writes UTF-8 text to an output port.
    public func output(_ port: String, text: String, mediaType: String = "text/plain; charset=utf-8") throws {
        try output(port, bytes: Array(text.utf8), mediaType: mediaType)
    }
}

extension StageCall {
    /// The table on an input port. Its columns are views of the host's memory (no copy).
    public func inputTable(_ port: String) throws -> Table {
        guard let input = table.input_table else { throw StageError(.unsupported, "this host cannot pass tables") }
        var errors = ErrorBuffer()
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        stream.initialize(to: ArrowArrayStream())
        let status = errors.call { error, capacity in input(raw, port, stream, error, capacity) }
        try errors.check(status, "reading input '\(port)'")
        return try Table.importing(stream, port: port)
    }

    /// Writes a table to an output port (the host takes it without copying).
    public func output(_ port: String, table value: Table) throws {
        guard let output = table.output_table else { throw StageError(.unsupported, "this host cannot pass tables") }
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        value.export(into: stream)
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in output(raw, port, stream, error, capacity) }
        if status != 0 { stream.pointee.release?(stream) }  // on error the plugin still owns it
        try errors.check(status, "writing output '\(port)'")
    }
}
