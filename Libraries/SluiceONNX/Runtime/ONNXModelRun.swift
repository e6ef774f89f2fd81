/// Running a model: check the feeds, then walk the plan's steps over value slots.
extension ONNXModel {
    /// Runs the graph on one set of feeds (input name → value) and returns one value per
    /// graph output. Feeds for inputs that have an initializer are optional and replace
    /// the default. Kernel errors come back as the kernel threw them.
    public func run(_ feeds: [String: Value]) throws(ONNXError) -> [String: Value] {
        let plan = self.plan
        var slots = plan.initialSlots
        var used = 0
        for feed in plan.requiredFeeds {
            guard let value = feeds[feed.info.name] else {
                throw ONNXError(.inputMismatch, "no feed for input '\(feed.info.name)'; the model expects \(expectedInputs)")
            }
            try FeedCheck.check(value, against: feed.info)
            slots[feed.slot] = value
            used += 1
        }
        if feeds.count > used {
            for feed in plan.defaultedFeeds {
                guard let value = feeds[feed.info.name] else { continue }
                try FeedCheck.check(value, against: feed.info)
                slots[feed.slot] = value
                used += 1
            }
        }
        if feeds.count > used {
            let known = Set(plan.requiredFeeds.map(\.info.name) + plan.defaultedFeeds.map(\.info.name))
            let unknown = feeds.keys.filter { !known.contains($0) }.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw ONNXError(.inputMismatch, "the model has no input \(unknown); it expects \(expectedInputs)")
        }

        for step in plan.steps {
            var inputs: [Value?] = []
            inputs.reserveCapacity(step.inputSlots.count)
            for (position, slot) in step.inputSlots.enumerated() {
                guard slot >= 0 else { inputs.append(nil); continue }
                guard let value = slots[slot] else {
                    throw ONNXError(.invalidGraph, "\(step.label) input '\(step.inputNames[position])' has no value when the node runs")
                }
                inputs.append(value)
            }
            let results = try step.kernel.run(inputs)
            guard results.count >= step.requiredOutputCount else {
                throw ONNXError(.unsupported, "\(step.label) has \(step.outputSlots.count) outputs, but its operator produced \(results.count)")
            }
            for (slot, result) in zip(step.outputSlots, results) where slot >= 0 { slots[slot] = result }
            for slot in step.releases { slots[slot] = nil }
        }

        var results: [String: Value] = [:]
        results.reserveCapacity(plan.outputs.count)
        for output in plan.outputs {
            guard let value = slots[output.slot] else {
                throw ONNXError(.invalidGraph, "graph output '\(output.name)' has no value after the graph ran")
            }
            results[output.name] = value
        }
        return results
    }

    /// "X (tensor(float) [?, 4]), Y (…)", for feed errors.
    var expectedInputs: String {
        inputs.isEmpty ? "no inputs" : "inputs " + inputs.map { "'\($0.name)' (\($0.type))" }.joined(separator: ", ")
    }
}
