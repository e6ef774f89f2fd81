import Foundation

/// Finds and runs the Python interpreter that has pyarrow and pandas, for the Arrow
/// interop tests. `scripts/install-deps.sh` puts one in `.venv/` at the package root.
package enum Python {
    /// The interop scripts and the small Arrow files beside them.
    package static let fixtures = TestEnvironment.fixtures + "/arrow"

    /// `.venv/bin/python` when it has pyarrow and pandas, else `python3` on PATH when
    /// that has them. Looked up once per test process.
    package static func interpreter() throws -> String {
        switch found {
        case .success(let path): return path
        case .failure(let error): throw error
        }
    }

    private static let found: Result<String, TestSetupError> = {
        let candidates = [TestEnvironment.packageRoot + "/.venv/bin/python", "/usr/bin/env"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let prefix = candidate.hasSuffix("env") ? ["python3"] : []
            if let result = try? runProcess(candidate, prefix + ["-c", "import pyarrow, pandas"]), result.status == 0 {
                return .success(candidate == "/usr/bin/env" ? pythonOnPath() ?? candidate : candidate)
            }
        }
        return .failure(TestSetupError(
            "Python 3 with pyarrow and pandas is missing, and the Arrow interop tests need it: run `bash scripts/install-deps.sh` (it creates .venv/ with both)"
        ))
    }()

    private static func pythonOnPath() -> String? {
        guard let result = try? runProcess("/usr/bin/env", ["python3", "-c", "import sys; print(sys.executable)"]), result.status == 0 else { return nil }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }

    /// Runs the fixture script `script` (e.g. "read_ipc.py") with `arguments` and
    /// returns what it printed; throws with its error output when it fails.
    package static func run(_ script: String, _ arguments: [String]) throws -> String {
        // No __pycache__ folders in the source tree.
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result = try runProcess(try interpreter(), [fixtures + "/" + script] + arguments, environment: environment, directory: fixtures)
        guard result.status == 0 else {
            throw TestSetupError("\(script) \(arguments.joined(separator: " ")) failed with status \(result.status):\n\(result.stderr)")
        }
        return result.stdout
    }
}
