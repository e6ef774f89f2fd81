import Foundation
import SluiceTestSupport

/// Runs `sluice` (the built one, or an installed copy) as a user would for the scaffolding
/// tests, without a terminal on standard input so that no variable is prompted for.
struct ScaffoldCLI {
    var executable: String
    var environment: [String: String] = ProcessInfo.processInfo.environment

    static func built() throws -> ScaffoldCLI {
        var cli = ScaffoldCLI(executable: try TestEnvironment.sluice())
        // A user's own template or plugin folders must not leak into the tests.
        cli.environment["SLUICE_TEMPLATES"] = nil
        cli.environment["SLUICE_PLUGIN_PATH"] = nil
        return cli
    }

    @discardableResult
    func run(_ arguments: [String], in directory: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(executable, arguments, environment: environment, directory: directory)
    }

    /// `sluice runs show last --json` in `project`.
    func lastRun(in project: String) throws -> [String: Any] {
        let result = try run(["runs", "show", "last", "--json"], in: project)
        guard result.status == 0, let run = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestSetupError("runs show last failed (\(result.status)): \(result.stderr)")
        }
        return run
    }

    /// Stage name → status of a run shown as JSON.
    static func stages(_ run: [String: Any]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: ((run["stages"] as? [[String: Any]]) ?? []).compactMap { stage in
            (stage["name"] as? String).map { ($0, stage["status"] as? String ?? "?") }
        })
    }
}

