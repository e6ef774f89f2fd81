/// A checked graph compiled for running: every value has an integer slot, each step
/// names its kernel's input and output slots, initializers are filled in once, and
/// each step lists the slots whose last reader it is, so intermediates are freed as
/// soon as they are used up. Running looks up no names.
struct ExecutionPlan: Sendable {
    struct Step: Sendable {
        var kernel: any Kernel
        /// For errors only.
        var label: String
        /// -1 for an omitted optional input.
        var inputSlots: [Int]
        var inputNames: [String]
        /// -1 for an output that is omitted or that nothing reads.
        var outputSlots: [Int]
        /// How many outputs the kernel must return for every kept output to have a value.
        var requiredOutputCount: Int
        var releases: [Int]
    }

    struct Feed: Sendable {
        var info: ValueInfo
        var slot: Int
    }

    var initialSlots: [Value?]
    var requiredFeeds: [Feed]
    var defaultedFeeds: [Feed]
    var steps: [Step]
    var outputs: [(name: String, slot: Int)]

    init(_ graph: CheckedGraph, kernels: [any Kernel]) {
        var slotOf: [String: Int] = [:]
        func slot(_ name: String) -> Int {
            if let existing = slotOf[name] { return existing }
            let new = slotOf.count
            slotOf[name] = new
            return new
        }
        let initializerSlots = graph.initializers.map { slot($0.name) }
        requiredFeeds = graph.requiredInputs.map { Feed(info: $0, slot: slot($0.name)) }
        defaultedFeeds = graph.defaultedInputs.map { Feed(info: $0, slot: slot($0.name)) }
        let inputSlots = graph.nodes.map { node in node.inputs.map { $0.isEmpty ? -1 : slot($0) } }
        outputs = graph.outputs.map { ($0.name, slot($0.name)) }
        let kept = Set(outputs.map(\.slot))

        var lastReader: [Int: Int] = [:]
        for (step, slots) in inputSlots.enumerated() {
            for slot in slots where slot >= 0 { lastReader[slot] = step }
        }
        var releases = [[Int]](repeating: [], count: graph.nodes.count)
        for (slot, step) in lastReader where !kept.contains(slot) { releases[step].append(slot) }

        steps = graph.nodes.indices.map { index in
            let node = graph.nodes[index]
            let outputSlots = node.outputs.map { name -> Int in
                guard !name.isEmpty, let existing = slotOf[name] else { return -1 }
                return existing
            }
            let lastKept = outputSlots.lastIndex { $0 >= 0 }.map { $0 + 1 } ?? 0
            return Step(kernel: kernels[index], label: node.label, inputSlots: inputSlots[index], inputNames: node.inputs,
                        outputSlots: outputSlots, requiredOutputCount: lastKept, releases: releases[index])
        }

        var initial = [Value?](repeating: nil, count: slotOf.count)
        for (initializer, slot) in zip(graph.initializers, initializerSlots) { initial[slot] = .tensor(initializer.tensor) }
        initialSlots = initial
    }
}
