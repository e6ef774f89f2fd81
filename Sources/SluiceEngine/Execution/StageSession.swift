import CSluiceABI
import Foundation
import SluicePlugins
import SluiceStore
import Synchronization

/// What a stage may reach while it lives: where its events go, whether it is
/// cancelled, and where its artifacts are stored.
package struct StageContext: Sendable {
    package var runID: String
    package var stageName: String
    package var workDirectory: String
    /// The project's folder, absolute: relative paths in configs mean paths in it
    /// (sluice_call_v1.project_dir, ABI 1.1).
    package var projectDirectory: String
    package var events: @Sendable (StageEvent) -> Void
    package var cancellation: CancellationToken
    package var artifacts: any ArtifactStore
    /// Loads models for "sluice.models/1"; nil where no plugin catalog is at hand.
    package var models: ModelLoader?
    /// The model registry for "sluice.registry/1"; nil outside a project's run.
    package var registry: (any StageRegistryService)?

    package init(
        runID: String, stageName: String, workDirectory: String,
        projectDirectory: String = FileManager.default.currentDirectoryPath,
        events: @escaping @Sendable (StageEvent) -> Void = { _ in },
        cancellation: CancellationToken = CancellationToken(),
        artifacts: any ArtifactStore = MemoryArtifactStore(),
        models: ModelLoader? = nil,
        registry: (any StageRegistryService)? = nil
    ) {
        self.models = models
        self.registry = registry
        self.runID = runID
        self.stageName = stageName
        self.workDirectory = workDirectory
        self.projectDirectory = URL(fileURLWithPath: projectDirectory).standardizedFileURL.path
        self.events = events
        self.cancellation = cancellation
        self.artifacts = artifacts
    }
}

/// The host side of one stage instance: owns the `sluice_host_v1` table handed to
/// the plugin and answers its calls. @unchecked Sendable: the protocol lets plugins
/// call host services from any thread; mutable state sits behind a Mutex.
package final class StageSession: @unchecked Sendable {
    package let context: StageContext
    package let table: UnsafeMutablePointer<sluice_host_v1>
    /// The context's strings as C strings, lent to every call of this instance.
    package let runID: UnsafeMutablePointer<CChar>
    package let stageName: UnsafeMutablePointer<CChar>
    package let workDirectory: UnsafeMutablePointer<CChar>
    package let projectDirectory: UnsafeMutablePointer<CChar>
    /// The model host (ABI 1.1) for models this stage loads through "sluice.models/1":
    /// their log lines become the stage's own.
    package let modelHost: ModelHost
    /// Artifacts this stage wrote, by name, and buffers lent to it by artifact_read.
    private let state = Mutex<(named: [String: String], mediaTypes: [String: String], lent: [ByteBuffer])>(([:], [:], []))

    package init(_ context: StageContext) {
        self.context = context
        table = UnsafeMutablePointer<sluice_host_v1>.allocate(capacity: 1)
        table.initialize(to: HostTable.template)
        runID = strdup(context.runID)
        stageName = strdup(context.stageName)
        workDirectory = strdup(context.workDirectory)
        projectDirectory = strdup(context.projectDirectory)
        let events = context.events
        modelHost = HostTable.modelHost { level, message in events(.log(LogLevel(protocolValue: level), message)) }
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        table.deinitialize(count: 1)
        table.deallocate()
        for pointer in [runID, stageName, workDirectory, projectDirectory] { free(pointer) }
    }

    /// Set when the stage read state outside its inputs and config (a model by
    /// reference, e.g. the production alias): its result must not be reused from the cache.
    private let readOutsideState = Atomic<Bool>(false)

    package var dependsOnOutsideState: Bool { readOutsideState.load(ordering: .relaxed) }

    package func noteOutsideState() { readOutsideState.store(true, ordering: .relaxed) }

    /// The artifacts written so far, name → digest.
    package var namedArtifacts: [String: String] { state.withLock { $0.named } }

    /// The media type each named artifact was written with.
    package var artifactMediaTypes: [String: String] { state.withLock { $0.mediaTypes } }

    package func writeArtifact(name: String, mediaType: String, bytes: UnsafeRawBufferPointer) throws -> String {
        let digest = try context.artifacts.write(bytes, mediaType: mediaType)
        state.withLock {
            $0.named[name] = digest
            $0.mediaTypes[name] = mediaType
        }
        return digest
    }

    /// Reads by digest or by a name this stage gave; keeps the buffer alive for the plugin.
    package func readArtifact(_ reference: String) throws -> ByteBuffer? {
        let digest: String? = reference.hasPrefix("sha256:") ? reference : state.withLock { $0.named[reference] }
        guard let digest, let buffer = try context.artifacts.read(digest: digest) else { return nil }
        state.withLock { $0.lent.append(buffer) }
        return buffer
    }

    package static func from(_ host: UnsafePointer<sluice_host_v1>?) -> StageSession? {
        guard let data = host?.pointee.host_data else { return nil }
        return Unmanaged<StageSession>.fromOpaque(data).takeUnretainedValue()
    }
}
