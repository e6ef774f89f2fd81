import CSluiceABI
import Foundation
import SluiceKit

/// The host side of one stage instance, in memory: what `sluice_host_v1`'s functions
/// record (logs, metrics, params, progress, artifacts) and answer (cancellation,
/// artifact reads, extensions). Lives from `create` until after `destroy`.
final class FakeHost: @unchecked Sendable {
    // @unchecked: the protocol lets a stage call host services from any thread, so
    // every mutable property is read and written only while `lock` is held.
    private let lock = NSLock()
    private let cancellation: Cancellation
    private var checks = 0
    private var records = Records()
    private let seeded: [ArtifactRecord]
    private let lent: LentMemory
    private let hostVersion: UnsafePointer<CChar>
    /// The C table handed to `create`; valid as long as this object.
    let table: UnsafeMutablePointer<sluice_host_v1>

    /// Everything the stage reported, in order.
    struct Records {
        var logs: [LogRecord] = []
        var metrics: [MetricRecord] = []
        var params: [ParamRecord] = []
        var progress: [ProgressRecord] = []
        var artifacts: [ArtifactRecord] = []
        var cancellationChecks = 0
    }

    init(cancellation: Cancellation, artifacts: [ArtifactRecord]) {
        self.cancellation = cancellation
        seeded = artifacts
        let memory = LentMemory()
        hostVersion = memory.cString("sluice-kit-testing")
        lent = memory
        table = UnsafeMutablePointer<sluice_host_v1>.allocate(capacity: 1)
        // Zeroed first, then filled field by field: fields a later header appends stay
        // NULL / 0 (absent) until the harness learns to fill them.
        table.initialize(to: sluice_host_v1())
        table.pointee.struct_size = UInt32(MemoryLayout<sluice_host_v1>.size)
        table.pointee.abi_major = UInt32(SLUICE_ABI_MAJOR)
        table.pointee.abi_minor = UInt32(SLUICE_ABI_MINOR)
        table.pointee.host_version = hostVersion
        table.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
        table.pointee.log = FakeHost.log
        table.pointee.metric = FakeHost.metric
        table.pointee.param = FakeHost.param
        table.pointee.progress = FakeHost.progress
        table.pointee.is_cancelled = FakeHost.isCancelled
        table.pointee.artifact_write = FakeHost.artifactWrite
        table.pointee.artifact_read = FakeHost.artifactRead
        table.pointee.get_extension = FakeHost.getExtension
    }

    deinit {
        table.deallocate()
    }

    /// A copy of what was recorded so far.
    var recorded: Records {
        lock.withLock { records }
    }

    private func record(_ change: (inout Records) -> Void) {
        lock.withLock { change(&records) }
    }

    private static func from(_ host: UnsafePointer<sluice_host_v1>?) -> FakeHost? {
        host?.pointee.host_data.map { Unmanaged<FakeHost>.fromOpaque($0).takeUnretainedValue() }
    }

    private static let log: @convention(c) (UnsafePointer<sluice_host_v1>?, Int32, UnsafePointer<CChar>?) -> Void = { host, level, message in
        // Levels between the named ones round down, as the host's log does.
        let named = LogLevel(rawValue: level) ?? [LogLevel.error, .warning, .info].first { $0.rawValue <= level } ?? .debug
        from(host)?.record { $0.logs.append(LogRecord(level: named, message: string(message) ?? "")) }
    }

    private static let metric: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, Double, Int64) -> Void = { host, name, value, step in
        guard let name = string(name) else { return }
        from(host)?.record { $0.metrics.append(MetricRecord(name: name, value: value, step: step < 0 ? nil : Int(step))) }
    }

    private static let param: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = { host, name, value in
        guard let name = string(name) else { return }
        from(host)?.record { $0.params.append(ParamRecord(name: name, json: string(value) ?? "null")) }
    }

    private static let progress: @convention(c) (UnsafePointer<sluice_host_v1>?, Double, UnsafePointer<CChar>?) -> Void = { host, fraction, message in
        let known = fraction >= 0 && fraction.isFinite ? min(fraction, 1) : nil
        from(host)?.record { $0.progress.append(ProgressRecord(fraction: known, message: string(message))) }
    }

    private static let isCancelled: @convention(c) (UnsafePointer<sluice_host_v1>?) -> Int32 = { host in
        guard let fake = from(host) else { return 0 }
        return fake.lock.withLock {
            defer { fake.checks += 1; fake.records.cancellationChecks = fake.checks }
            return fake.cancellation.isCancelled(check: fake.checks) ? 1 : 0
        }
    }

    private static let artifactWrite: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int,
        UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, name, mediaType, data, size, digestOut, error, capacity in
        guard let fake = from(host), let name = string(name), !name.isEmpty, data != nil || size == 0 else {
            writeMessage("artifact_write needs a host, a non-empty name, and data", into: error, capacity: capacity)
            return Status.invalidArgument.rawValue
        }
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let artifact = ArtifactRecord(name: name, mediaType: string(mediaType) ?? "application/octet-stream", bytes: bytes)
        fake.record { $0.artifacts.append(artifact) }
        writeMessage(artifact.digest, into: digestOut, capacity: 72)
        return Status.ok.rawValue
    }

    private static let artifactRead: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, reference, data, size, error, capacity in
        guard let fake = from(host), let reference = string(reference), let data, let size else {
            writeMessage("artifact_read needs a host, a reference and output pointers", into: error, capacity: capacity)
            return Status.invalidArgument.rawValue
        }
        return fake.lock.withLock {
            // The latest artifact of that name or digest: this run's writes, then the seeded ones.
            let candidates = fake.records.artifacts.reversed() + fake.seeded
            guard let found = candidates.first(where: { $0.name == reference || $0.digest == reference }) else {
                writeMessage("no artifact '\(reference)': pass a digest (sha256:...) or a name this stage wrote (or seed it with `artifacts:`)", into: error, capacity: capacity)
                return Status.notFound.rawValue
            }
            // The bytes stay valid until `destroy`, as the protocol promises.
            data.pointee = fake.lent.bytes(found.bytes)
            size.pointee = found.bytes.count
            return Status.ok.rawValue
        }
    }

    // "sluice.arrow-ipc/1", "sluice.models/1" and "sluice.registry/1" need files, other
    // plugins or a project's registry: not in memory, so NULL, which a stage must handle
    // (SluiceKit's helpers throw `.unsupported` saying so).
    private static let getExtension: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = { _, id in
        string(id) == "sluice.json/1" ? UnsafeRawPointer(JSONHostExtension.table) : nil
    }
}
