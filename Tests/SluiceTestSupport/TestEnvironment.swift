import Foundation

/// Where the tests find the package, the built products and a C compiler.
package enum TestEnvironment {
    /// The package root (three levels above this file).
    package static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The folder SwiftPM built into: the test runner lives there beside the plugins.
    package static let productsDirectory: String = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
        // On some platforms the runner sits inside a bundle (X.xctest/Contents/MacOS).
        while folder.path != "/" && folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        return folder.path
    }()

    /// A product built by `swift build`, e.g. "libSluiceTestPlugin.so".
    package static func product(_ name: String) throws -> String {
        let path = productsDirectory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestSetupError("\(path) is missing: run `swift build` before `swift test` (make test does both)")
        }
        return path
    }

    package static let header = packageRoot + "/Sources/CSluiceABI/include"
    package static let fixtures = packageRoot + "/Tests/SluiceTestSupport/Fixtures"

    /// The built `sluice` executable.
    package static func sluice() throws -> String { try product("sluice") }
}

package struct TestSetupError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// A fresh folder under the system temporary folder, removed by `remove()`.
package struct TemporaryFolder {
    package let path: String

    package init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> String { path + "/" + name }

    package func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    package func copy(_ source: String, as name: String) throws {
        try FileManager.default.copyItem(atPath: source, toPath: file(name))
    }

    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs a program and returns its exit status and output.
@discardableResult
package func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Compiles a C fixture plugin (by default the general one, `fixture_plugin.c`) with
/// `defines` into `folder/name`, as a plugin author would.
package func compileFixture(_ name: String, in folder: TemporaryFolder, defines: [String] = [], source: String = "fixture_plugin.c") throws -> String {
    let output = folder.file(name)
    let result = try runProcess("/usr/bin/env", [
        "cc", "-std=c99", "-shared", "-fPIC", "-Werror=implicit-function-declaration",
        "-I", TestEnvironment.header,
    ] + defines.map { "-D" + $0 } + [TestEnvironment.fixtures + "/" + source, "-o", output])
    guard result.status == 0 else {
        throw TestSetupError("compiling the fixture plugin failed (is a C compiler installed? make test installs one):\n\(result.stderr)")
    }
    return output
}
