import ArgumentParser
import SluiceCore

@main
struct Sluice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Continuous delivery for machine learning: pipelines of native stage plugins.",
        version: "0.1.0",
        subcommands: [Run.self, Validate.self, Resume.self, RunsCommand.self, Approve.self, Reject.self, LineageCommand.self, ArtifactsCommand.self, DataCommand.self, GCCommand.self, PluginsCommand.self, ModelsCommand.self, PredictCommand.self, Serve.self, NewCommand.self]
    )
}
