import Foundation
import SluicePlugins
import SluiceSupport

/// How a stage runs in a plugin worker: which executable is the worker, and the limits
/// the stage's `resources` and `max_output` set.
package struct WorkerSettings: Sendable, Equatable {
    /// A `sluice` executable (it runs `sluice worker`).
    package var executable: String
    /// Resident memory the worker may hold, in bytes; over it, it is killed.
    package var memory: Int?
    /// CPU time the worker may use (RLIMIT_CPU), in seconds.
    package var cpuTime: TimeInterval?
    /// How many CPUs it may run on.
    package var cpus: Int?
    /// The largest output (an Arrow IPC file or bytes) it may hand back, in bytes.
    package var maxOutput: Int?
    /// How long a cancelled stage has to stop before its worker is killed.
    package var grace: TimeInterval
    /// Where the worker finds plugins that load models (the host's search path).
    package var pluginFolders: [PluginFolder]

    package init(executable: String, memory: Int? = nil, cpuTime: TimeInterval? = nil, cpus: Int? = nil, maxOutput: Int? = nil,
                 grace: TimeInterval = 2, pluginFolders: [PluginFolder] = []) {
        self.executable = executable
        self.memory = memory
        self.cpuTime = cpuTime
        self.cpus = cpus
        self.maxOutput = maxOutput
        self.grace = grace
        self.pluginFolders = pluginFolders
    }

    /// The `sluice` executable to run workers: `SLUICE_WORKER_EXECUTABLE`, else this
    /// process when it is `sluice`, else a `sluice` beside it (a test bundle in the
    /// build folder). Nil when there is none.
    package static func findExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["SLUICE_WORKER_EXECUTABLE"], !explicit.isEmpty { return explicit }
        guard let me = PluginSearchPath.executablePath() else { return nil }
        let url = URL(fileURLWithPath: me)
        if url.lastPathComponent == "sluice" { return me }
        let beside = url.deletingLastPathComponent().appendingPathComponent("sluice").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
    }

    /// The arguments of `sluice worker` that set these limits in the child.
    var arguments: [String] {
        var arguments = ["worker"]
        // Address space is a backstop only (the host watches resident memory, which is
        // what the limit means): mapped inputs and thread stacks take address space
        // without taking memory.
        if let memory { arguments += ["--address-space", String(max(memory * 2, memory + (2 << 30)))] }
        if let cpuTime { arguments += ["--cpu-seconds", String(Int(cpuTime.rounded(.up)))] }
        if let cpus { arguments += ["--cpus", String(cpus)] }
        return arguments
    }
}
