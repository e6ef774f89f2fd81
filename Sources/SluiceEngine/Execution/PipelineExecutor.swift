import Foundation
import SluiceArrow
import SluicePipeline
import SluicePlugins
import SluiceRegistry
import SluiceStore
import SluiceSupport
import Synchronization

/// Runs a pipeline's stages as a DAG: independent stages in parallel up to `jobs`,
/// each stage's outputs stored by digest and handed to the stages that need them. A
/// failed stage stops its dependants; a stage behind `approval: manual` waits for a
/// person; Ctrl-C cancels. Every step is recorded in the run store.
package final class PipelineExecutor {
    package let pipeline: Pipeline
    private let store: any RunStore
    private let objects: any ObjectStore
    private let options: ExecutionOptions
    private let observer: (any RunObserver)?
    /// Loads models for stages that evaluate or serve them ("sluice.models/1").
    private let models: ModelLoader
    private let registry: ModelRegistry

    package init(pipeline: Pipeline, store: any RunStore, objects: any ObjectStore, options: ExecutionOptions, observer: (any RunObserver)? = nil) {
        self.pipeline = pipeline
        registry = ModelRegistry(store: store)
        let rules = pipeline.pluginIsolations
        let isolation = ModelIsolation(all: options.isolation == .process, executable: options.workerExecutable, grace: options.stopGrace) { plugin in
            rules.isolation(of: plugin) == .process
        }
        models = ModelLoader(catalog: pipeline.catalog, sources: [
            FileModelSource(directory: options.projectDirectory), StoredModelSource(objects: objects, store: store),
            RegistryModelSource(registry: registry, objects: objects),
        ], isolation: isolation)
        self.store = store
        self.objects = objects
        self.options = options
        self.observer = observer
    }

    /// The stages a run covers: the targets and everything they need, or all stages.
    package static func selectedStages(_ pipeline: Pipeline, targets: [String]) throws(SluiceError) -> [PipelineStage] {
        guard !targets.isEmpty else { return pipeline.stages }
        var wanted = Set<String>()
        var queue: [String] = []
        for target in targets {
            guard pipeline.stage(target) != nil else {
                let names = pipeline.stages.map(\.name)
                throw SluiceError(.runUnknownStage, at: "--stage \(target)", "no stage named '\(target)' in \(pipeline.file).\(didYouMean(target, names)) Stages: \(names.joined(separator: ", "))")
            }
            queue.append(target)
        }
        while let name = queue.popLast() {
            guard wanted.insert(name).inserted, let stage = pipeline.stage(name) else { continue }
            queue.append(contentsOf: stage.dependencies)
        }
        return pipeline.stages.filter { wanted.contains($0.name) }
    }

    /// How `stage` runs in a plugin worker, and why when the pipeline did not ask for one
    /// in so many words; nil settings: in this process.
    private func workerSettings(for stage: PipelineStage) throws(SluiceError) -> (WorkerSettings?, String?) {
        let asked = (stage.isolation ?? options.isolation) == .process
        let why: String? = if asked {
            nil
        } else if stage.plugin.foreignToolchain {
            // Never in this process, whatever the pipeline says: see PluginLoader.
            "runs in a worker process: plugin '\(stage.plugin.id)' was built by another Swift toolchain ('\(stage.plugin.build)', this sluice: '\(PluginLoader.swiftFingerprint)')"
        } else if stage.resources.needsWorker {
            "runs in a worker process: resources.\(stage.resources.memory != nil ? "memory" : "time") is enforced on a process of its own"
        } else {
            nil
        }
        guard asked || why != nil else { return (nil, nil) }
        guard let executable = options.workerExecutable ?? WorkerSettings.findExecutable() else {
            throw SluiceError(.workerStart, at: stage.name, "cannot find the sluice executable to run the stage in a worker process; set SLUICE_WORKER_EXECUTABLE to its path")
        }
        let settings = WorkerSettings(
            executable: executable, memory: stage.resources.memory, cpuTime: stage.resources.time, cpus: stage.resources.cpus,
            maxOutput: stage.maxOutput, grace: options.stopGrace, pluginFolders: pipeline.catalog.searched)
        return (settings, why)
    }

    /// Starts a new run.
    package func run() throws(SluiceError) -> RunOutcome {
        let stages = try Self.selectedStages(pipeline, targets: options.targets)
        let id = Self.newRunID()
        let git = GitInfo.read(options.projectDirectory)
        try store.createRun(
            RunSummary(id: id, pipeline: pipeline.name, pipelineFile: pipeline.file, pipelineDigest: pipeline.digest, status: .running,
                       startedAt: Date(), hostVersion: SluiceVersion.host, gitCommit: git?.commit, gitDirty: git?.dirty,
                       overrides: options.overrides),
            stages: stages.map { stage in
                StageRecord(stage: stage.name, uses: stage.uses, pluginVersion: stage.plugin.version, pluginBuild: stage.plugin.build,
                            status: .waiting, attempts: 0, config: stage.config.canonicalText)
            },
            params: pipeline.params.mapValues(\.canonicalText)
        )
        return try execute(runID: id, stages: stages, finished: [:])
    }

    /// Continues a run that stopped (waiting for approval, failed, cancelled or
    /// interrupted): stages that succeeded keep their outputs; the rest run again.
    package func resume(_ runID: String) throws(SluiceError) -> RunOutcome {
        let detail = try store.detail(runID)
        guard detail.summary.pipelineDigest == pipeline.digest else {
            throw SluiceError(.runPipelineChanged, at: pipeline.file, "the pipeline changed since run \(runID) started, so it cannot be resumed safely. Start a new run with `sluice run`, or restore the file")
        }
        guard detail.summary.status != .succeeded else {
            throw SluiceError(.runFinished, at: runID, "run \(runID) already succeeded; there is nothing to resume")
        }
        guard detail.summary.status != .running else {
            throw SluiceError(.runRunning, at: runID, "run \(runID) is still running in process \(ProcessInfo.processInfo.processIdentifier == 0 ? "?" : "another sluice"); wait for it or cancel it first")
        }
        let stages = pipeline.stages.filter { stage in detail.stages.contains { $0.stage == stage.name } }
        var finished: [String: [String: StoredOutput]] = [:]
        for record in detail.stages where record.status.isSuccess {
            var outputs: [String: StoredOutput] = [:]
            for artifact in detail.artifacts where artifact.stage == record.stage && artifact.role == .output {
                outputs[artifact.name] = StoredOutput(digest: artifact.digest, mediaType: artifact.mediaType, size: artifact.size)
            }
            finished[record.stage] = outputs
        }
        try store.setRunStatus(runID, .running, endedAt: nil)
        return try execute(runID: runID, stages: stages, finished: finished, approvals: detail.approvals)
    }

    // MARK: - The scheduling loop

    private struct Completion: Sendable {
        package let name: String
        package let task: StageTask
        package let result: StageTask.Result
        package let fingerprint: String?
    }

    /// An output of a finished stage: its digest, and its bytes once someone needed them.
    private struct StoredOutput {
        package let digest: String
        package let mediaType: String
        package let size: Int
        package var value: PortValue?
    }

    private func execute(runID: String, stages: [PipelineStage], finished: [String: [String: StoredOutput]], approvals: [ApprovalRecord] = []) throws(SluiceError) -> RunOutcome {
        let events = EventBuffer(store: store, runID: runID)
        let selected = Set(stages.map(\.name))
        var status: [String: StageRunStatus] = [:]
        var results: [String: RunOutcome.Stage] = [:]
        var outputs: [String: [String: StoredOutput]] = finished
        var cancelled = false
        let hasher = try FileHasher(store: store)
        defer { try? hasher.save() }
        let cache = try StageCache(store: store, objects: objects, pipeline: pipeline.name, runID: runID)
        // Bookkeeping of the scheduling loop (cache hits, skips, starts, completions) and
        // what plugins reported, written in one transaction per pass instead of one per
        // stage.
        let pending = RunStoreBatch()
        func commit() throws(SluiceError) {
            try store.apply(pending)
            cache.applied()
        }
        for stage in stages {
            status[stage.name] = finished[stage.name] != nil ? .succeeded : .waiting
        }
        observer?.runStarted(id: runID, pipeline: pipeline, stages: stages.map(\.name))
        for stage in stages where finished[stage.name] != nil {
            results[stage.name] = RunOutcome.Stage(status: .succeeded)
            observer?.stageChanged(stage.name, to: .succeeded, detail: "from an earlier attempt of this run")
        }

        let completions = Mutex<[Completion]>([])
        let signal = DispatchSemaphore(value: 0)
        var running: [String: StageTask] = [:]
        let machineCPUs = ProcessInfo.processInfo.activeProcessorCount

        func decision(_ stage: String) -> ApprovalRecord.Decision? {
            approvals.last { $0.stage == stage }?.decision
        }

        /// Marks every stage that (transitively) needs `failed` as skipped (or cancelled,
        /// when the whole run is being cancelled).
        func skipDependants(of failed: String) throws(SluiceError) {
            for stage in stages where status[stage.name] == .waiting && stage.dependencies.contains(failed) {
                let final: StageRunStatus = cancelled ? .cancelled : .skipped
                status[stage.name] = final
                let reason = cancelled ? "the run was cancelled" : "needs '\(failed)', which did not succeed"
                results[stage.name] = RunOutcome.Stage(status: final)
                pending.updateStage(runID, stage.name, status: final, endedAt: Date(), error: reason)
                observer?.stageChanged(stage.name, to: final, detail: reason)
                try skipDependants(of: stage.name)
            }
        }

        func record(_ completion: Completion) throws(SluiceError) {
            let stage = completion.task.stage
            let ended = Date()
            let duration = ended.timeIntervalSince(completion.task.startedAt)
            if let error = completion.result.error {
                let final: StageRunStatus = switch error.kind {
                case .gateFailed: .gateFailed
                case .cancelled: .cancelled
                default: .failed
                }
                status[stage.name] = final
                results[stage.name] = RunOutcome.Stage(status: final, duration: duration, error: error)
                // Keep what a failed stage stored (a failed gate's report) findable from the run.
                let stored = storedArtifacts(completion)
                if !stored.isEmpty { pending.recordStageData(runID, artifacts: stored, lineage: lineage(of: stage)) }
                events.note(stage.name, .error, error.message)
                pending.updateStage(runID, stage.name, status: final, attempts: completion.result.attempts, endedAt: ended, error: error.message, errorCode: error.code.id)
                observer?.stageChanged(stage.name, to: final, detail: error.description)
                try skipDependants(of: stage.name)
                return
            }
            // Store outputs by content, then record them with the inputs they came from.
            var stored: [String: StoredOutput] = [:]
            var artifacts: [ArtifactRecord] = []
            let produced = try composingInference(stage, completion.result.outputs)
            for (port, value) in produced.sorted(by: { $0.key < $1.key }) {
                let (digest, size) = try storeObject(value, compression: stage.compression)
                stored[port] = StoredOutput(digest: digest, mediaType: value.mediaType, size: size, value: value)
                artifacts.append(ArtifactRecord(stage: stage.name, name: port, role: .output, digest: digest, mediaType: value.mediaType, size: size))
            }
            do {
                artifacts += try storeOuts(of: stage)
            } catch let error as SluiceError {
                try record(Completion(name: completion.name, task: completion.task, result: StageTask.Result(error: error, attempts: completion.result.attempts), fingerprint: nil))
                return
            } catch {
                throw SluiceError(.storeIo, at: stage.name, "cannot store the stage's outs: \(error)")
            }
            artifacts += storedArtifacts(completion)
            pending.recordStageData(runID, artifacts: artifacts, lineage: lineage(of: stage))
            outputs[stage.name] = stored
            status[stage.name] = .succeeded
            results[stage.name] = RunOutcome.Stage(status: .succeeded, duration: duration)
            // A stage that read outside state (a model by alias) is recorded without a
            // fingerprint, so no later run reuses a verdict the world may have changed.
            let fingerprint = completion.result.dependsOnOutsideState ? nil : completion.fingerprint
            pending.updateStage(runID, stage.name, status: .succeeded, attempts: completion.result.attempts, endedAt: ended, fingerprint: fingerprint)
            if let fingerprint { cache.willRecord(fingerprint: fingerprint) }
            observer?.stageChanged(stage.name, to: .succeeded, detail: String(format: "%.2fs", duration))
        }

        /// What is trained is what is served: a transformer's tables are marked with
        /// the digest of the transform it fitted (so an inference pipeline given them
        /// does not apply it twice), and a trainer trained after fitted transforms
        /// outputs, on its model ports, the inference pipeline of those transforms and
        /// its model.
        func composingInference(_ stage: PipelineStage, _ produced: [String: PortValue]) throws(SluiceError) -> [String: PortValue] {
            switch stage.info.kind {
            case .transformer:
                guard let capability = TransformCapability(stage.plugin),
                      let fitted = produced.sorted(by: { $0.key < $1.key }).first(where: { $0.value.mediaType != PortValue.arrowMediaType && capability.handles(mediaType: $0.value.mediaType) }),
                      case .bytes(let buffer, _) = fitted.value
                else { return produced }
                // The digest the object store will give it (content-addressed by SHA-256),
                // without storing it twice.
                let digest = sha256Digest(buffer.pointer)
                return produced.mapValues { value in
                    if case .table(let table) = value { .table(InferencePipeline.marking(table, applied: digest)) } else { value }
                }
            case .trainer:
                let steps = try fittedSteps(before: stage)
                guard !steps.isEmpty else { return produced }
                var composed = produced
                for port in stage.info.outputs where port.kind == .model {
                    guard case .bytes(let buffer, let mediaType)? = produced[port.name] else { continue }
                    let model = InferencePipeline.Part(stage: stage.name, plugin: stage.plugin.id, mediaType: mediaType,
                                                       digest: sha256Digest(buffer.pointer), bytes: Array(buffer.pointer))
                    let artifact = InferencePipeline.artifact(steps: steps, model: model)
                    composed[port.name] = .bytes(artifact.withUnsafeBytes { ByteBuffer(copying: $0) }, mediaType: InferencePipeline.mediaType)
                }
                return composed
            default:
                return produced
            }
        }

        /// The fitted transforms the trainer's table went through, in order: up its
        /// table input (`train` first), through every stage that fitted one, past
        /// those that did not (split, filter), to the loader.
        func fittedSteps(before trainer: PipelineStage) throws(SluiceError) -> [InferencePipeline.Part] {
            var steps: [InferencePipeline.Part] = []
            var current = trainer
            var visited: Set<String> = [trainer.name]
            while let source = Self.tableSource(of: current), visited.insert(source.stage).inserted, let upstream = pipeline.stage(source.stage) {
                if upstream.info.kind == .transformer, let capability = TransformCapability(upstream.plugin),
                   let (port, fitted) = outputs[upstream.name]?.sorted(by: { $0.key < $1.key }).first(where: { capability.handles(mediaType: $0.value.mediaType) }) {
                    let bytes: [UInt8]
                    if case .bytes(let buffer, _)? = fitted.value {
                        bytes = Array(buffer.pointer)
                    } else {
                        do {
                            guard let buffer = try objects.read(digest: fitted.digest) else { throw SluiceError(.runMissingObject, at: fitted.digest, "the object is gone") }
                            bytes = Array(buffer.pointer)
                        } catch {
                            throw SluiceError(.runMissingObject, at: "\(upstream.name).\(port)",
                                              "cannot read the fitted transform \(fitted.digest) to compose the inference pipeline: \(error). Run the stage again with --force-stage \(upstream.name)")
                        }
                    }
                    steps.insert(InferencePipeline.Part(stage: upstream.name, plugin: upstream.plugin.id, mediaType: fitted.mediaType,
                                                        digest: fitted.digest, bytes: bytes), at: 0)
                }
                current = upstream
            }
            return steps
        }

        /// The artifacts the stage wrote through the host (`artifact_write`).
        func storedArtifacts(_ completion: Completion) -> [ArtifactRecord] {
            completion.result.artifacts.sorted(by: { $0.key < $1.key }).map { name, digest in
                let size = (try? objects.size(of: digest)) ?? 0
                let mediaType = completion.result.artifactMediaTypes[name] ?? "application/octet-stream"
                return ArtifactRecord(stage: completion.task.stage.name, name: name, role: .artifact, digest: digest, mediaType: mediaType, size: size)
            }
        }

        func lineage(of stage: PipelineStage) -> [LineageRecord] {
            stage.inputs.sorted(by: { $0.key < $1.key }).compactMap { port, source -> LineageRecord? in
                guard let digest = outputs[source.stage]?[source.port]?.digest else { return nil }
                return LineageRecord(stage: stage.name, inputPort: port, sourceStage: source.stage, sourcePort: source.port, digest: digest)
            }
        }

        /// The digest of each plugin library file, hashed (or found unchanged) once per run.
        var libraryDigests: [String: String] = [:]
        func libraryDigest(of stage: PipelineStage) throws(SluiceError) -> String {
            if let known = libraryDigests[stage.plugin.path] { return known }
            let digest = try hasher.libraryDigest(of: stage.plugin.path)
            libraryDigests[stage.plugin.path] = digest
            return digest
        }

        /// The stage's fingerprint (nil when it must not be cached); records its deps'
        /// digests. Its plugin library's digest is recorded by the update that reuses or
        /// starts it: a no-op rerun writes one update per stage.
        func fingerprint(of stage: PipelineStage, pluginDigest: String) throws(SluiceError) -> String? {
            var deps: [String: String] = [:]
            for path in stage.deps {
                deps[path] = try hasher.digest(of: options.projectDirectory + "/" + path)
            }
            if !deps.isEmpty { pending.updateStage(runID, stage.name, status: .waiting, deps: deps) }
            // Deployers act on the world (registry, files elsewhere) and volatile stages
            // read it (live data): never skip them.
            guard stage.cache, stage.info.kind != .deployer, !stage.info.volatile else { return nil }
            var inputs: [String: String] = [:]
            for (port, source) in stage.inputs {
                guard let digest = outputs[source.stage]?[source.port]?.digest else { return nil }
                inputs[port] = digest
            }
            return StageFingerprint.compute(stage: stage, pluginDigest: pluginDigest, inputs: inputs, deps: deps)
        }

        /// Reuses the outputs of an earlier identical execution; false when there is none.
        func reuse(_ stage: PipelineStage, fingerprint: String, pluginDigest: String) throws(SluiceError) -> Bool {
            guard !options.force, !options.forceStages.contains(stage.name),
                  let earlier = try cache.execution(fingerprint: fingerprint) else { return false }
            let earlierOutputs = earlier.outputs.filter { $0.role == .output }
            guard stage.info.outputs.allSatisfy({ port in port.optional || earlierOutputs.contains { $0.name == port.name } }),
                  cache.objectsExist(earlier.outputs.lazy.map(\.digest)) else { return false }
            var stored: [String: StoredOutput] = [:]
            for output in earlierOutputs {
                stored[output.name] = StoredOutput(digest: output.digest, mediaType: output.mediaType, size: output.size)
            }
            let artifacts = earlier.outputs.map { output in
                ArtifactRecord(stage: stage.name, name: output.name, role: output.role, digest: output.digest, mediaType: output.mediaType, size: output.size)
            }
            for file in earlier.outputs where file.role == .file {
                do {
                    let path = options.projectDirectory + "/" + file.name
                    let current = FileManager.default.fileExists(atPath: path) ? try? FileHasher.hashFile(path) : nil
                    if current != file.digest { try objects.restore(file.digest, to: path) }
                } catch let error as SluiceError {
                    throw error
                } catch {
                    throw SluiceError(.storeCannotRestore, at: file.name, "\(error)")
                }
            }
            pending.recordStageData(runID, artifacts: artifacts, lineage: lineage(of: stage))
            outputs[stage.name] = stored
            status[stage.name] = .cached
            results[stage.name] = RunOutcome.Stage(status: .cached, duration: 0)
            let now = Date()
            pending.updateStage(runID, stage.name, status: .cached, attempts: 0, startedAt: now, endedAt: now, fingerprint: fingerprint,
                                pluginDigest: pluginDigest, reusedFrom: earlier.producer)
            cache.willRecord(fingerprint: fingerprint)
            observer?.stageChanged(stage.name, to: .cached, detail: "outputs of run \(earlier.producer.runID)")
            return true
        }

        func launch(_ stage: PipelineStage, fingerprint: String?, pluginDigest: String) throws(SluiceError) {
            var inputs: [String: PortValue] = [:]
            for (port, source) in stage.inputs {
                guard var output = outputs[source.stage]?[source.port] else { continue }
                if output.value == nil {
                    let value: PortValue?
                    do {
                        value = try objects.portValue(digest: output.digest, mediaType: output.mediaType)
                    } catch {
                        throw SluiceError(.runBadObject, at: output.digest, "output '\(source)' cannot be read from .sluice/objects: \(error). Run again with --force-stage \(source.stage)")
                    }
                    guard let value else {
                        throw SluiceError(.runMissingObject, at: output.digest, "output '\(source)' is missing from .sluice/objects (was it garbage-collected?). Run again with --force-stage \(source.stage)")
                    }
                    output.value = value
                    outputs[source.stage]?[source.port] = output
                }
                inputs[port] = output.value
            }
            let work = options.projectDirectory + "/.sluice/work/\(runID)/\(stage.name)"
            try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let (worker, why) = try workerSettings(for: stage)
            let task = StageTask(stage: stage, worker: worker)
            running[stage.name] = task
            if let why {
                events.add(stage.name, .log(.info, why))
                observer?.stageEvent(stage.name, .log(.info, why))
            }
            status[stage.name] = .running
            pending.updateStage(runID, stage.name, status: .running, startedAt: task.startedAt, pluginDigest: pluginDigest)
            observer?.stageChanged(stage.name, to: .running, detail: nil)
            let observer = self.observer, objects = self.objects, models = self.models, name = stage.name
            let projectDirectory = options.projectDirectory
            let stageRegistry = StageRegistry(registry: registry, store: store, objects: objects, models: models, runID: runID, stage: name,
                                              inputs: lineage(of: stage))
            task.start(context: { token in
                StageContext(runID: runID, stageName: name, workDirectory: work, projectDirectory: projectDirectory, events: { event in
                    events.add(name, event)
                    observer?.stageEvent(name, event)
                }, cancellation: token, artifacts: objects, models: models, registry: stageRegistry)
            }, inputs: inputs) { result in
                try? FileManager.default.removeItem(atPath: work)
                completions.withLock { $0.append(Completion(name: name, task: task, result: result, fingerprint: fingerprint)) }
                signal.signal()
            }
        }

        while true {
            if options.cancellation.isCancelled && !cancelled {
                cancelled = true
                events.note("", .warning, "run cancelled")
                for task in running.values { task.cancel() }
            }
            // Start every stage whose needs are met, up to `jobs` at once. Reused (cached)
            // stages finish at once and may unblock others, so repeat until nothing changes.
            var before: [String: StageRunStatus] = [:]
            while !cancelled && before != status {
                before = status
                for stage in stages where status[stage.name] == .waiting && running.count < options.jobs {
                    let needs = stage.dependencies.filter { selected.contains($0) || finished[$0] != nil }
                    guard needs.allSatisfy({ status[$0]?.isSuccess == true }) else { continue }
                    if stage.approval == .manual {
                        switch decision(stage.name) {
                        case .approved?:
                            break
                        case .rejected?:
                            status[stage.name] = .rejected
                            results[stage.name] = RunOutcome.Stage(status: .rejected)
                            pending.updateStage(runID, stage.name, status: .rejected, endedAt: Date(), error: "rejected by a reviewer")
                            observer?.stageChanged(stage.name, to: .rejected, detail: nil)
                            try skipDependants(of: stage.name)
                            continue
                        case nil:
                            status[stage.name] = .awaitingApproval
                            results[stage.name] = RunOutcome.Stage(status: .awaitingApproval)
                            events.note(stage.name, .info, "waiting for approval: sluice approve \(runID) \(stage.name) --by NAME")
                            pending.updateStage(runID, stage.name, status: .awaitingApproval)
                            observer?.stageChanged(stage.name, to: .awaitingApproval, detail: nil)
                            continue
                        }
                    }
                    // A stage that cannot even be prepared (a missing `deps` file, an
                    // unreadable stored input) fails like one that ran and failed.
                    do {
                        let pluginDigest = try libraryDigest(of: stage)
                        let print = try fingerprint(of: stage, pluginDigest: pluginDigest)
                        if let print, try reuse(stage, fingerprint: print, pluginDigest: pluginDigest) { continue }
                        // resources.cpus: wait until that many CPUs are free of other such
                        // stages (one asking for more than the machine has runs alone).
                        if let wanted = stage.resources.cpus {
                            let used = running.keys.compactMap { pipeline.stage($0)?.resources.cpus }.reduce(0, +)
                            if used > 0 && used + wanted > machineCPUs { continue }
                        }
                        try launch(stage, fingerprint: print, pluginDigest: pluginDigest)
                    } catch {
                        try record(Completion(name: stage.name, task: StageTask(stage: stage), result: StageTask.Result(error: error, attempts: 0), fingerprint: nil))
                    }
                }
            }
            try commit()
            if running.isEmpty { break }

            // Wait for a stage to finish, waking up now and then for timeouts, Ctrl-C and flushing.
            _ = signal.wait(timeout: .now() + .milliseconds(100))
            for completion in completions.withLock({ pending in defer { pending = [] }; return pending }) {
                guard running[completion.name] === completion.task else { continue }  // abandoned earlier
                running[completion.name] = nil
                try record(completion)
            }
            let now = Date()
            for (name, task) in running where task.check(now: now, grace: options.stopGrace) {
                running[name] = nil
                try record(Completion(name: name, task: task, result: StageTask.Result(error: task.abandonedError(), attempts: 1), fingerprint: nil))
            }
            // Completions are written before the next pass looks for reusable outputs:
            // a stage may reuse what one that just finished produced.
            events.drain(into: pending)
            try commit()
        }

        try commit()
        // Whatever never started: cancelled, or still waiting behind an approval.
        for stage in stages where status[stage.name] == .waiting {
            if cancelled {
                status[stage.name] = .cancelled
                results[stage.name] = RunOutcome.Stage(status: .cancelled)
                pending.updateStage(runID, stage.name, status: .cancelled, endedAt: Date())
                observer?.stageChanged(stage.name, to: .cancelled, detail: nil)
            } else {
                results[stage.name] = RunOutcome.Stage(status: .waiting)
            }
        }
        events.drain(into: pending)
        try commit()
        try? FileManager.default.removeItem(atPath: options.projectDirectory + "/.sluice/work/\(runID)")

        let statuses = Set(status.values)
        let runStatus: RunStatus =
            cancelled || statuses.contains(.cancelled) ? .cancelled
            : statuses.contains(.failed) ? .failed
            : statuses.contains(.gateFailed) ? .gateFailed
            : statuses.contains(.rejected) ? .rejected
            : statuses.contains(.awaitingApproval) ? .awaitingApproval
            : .succeeded
        try store.setRunStatus(runID, runStatus, endedAt: runStatus == .awaitingApproval ? nil : Date())
        return RunOutcome(runID: runID, status: runStatus, stages: stages.map { ($0.name, results[$0.name] ?? RunOutcome.Stage(status: .waiting)) })
    }

    /// Stores the files a stage declared in `outs`; a missing one fails the stage.
    private func storeOuts(of stage: PipelineStage) throws -> [ArtifactRecord] {
        var records: [ArtifactRecord] = []
        for out in stage.outs {
            let path = options.projectDirectory + "/" + out
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SluiceError(.stageMissingOut, at: stage.name, "\(stage.uses) succeeded but did not create '\(out)', declared in `outs`. Fix the command or the `outs` list")
            }
            let files = isDirectory.boolValue
                ? ((FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []).sorted().map { out + "/" + $0 }
                : [out]
            for file in files {
                let full = options.projectDirectory + "/" + file
                var info = stat()
                guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
                let digest = try objects.write(file: full)
                records.append(ArtifactRecord(stage: stage.name, name: file, role: .file, digest: digest, mediaType: "application/octet-stream", size: Int(info.st_size)))
            }
        }
        return records
    }

    /// Where a stage's table input comes from: its `train` input, else `data`, else
    /// its first table input.
    private static func tableSource(of stage: PipelineStage) -> PortReference? {
        let tables = stage.info.inputs.filter { $0.kind == .table }.map(\.name)
        let port = ["train", "data"].first { tables.contains($0) && stage.inputs[$0] != nil } ?? tables.first { stage.inputs[$0] != nil }
        return port.flatMap { stage.inputs[$0] }
    }

    private func storeObject(_ value: PortValue, compression: ArrowIPCCompression?) throws(SluiceError) -> (digest: String, size: Int) {
        do {
            switch value {
            case .bytes(let buffer, _): return (try objects.write(buffer.pointer, mediaType: ""), buffer.count)
            case .table(let table): return try objects.write(table: table, compression: compression)
            }
        } catch let error as SluiceError {
            throw error
        } catch {
            throw SluiceError(.storeIo, "cannot store an output: \(error)")
        }
    }

    /// Sortable, readable and unique enough for one project: 20261126-153012-3fa9.
    package static func newRunID() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date()) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}
