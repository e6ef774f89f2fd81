import ArgumentParser
import Foundation
import SluiceJSON
import SluiceStore
import SluiceSupport

/// The project whose runs a command reads.
struct ProjectOption: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project folder (default: the current folder).")
    var directory: String = FileManager.default.currentDirectoryPath

    func runStore() throws(SluiceError) -> any RunStore {
        try openRunStore(directory)
    }
}

/// The run store of the project in `directory`, which must exist.
func openRunStore(_ directory: String) throws(SluiceError) -> any RunStore {
    guard ProjectStores.hasRunStore(directory) else {
        throw SluiceError(.runsNoStore, at: directory, "no runs recorded here (no .sluice/sluice.db). Run a pipeline with `sluice run` first, or pass --project")
    }
    return try ProjectStores.runStore(directory)
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show and compare recorded runs.",
        subcommands: [List.self, Show.self, Compare.self, Pending.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Recent runs, newest first.")
        @OptionGroup var project: ProjectOption
        @Option(help: "How many runs to show.") var limit = 20
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                try store.markInterruptedRuns()
                let details = try store.runs(limit: limit).map { try store.detail($0.id) }
                if json {
                    print(JSONValue.array(details.map { RunReport.json($0, full: false) }).prettyText)
                } else if details.isEmpty {
                    print("no runs yet")
                } else {
                    var rows = [["RUN", "PIPELINE", "STATUS", "STARTED", "DURATION", "METRICS"]]
                    for detail in details {
                        let run = detail.summary
                        rows.append([run.id, run.pipeline, run.status.rawValue, RunReport.timestamp(run.startedAt),
                                     run.duration.map(RunReport.duration) ?? "-", RunReport.keyMetrics(detail, limit: 3)])
                    }
                    print(formatTable(rows))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One run: params, stages, metrics, artifacts, approvals and logs.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "The run id (or a unique prefix, or 'last').") var runID: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                try store.markInterruptedRuns()
                let detail = try store.detail(try store.resolveRunID(runID))
                print(json ? RunReport.json(detail).prettyText : RunReport.show(detail))
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compare", abstract: "Params and metrics of several runs side by side; differences are marked with *.")
        @OptionGroup var project: ProjectOption
        @Argument(help: "Two or more run ids.") var runs: [String]
        @Flag(help: "Print machine-readable JSON.") var json = false

        func validate() throws {
            guard runs.count >= 2 else { throw ValidationError("give at least two runs to compare") }
        }

        func run() throws {
            try reportingErrors {
                let store = try project.runStore()
                let details = try runs.map { try store.detail(try store.resolveRunID($0)) }
                let comparison = RunComparison(details)
                print(json ? comparison.json.prettyText : comparison.table)
            }
        }
    }

    struct Pending: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pending", abstract: "Stages waiting for a manual approval.")
        @OptionGroup var project: ProjectOption
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let pending = try project.runStore().pendingApprovals()
                if json {
                    print(JSONValue.array(pending.map { .object(["run": .string($0.run.id), "pipeline": .string($0.run.pipeline), "stage": .string($0.stage)]) }).prettyText)
                } else if pending.isEmpty {
                    print("nothing is waiting for approval")
                } else {
                    var rows = [["RUN", "PIPELINE", "STAGE", "WAITING SINCE"]]
                    for item in pending { rows.append([item.run.id, item.run.pipeline, item.stage, RunReport.timestamp(item.run.startedAt)]) }
                    print(formatTable(rows))
                    print("\napprove with: sluice approve RUN STAGE --by NAME [--note TEXT], then sluice resume RUN")
                }
            }
        }
    }
}

/// `sluice approve` and `sluice reject`: a person's recorded decision on a manual approval.
struct Approve: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a stage waiting for manual approval; `sluice resume RUN` then continues the run.")
    @OptionGroup var project: ProjectOption
    @Argument(help: "The run id.") var runID: String
    @Argument(help: "The stage waiting for approval.") var stage: String
    @Option(help: "Who approves (recorded in the audit trail).") var by: String
    @Option(help: "Why.") var note: String = ""

    func run() throws {
        try decide(project: project, run: runID, stage: stage, decision: .approved, by: by, note: note)
    }
}

struct Reject: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a stage waiting for manual approval; the run ends as rejected.")
    @OptionGroup var project: ProjectOption
    @Argument(help: "The run id.") var runID: String
    @Argument(help: "The stage waiting for approval.") var stage: String
    @Option(help: "Who rejects (recorded in the audit trail).") var by: String
    @Option(help: "Why (required).") var note: String

    func run() throws {
        try decide(project: project, run: runID, stage: stage, decision: .rejected, by: by, note: note)
    }
}

private func decide(project: ProjectOption, run: String, stage: String, decision: ApprovalRecord.Decision, by: String, note: String) throws {
    try reportingErrors {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SluiceError(.approvalNoName, at: "--by", "say who decides: --by NAME")
        }
        let store = try project.runStore()
        let id = try store.resolveRunID(run)
        let detail = try store.detail(id)
        guard let record = detail.stages.first(where: { $0.stage == stage }) else {
            throw SluiceError(.approvalUnknownStage, at: stage, "run \(id) has no stage '\(stage)'. Stages: \(detail.stages.map(\.stage).joined(separator: ", "))")
        }
        guard record.status == .awaitingApproval else {
            let waiting = detail.stages.filter { $0.status == .awaitingApproval }.map(\.stage)
            throw SluiceError(
                .approvalNotWaiting, at: "\(id) \(stage)",
                "stage '\(stage)' is \(record.status.rawValue), not awaiting approval." + (waiting.isEmpty ? "" : " Waiting: \(waiting.joined(separator: ", "))"))
        }
        try store.recordApproval(id, ApprovalRecord(stage: stage, decision: decision, by: by, note: note, time: Date()))
        if decision == .rejected {
            try store.updateStage(id, stage, status: .rejected, endedAt: Date(), error: "rejected by \(by): \(note)")
            try store.setRunStatus(id, .rejected, endedAt: Date())
            print("rejected \(stage) of run \(id); the run is now rejected")
        } else {
            print("approved \(stage) of run \(id); continue it with: sluice resume \(id)")
        }
    }
}
