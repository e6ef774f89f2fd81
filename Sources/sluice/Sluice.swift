import ArgumentParser
import Foundation
import SluiceSupport

@main
struct Sluice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Continuous delivery for machine learning: pipelines of native stage plugins.",
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, Resume.self, RunsCommand.self, Approve.self, Reject.self, LineageCommand.self, ArtifactsCommand.self, DataCommand.self, GCCommand.self, PluginsCommand.self, ModelsCommand.self, PredictCommand.self, Serve.self, MonitorCommand.self, NewCommand.self, WorkerCommand.self]
    )

    /// Runs the command; usage errors exit with 2, as the README documents, where
    /// ArgumentParser would use 64 (EX_USAGE).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                printError("Run `sluice help` or add --help for the usage.")
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
