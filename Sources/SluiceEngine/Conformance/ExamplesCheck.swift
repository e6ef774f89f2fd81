import SluicePlugins

/// `examples`: each example the stage declares gives the status it expects and writes
/// the outputs it lists.
package enum ExamplesCheck {
    package static func run(_ runner: ExampleRunner) -> ConformanceResult {
        let stage = runner.stage
        guard !stage.examples.isEmpty else {
            return .skipped(.examples, stage: stage.id, "the stage declares no examples (sluice_stage_v1.examples)")
        }
        var failures: [String] = []
        for example in stage.examples {
            let run: ExampleRun
            do {
                run = try runner.run(example)
            } catch {
                failures.append("'\(example.name)': \(error.message)")
                continue
            }
            if run.statusName != example.expect.status {
                failures.append("'\(example.name)' expects \(example.expect.status), but \(run.summary)")
                continue
            }
            let missing = (example.expect.outputs ?? []).filter { run.outputs[$0] == nil }
            if !missing.isEmpty {
                failures.append("'\(example.name)' did not write \(missing.joined(separator: ", ")), which it lists in expect.outputs")
            }
        }
        let count = stage.examples.count
        guard failures.isEmpty else {
            return .failed(.examples, stage: stage.id, "\(failures.count) of \(count) example\(count == 1 ? "" : "s") failed: " + failures.joined(separator: "; "))
        }
        return .passed(.examples, stage: stage.id, "\(count) example\(count == 1 ? "" : "s") gave what \(count == 1 ? "it expects" : "they expect")")
    }
}
