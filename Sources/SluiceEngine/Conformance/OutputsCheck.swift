import SluicePlugins

/// `outputs`: in every example, the stage writes only outputs it declares (a write to
/// another port is refused with not_found, which a plugin may ignore, so every attempt
/// is watched), and a run that returns ok wrote every output not marked optional.
package enum OutputsCheck {
    package static func run(_ runner: ExampleRunner) -> ConformanceResult {
        let stage = runner.stage
        let declared = Set(stage.outputs.map(\.name))
        let required = stage.outputs.filter { !$0.optional }.map(\.name)
        var ran = 0, succeeded = 0
        for example in stage.examples {
            guard let run = try? runner.run(example), run.phase == .run else { continue }
            ran += 1
            if let stray = run.attempted.first(where: { !declared.contains($0) }) {
                return .failed(.outputs, stage: stage.id, "example '\(example.name)' wrote the output '\(stray)', which the stage does not declare (declared: \(declared.isEmpty ? "none" : declared.sorted().joined(separator: ", ")))")
            }
            guard run.status == 0 else { continue }
            succeeded += 1
            let missing = required.filter { run.outputs[$0] == nil }
            if !missing.isEmpty {
                return .failed(.outputs, stage: stage.id, "example '\(example.name)' returned ok without writing the required output(s) \(missing.joined(separator: ", ")); mark them SLUICE_PORT_OPTIONAL or write them")
            }
        }
        guard succeeded > 0 else {
            return .skipped(.outputs, stage: stage.id, stage.examples.isEmpty ? "the stage declares no examples to run" : ran == 0 ? "no example reaches the stage's run" : "no example returns ok, so no run shows what it writes")
        }
        return .passed(.outputs, stage: stage.id, "\(succeeded) run\(succeeded == 1 ? "" : "s") wrote \(required.isEmpty ? "no required output, nothing undeclared" : "\(required.joined(separator: ", ")) and nothing undeclared")")
    }
}
