import Foundation
import SluiceEngine
import SluicePipeline
import SluiceStore
import SluiceSupport
import Synchronization

/// How `sluice run` shows progress.
enum DisplayMode {
    /// One live line per stage, redrawn in place (a terminal).
    case live
    /// One log line per change (output is a file or pipe).
    case plain
    /// Nothing until the end (`--quiet`, `--json`).
    case silent
}

/// Draws a run as it happens and the summary table at the end.
final class RunDisplay: RunObserver, @unchecked Sendable {
    // @unchecked: all mutable state sits behind `state`; the timer only calls redraw().
    private struct Line {
        var status: StageRunStatus = .waiting
        var detail: String?
        var progress: Double?
        var progressMessage: String?
        var started: Date?
    }

    private struct State {
        var order: [String] = []
        var lines: [String: Line] = [:]
        var drawn = 0
    }

    private let mode: DisplayMode
    private let state = Mutex(State())
    private var timer: DispatchSourceTimer?

    init(mode: DisplayMode) {
        self.mode = mode
    }

    func runStarted(id: String, pipeline: Pipeline, stages: [String]) {
        state.withLock { state in
            state.order = stages
            for stage in stages { state.lines[stage] = Line() }
        }
        switch mode {
        case .live:
            write("run \(id) of \(pipeline.name)\n")
            redraw()
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 0.1, repeating: 0.1)
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        case .plain:
            write("\(Self.clock()) run \(id) of \(pipeline.name): \(stages.count) stage(s)\n")
        case .silent:
            break
        }
    }

    func stageChanged(_ stage: String, to status: StageRunStatus, detail: String?) {
        state.withLock { state in
            state.lines[stage, default: Line()].status = status
            state.lines[stage]?.detail = detail
            if status == .running { state.lines[stage]?.started = Date() }
        }
        switch mode {
        case .live: redraw()
        case .plain:
            let text = detail.map { status == .failed || status == .gateFailed ? "\n" + Self.indent($0) : " (\($0))" } ?? ""
            write("\(Self.clock()) \(stage): \(Self.label(status))\(text)\n")
        case .silent: break
        }
    }

    func stageEvent(_ stage: String, _ event: StageEvent) {
        switch event {
        case .progress(let fraction, let message):
            state.withLock { state in
                state.lines[stage]?.progress = fraction
                state.lines[stage]?.progressMessage = message
            }
        case .log(let level, let message):
            if mode == .plain {
                write("\(Self.clock()) \(stage) | \(level == .info ? "" : level.name + ": ")\(message)\n")
            } else if mode == .live, level >= .warning {
                above("\(stage) | \(level.name): \(message)")
            }
        case .metric, .param:
            break
        }
    }

    /// Stops redrawing and leaves the final state of the live lines on screen.
    func finish() {
        timer?.cancel()
        timer = nil
        if mode == .live { redraw() }
    }

    // MARK: - Drawing

    private func redraw() {
        let text = state.withLock { state -> String in
            var out = state.drawn > 0 ? "\u{1B}[\(state.drawn)A" : ""
            let width = state.order.map(\.count).max() ?? 0
            for name in state.order {
                let line = state.lines[name] ?? Line()
                out += "\r\u{1B}[2K  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.describe(line) + "\n"
            }
            state.drawn = state.order.count
            return out
        }
        write(text)
    }

    /// Prints a line above the live block and draws the block again under it.
    private func above(_ line: String) {
        let text = state.withLock { state -> String in
            defer { state.drawn = 0 }
            return (state.drawn > 0 ? "\u{1B}[\(state.drawn)A\r\u{1B}[J" : "") + line + "\n"
        }
        write(text)
        redraw()
    }

    private static func describe(_ line: Line) -> String {
        switch line.status {
        case .running:
            let elapsed = line.started.map { String(format: " %.1fs", Date().timeIntervalSince($0)) } ?? ""
            let progress = line.progress.map { " \(Int(($0 * 100).rounded()))%" } ?? ""
            return "running\(elapsed)\(progress)" + (line.progressMessage.map { " \($0)" } ?? "")
        case .succeeded:
            return "done" + (line.detail.map { " \($0)" } ?? "")
        case .failed, .gateFailed:
            return label(line.status) + (line.detail.map { ": " + ($0.split(separator: "\n").first.map(String.init) ?? $0) } ?? "")
        default:
            return label(line.status) + (line.detail.map { " (\($0))" } ?? "")
        }
    }

    static func label(_ status: StageRunStatus) -> String {
        switch status {
        case .waiting: "waiting"
        case .running: "running"
        case .succeeded: "done"
        case .cached: "cached"
        case .failed: "FAILED"
        case .gateFailed: "GATE FAILED"
        case .cancelled: "cancelled"
        case .skipped: "skipped"
        case .awaitingApproval: "awaiting approval"
        case .rejected: "rejected"
        }
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    private static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
