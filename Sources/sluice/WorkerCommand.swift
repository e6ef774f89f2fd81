import ArgumentParser
import CSluiceWorker
import Foundation
import SluiceEngine

/// `sluice worker`: the child a stage with `isolation: process` runs in. Started by the
/// host with its channel as descriptor 3; not for people to run.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run plugin stages for a sluice host (started by the host).", shouldDisplay: false)

    @Option(help: "Address-space limit in bytes (RLIMIT_AS).") var addressSpace: Int64?
    @Option(help: "CPU time limit in seconds (RLIMIT_CPU).") var cpuSeconds: Int64?
    @Option(help: "Run on this many CPUs.") var cpus: Int32?

    func run() throws {
        if sluice_set_limits(addressSpace ?? 0, cpuSeconds ?? 0, cpus ?? 0) != 0 {
            FileHandle.standardError.write(Data("sluice worker: could not set its limits: \(String(cString: strerror(errno)))\n".utf8))
            Foundation.exit(1)
        }
        Foundation.exit(WorkerService.main())
    }
}
