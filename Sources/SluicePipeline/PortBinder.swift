import SluicePlugins
import SluiceSupport
/// Connects a stage's input ports to the upstream outputs its `needs` name.
///
/// - Map entry `input: stage.port` (or `input: stage`): exactly that input; the output
///   must exist and be of the input's kind.
/// - List entry `stage.port`: the free input of that name and kind, else the first free
///   input of that kind.
/// - List entry `stage`: when exactly one upstream output fits a free input, that one;
///   several is ambiguous; none makes the entry an ordering dependency only. Optional
///   outputs (which a stage may leave unwritten) are only bound when named.
///
/// Afterwards every required input must be connected.
package struct PortBinder {
    package let stage: StageDeclaration
    /// The needing stage's plugin stage; nil when `uses` could not be resolved.
    package let info: StageInfo?
    /// Every stage name in file order, and the plugin stage of those that resolved.
    package let order: [String]
    package let resolved: [String: StageInfo]
    package let report: DiagnosticCollector

    /// Input port → upstream output. Each `bind...` below returns false after reporting a problem.
    package func bind() -> [String: PortReference] {
        var bound: [String: PortReference] = [:]
        var complete = info != nil && stage.needsReadable
        for entry in stage.needs {
            guard order.contains(entry.stage) else {
                let others = order.filter { $0 != stage.name }
                report.error("config.unknown-stage", at: entry.position, stage: stage.name, "needs '\(entry.reference)', but there is no stage '\(entry.stage)'.\(didYouMean(entry.stage, others)) Stages: \(others.isEmpty ? "none besides this one" : others.joined(separator: ", "))")
                complete = false
                continue
            }
            // A stage needing itself is reported as a cycle; an unresolved one is reported at its `uses`.
            guard entry.stage != stage.name, let info, let upstream = resolved[entry.stage] else {
                complete = false
                continue
            }
            let connected = if let input = entry.input {
                bindNamedInput(input, entry, info, upstream, &bound)
            } else if let port = entry.port {
                bindOutput(port, entry, info, upstream, &bound)
            } else {
                bindStage(entry, info, upstream, &bound)
            }
            // After a reported problem, "not connected" would only repeat it.
            if !connected { complete = false }
        }
        if complete, let info { checkRequiredInputs(info, bound) }
        return bound
    }

    /// Map form: `input: stage.port` or `input: stage`.
    private func bindNamedInput(_ input: String, _ entry: NeedsEntry, _ info: StageInfo, _ upstream: StageInfo, _ bound: inout [String: PortReference]) -> Bool {
        let place = entry.inputPosition ?? entry.position
        guard let port = info.inputs.first(where: { $0.name == input }) else {
            report.error("config.unknown-port", at: place, stage: stage.name, "this stage has no input '\(input)'.\(didYouMean(input, info.inputs.map(\.name))) Its inputs: \(Self.list(info.inputs))")
            return false
        }
        let output: PortInfo
        if let name = entry.port {
            guard let found = findOutput(named: name, of: upstream, entry: entry) else { return false }
            guard found.kind == port.kind else {
                let fitting = producers(of: port.kind)
                let fix = fitting.isEmpty ? "No stage here produces a \(port.kind.name): add one" : "Connect an output of that kind: \(fitting.joined(separator: ", "))"
                report.error("config.port-kind", at: entry.position, stage: stage.name, "'\(entry.stage).\(name)' gives a \(found.kind.name), but input '\(input)' takes a \(port.kind.name). \(fix)")
                return false
            }
            output = found
        } else {
            let fitting = upstream.outputs.filter { $0.kind == port.kind }
            if let only = fitting.first(where: { $0.name == input }) ?? (fitting.count == 1 ? fitting[0] : nil) {
                output = only
            } else if fitting.isEmpty {
                report.error("config.port-kind", at: entry.position, stage: stage.name, "stage '\(entry.stage)' has no \(port.kind.name) output for input '\(input)'. Its outputs: \(Self.list(upstream.outputs))")
                return false
            } else {
                let choices = fitting.map { "\(input): \(entry.stage).\($0.name)" }
                report.error("config.ambiguous-port", at: entry.position, stage: stage.name, "stage '\(entry.stage)' has several \(port.kind.name) outputs for input '\(input)': \(fitting.map(\.name).joined(separator: ", ")). Name one, e.g. \(choices.joined(separator: " or "))")
                return false
            }
        }
        bound[input] = PortReference(stage: entry.stage, port: output.name)
        return true
    }

    /// List form `stage.port`: the free input of that name, else the first of that kind.
    private func bindOutput(_ name: String, _ entry: NeedsEntry, _ info: StageInfo, _ upstream: StageInfo, _ bound: inout [String: PortReference]) -> Bool {
        guard let output = findOutput(named: name, of: upstream, entry: entry) else { return false }
        let free = info.inputs.filter { bound[$0.name] == nil && $0.kind == output.kind }
        guard let input = free.first(where: { $0.name == name }) ?? free.first else {
            let inputs = info.inputs.map { port in
                "\(port.name) (\(port.kind.name)\(bound[port.name].map { ", connected to \($0)" } ?? ""))"
            }
            report.error("config.port-kind", at: entry.position, stage: stage.name, "no free input takes the \(output.kind.name) '\(entry.reference)'. Its inputs: \(inputs.isEmpty ? "none" : inputs.joined(separator: ", ")). Name the stage alone to only run after it, or connect another output")
            return false
        }
        bound[input.name] = PortReference(stage: entry.stage, port: name)
        return true
    }

    /// List form `stage`: binds the one output that fits a free input, if exactly one does.
    private func bindStage(_ entry: NeedsEntry, _ info: StageInfo, _ upstream: StageInfo, _ bound: inout [String: PortReference]) -> Bool {
        func free(_ kind: PortKind) -> [PortInfo] { info.inputs.filter { bound[$0.name] == nil && $0.kind == kind } }
        let fitting = upstream.outputs.filter { !$0.optional && !free($0.kind).isEmpty }
        guard fitting.count <= 1 else {
            report.error("config.ambiguous-port", at: entry.position, stage: stage.name, "stage '\(entry.stage)' has several outputs this stage could take: \(Self.list(fitting)). Name the one to use: \(fitting.map { "\(entry.stage).\($0.name)" }.joined(separator: " or "))")
            return false
        }
        guard let output = fitting.first else { return true }  // nothing fits: an ordering dependency
        let inputs = free(output.kind)
        if let input = inputs.first(where: { $0.name == output.name }) ?? inputs.first {
            bound[input.name] = PortReference(stage: entry.stage, port: output.name)
        }
        return true
    }

    private func findOutput(named name: String, of upstream: StageInfo, entry: NeedsEntry) -> PortInfo? {
        if let output = upstream.outputs.first(where: { $0.name == name }) { return output }
        let names = upstream.outputs.map(\.name)
        let listing = upstream.outputs.isEmpty ? "It has no outputs: name the stage alone (\(entry.stage)) to run after it" : "Its outputs: \(Self.list(upstream.outputs))"
        report.error("config.unknown-port", at: entry.position, stage: stage.name, "stage '\(entry.stage)' has no output '\(name)'.\(didYouMean(name, names)) \(listing)")
        return nil
    }

    private func checkRequiredInputs(_ info: StageInfo, _ bound: [String: PortReference]) {
        for input in info.inputs where !input.optional && bound[input.name] == nil {
            let producers = producers(of: input.kind)
            let fix = producers.isEmpty
                ? "No stage in this pipeline produces a \(input.kind.name): add one and list it in `needs`"
                : "Add \(producers.count == 1 ? "it" : "one of these") to `needs`: \(producers.joined(separator: ", "))"
            report.error("config.unbound-input", at: stage.needsPosition ?? stage.position, stage: stage.name, "input '\(input.name)' (\(input.kind.name)) is not connected. \(fix)")
        }
    }

    /// Every other stage's outputs of `kind`, as `stage.port`, in file order.
    private func producers(of kind: PortKind) -> [String] {
        order.filter { $0 != stage.name }.flatMap { name in
            (resolved[name]?.outputs ?? []).filter { $0.kind == kind }.map { "\(name).\($0.name)" }
        }
    }

    /// "train (table), test (table)"
    package static func list(_ ports: [PortInfo]) -> String {
        ports.isEmpty ? "none" : ports.map { "\($0.name) (\($0.kind.name))" }.joined(separator: ", ")
    }
}
