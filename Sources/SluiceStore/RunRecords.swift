import Foundation

/// A run as listed by `sluice runs list`.
package struct RunSummary: Sendable, Equatable {
    package var id: String
    package var pipeline: String
    package var pipelineFile: String
    package var pipelineDigest: String
    package var status: RunStatus
    package var startedAt: Date
    package var endedAt: Date?
    package var hostVersion: String
    package var gitCommit: String?
    package var gitDirty: Bool?
    package var error: String?
    /// The `--set` overrides the run was started with.
    package var overrides: [String] = []

    package init(
        id: String,
        pipeline: String,
        pipelineFile: String,
        pipelineDigest: String,
        status: RunStatus,
        startedAt: Date,
        endedAt: Date? = nil,
        hostVersion: String,
        gitCommit: String? = nil,
        gitDirty: Bool? = nil,
        error: String? = nil,
        overrides: [String] = []
    ) {
        self.id = id
        self.pipeline = pipeline
        self.pipelineFile = pipelineFile
        self.pipelineDigest = pipelineDigest
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.hostVersion = hostVersion
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.error = error
        self.overrides = overrides
    }

    package var duration: TimeInterval? { endedAt.map { $0.timeIntervalSince(startedAt) } }
}

/// One stage of a run.
package struct StageRecord: Sendable, Equatable {
    package var stage: String
    package var uses: String
    package var pluginVersion: String
    package var pluginBuild: String
    package var status: StageRunStatus
    package var attempts: Int
    package var startedAt: Date?
    package var endedAt: Date?
    package var error: String?
    package var errorCode: String?
    package var config: String
    /// The fingerprint it ran (or was reused) with; nil when not cacheable.
    package var fingerprint: String? = nil
    /// Its declared file dependencies and their digests.
    package var deps: [String: String] = [:]
    /// The SHA-256 of the plugin library file it ran (or was reused) with; nil before
    /// it was prepared, and for runs recorded before sluice recorded it.
    package var pluginDigest: String? = nil
    /// For a `cached` stage: the execution that produced the outputs it reused (the
    /// first that ran, not one that reused them in turn), whose metrics it shows.
    package var reusedFrom: StageExecution? = nil

    package init(
        stage: String,
        uses: String,
        pluginVersion: String,
        pluginBuild: String,
        status: StageRunStatus,
        attempts: Int,
        startedAt: Date? = nil,
        endedAt: Date? = nil,
        error: String? = nil,
        errorCode: String? = nil,
        config: String,
        fingerprint: String? = nil,
        deps: [String: String] = [:],
        pluginDigest: String? = nil,
        reusedFrom: StageExecution? = nil
    ) {
        self.stage = stage
        self.uses = uses
        self.pluginVersion = pluginVersion
        self.pluginBuild = pluginBuild
        self.status = status
        self.attempts = attempts
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.errorCode = errorCode
        self.config = config
        self.fingerprint = fingerprint
        self.deps = deps
        self.pluginDigest = pluginDigest
        self.reusedFrom = reusedFrom
    }

    package var duration: TimeInterval? {
        guard let startedAt, let endedAt else { return nil }
        return endedAt.timeIntervalSince(startedAt)
    }
}

/// A metric value.
package struct MetricRecord: Sendable, Equatable {
    package var stage: String
    package var name: String
    package var value: Double
    package var step: Int64?
    package var time: Date
    /// The run that recorded it, when it is shown for a stage of another run that reused
    /// that run's outputs (`cached`); nil for a metric the run itself recorded.
    package var reusedFrom: String? = nil

    package init(stage: String, name: String, value: Double, step: Int64? = nil, time: Date, reusedFrom: String? = nil) {
        self.stage = stage
        self.name = name
        self.value = value
        self.step = step
        self.time = time
        self.reusedFrom = reusedFrom
    }
}

/// An output or artifact of a stage, by content digest.
package struct ArtifactRecord: Sendable, Equatable {
    /// `output`: a port value; `artifact`: stored by the stage through the host;
    /// `file`: a project file the stage declared in `outs` (name = its path).
    package enum Role: String, Sendable { case output, artifact, file }
    package var stage: String
    package var name: String
    package var role: Role
    package var digest: String
    package var mediaType: String
    package var size: Int

    package init(stage: String, name: String, role: Role, digest: String, mediaType: String, size: Int) {
        self.stage = stage
        self.name = name
        self.role = role
        self.digest = digest
        self.mediaType = mediaType
        self.size = size
    }
}

/// A log line or run event.
package struct EventRecord: Sendable, Equatable {
    package var stage: String
    package var time: Date
    package var level: String
    package var message: String

    package init(stage: String, time: Date, level: String, message: String) {
        self.stage = stage
        self.time = time
        self.level = level
        self.message = message
    }
}

/// A person's decision on a manual approval.
package struct ApprovalRecord: Sendable, Equatable {
    package enum Decision: String, Sendable { case approved, rejected }
    package var stage: String
    package var decision: Decision
    package var by: String
    package var note: String
    package var time: Date

    package init(stage: String, decision: Decision, by: String, note: String, time: Date) {
        self.stage = stage
        self.decision = decision
        self.by = by
        self.note = note
        self.time = time
    }
}

/// Which upstream output fed which input of a stage.
package struct LineageRecord: Sendable, Equatable {
    package var stage: String
    package var inputPort: String
    package var sourceStage: String
    package var sourcePort: String
    package var digest: String

    package init(stage: String, inputPort: String, sourceStage: String, sourcePort: String, digest: String) {
        self.stage = stage
        self.inputPort = inputPort
        self.sourceStage = sourceStage
        self.sourcePort = sourcePort
        self.digest = digest
    }
}

/// Everything `sluice runs show` prints.
package struct RunDetail: Sendable {
    package var summary: RunSummary
    package var params: [String: String]
    package var stages: [StageRecord]
    package var metrics: [MetricRecord]
    package var artifacts: [ArtifactRecord]
    package var lineage: [LineageRecord]
    package var events: [EventRecord]
    package var approvals: [ApprovalRecord]
    /// What stages reported with `log_param`, by stage (in pipeline order) and name; a
    /// cached stage's from the run it reused.
    package var stageParams: [StageParamRecord] = []

    /// The run whose values a stage shows: the one it reused, when it was cached.
    package func reusedFrom(stage: String) -> String? {
        stages.first { $0.stage == stage }?.reusedFrom?.runID
    }

    /// The last value of each metric, per stage, in first-seen order: what summaries show.
    package var latestMetrics: [(stage: String, name: String, value: Double)] {
        var order: [String] = []
        var latest: [String: (String, String, Double)] = [:]
        for metric in metrics {
            let key = metric.stage + "\u{0}" + metric.name
            if latest[key] == nil { order.append(key) }
            latest[key] = (metric.stage, metric.name, metric.value)
        }
        return order.map { latest[$0]! }
    }
}
