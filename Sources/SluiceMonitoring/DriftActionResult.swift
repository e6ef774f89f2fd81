import Foundation
import SluiceJSON
import SluicePipeline
import SluiceStore

/// How one `on_drift` action went: what the check's JSON summary lists and what is
/// recorded as an event in the check's run.
package struct DriftActionResult: Sendable, Equatable {
    package let action: MonitorSettings.Action
    package let ok: Bool
    /// What happened, or why it failed, in words a person can act on.
    package let detail: String
    /// The run the action started or found (a retrain).
    package var run: String?
    /// Why the event could not be recorded in the check's run; nil when it was.
    package var unrecorded: String?

    package init(_ action: MonitorSettings.Action, ok: Bool, detail: String, run: String? = nil) {
        self.action = action
        self.ok = ok
        self.detail = detail
        self.run = run
    }

    /// `alert`, `webhook` or `retrain`, as `on_drift` names it.
    package var name: String {
        switch action {
        case .alert: "alert"
        case .webhook: "webhook"
        case .retrain: "retrain"
        }
    }

    package var json: JSONValue {
        var members: [String: JSONValue] = ["action": .string(name), "ok": .bool(ok), "detail": .string(detail)]
        if let run { members["run"] = .string(run) }
        return .object(members)
    }

    /// The run event: an alert at level `alert` so that it stands out in `sluice runs
    /// show`, another action at `info`, a failed one at `error`.
    package func event(at time: Date) -> EventRecord {
        let level = ok ? (action == .alert ? "alert" : "info") : "error"
        return EventRecord(stage: "", time: time, level: level, message: "on_drift \(name): \(detail)")
    }
}
