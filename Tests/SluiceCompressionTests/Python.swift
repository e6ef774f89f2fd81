import Foundation

/// The Python with pyarrow that the interop tests run: $SLUICE_PYTHON, else the
/// package's .venv/bin/python (scripts/install-deps.sh makes it). When it is missing the
/// tests fail rather than skip: a skipped interop test would hide that nothing checked
/// Sluice and pyarrow agree.
enum Python {
    static var interpreter: String {
        if let path = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !path.isEmpty { return path }
        return packageRoot + "/.venv/bin/python"
    }

    /// Three levels above this file: Tests/SluiceCompressionTests/Python.swift.
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `script` (Python source) with `arguments`; returns what it printed, or
    /// throws with its error output when it exits with a failure.
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        let python = interpreter
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PythonFailure("\(python) does not exist: set SLUICE_PYTHON to a Python with pyarrow, or run `bash scripts/install-deps.sh` to make .venv/")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Small outputs only (a word, or a traceback), so reading one pipe after the other cannot stall.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure("\(python) failed with status \(process.terminationStatus):\n\(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}

struct PythonFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh folder under the system temporary folder, for files handed to Python.
struct TemporaryFolder: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-compression-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
