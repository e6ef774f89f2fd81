import SluiceSupport
/// The error codes SluiceEngine raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let lineageMissingObject = Self("lineage.missing-object", kind: .failure)
    package static let lineageNoTrainingData = Self("lineage.no-training-data", kind: .failure)
    package static let modelAmbiguous = Self("model.ambiguous", kind: .usage)
    package static let modelBadDescription = Self("model.bad-description", kind: .failure)
    package static let modelBadInference = Self("model.bad-inference", kind: .failure)
    package static let modelBadPredictions = Self("model.bad-predictions", kind: .stageFailed)
    package static let modelBundleInvalid = Self("model.bundle-invalid", kind: .failure)
    package static let modelBundleModified = Self("model.bundle-modified", kind: .failure)
    package static let modelIo = Self("model.io", kind: .failure)
    package static let modelMissingObject = Self("model.missing-object", kind: .failure)
    package static let modelNoPlugin = Self("model.no-plugin", kind: .failure)
    package static let modelNotFound = Self("model.not-found", kind: .usage)
    package static let predictBadBool = Self("predict.bad-bool", kind: .failure)
    package static let predictBadCsv = Self("predict.bad-csv", kind: .failure)
    package static let predictBadNumber = Self("predict.bad-number", kind: .failure)
    package static let predictColumnClash = Self("predict.column-clash", kind: .usage)
    package static let predictEmptyCsv = Self("predict.empty-csv", kind: .failure)
    package static let predictUnknownFormat = Self("predict.unknown-format", kind: .usage)
    package static let registryBadReference = Self("registry.bad-reference", kind: .usage)
    package static let runBadObject = Self("run.bad-object", kind: .failure)
    package static let runFinished = Self("run.finished", kind: .usage)
    package static let runMissingObject = Self("run.missing-object", kind: .failure)
    package static let runPipelineChanged = Self("run.pipeline-changed", kind: .config)
    package static let runRunning = Self("run.running", kind: .usage)
    package static let runUnknownStage = Self("run.unknown-stage", kind: .usage)
    package static let stageCancelled = Self("stage.cancelled", kind: .cancelled)
    package static let stageInvalidConfig = Self("stage.invalid-config", kind: .config)
    package static let stageMissingInput = Self("stage.missing-input", kind: .stageFailed)
    package static let stageMissingOut = Self("stage.missing-out", kind: .stageFailed)
    package static let stageMissingOutput = Self("stage.missing-output", kind: .stageFailed)
    package static let stageTimeout = Self("stage.timeout", kind: .stageFailed)
}

/// The error codes of plugin workers (stages run in a child `sluice worker`).
extension SluiceError.Code {
    /// A worker could not be started (no executable, no socket pair).
    package static let workerStart = Self("worker.start", kind: .stageFailed)
    /// The channel to a worker broke or carried something that is not the protocol.
    package static let workerChannel = Self("worker.channel", kind: .stageFailed)
    /// A table or bytes could not be handed over through shared memory.
    package static let workerSharedMemory = Self("worker.shared-memory", kind: .stageFailed)
    /// The worker died (a signal, exit) before the stage finished.
    package static let workerDied = Self("worker.died", kind: .stageFailed)
    /// The worker went over its memory limit and was killed.
    package static let workerMemory = Self("worker.memory", kind: .stageFailed)
    /// The worker used up its CPU time limit.
    package static let workerTime = Self("worker.time", kind: .stageFailed)
    /// An output was larger than the stage's `max_output`.
    package static let workerOutputTooLarge = Self("worker.output-too-large", kind: .stageFailed)
}

/// The error codes of the conformance kit (`sluice plugins check`). A plugin failing a
/// check is a result, not one of these: these say the check itself could not be run.
extension SluiceError.Code {
    /// An example's input could not be turned into what the host hands a stage.
    package static let conformanceBadExample = Self("conformance.bad-example", kind: .config)
    /// A conformance worker was asked for something it cannot do (an unknown stage).
    package static let conformanceBadRequest = Self("conformance.bad-request", kind: .usage)
    /// A conformance worker could not be started, or wrote no readable result.
    package static let conformanceWorker = Self("conformance.worker", kind: .failure)
}
