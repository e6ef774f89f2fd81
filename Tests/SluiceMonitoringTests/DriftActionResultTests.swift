import Foundation
import SluiceJSON
import SluiceMonitoring
import Testing

/// How an action's outcome is listed in the JSON summary and recorded as a run event.
@Suite struct DriftActionResultTests {
    @Test func anAlertIsRecordedAtLevelAlertAnotherActionAtInfoAFailureAtError() {
        let time = Date(timeIntervalSince1970: 0)
        #expect(DriftActionResult(.alert, ok: true, detail: "d").event(at: time).level == "alert")
        #expect(DriftActionResult(.webhook(url: "http://h/"), ok: true, detail: "d").event(at: time).level == "info")
        #expect(DriftActionResult(.retrain(pipeline: nil), ok: true, detail: "d").event(at: time).level == "info")
        #expect(DriftActionResult(.webhook(url: "http://h/"), ok: false, detail: "d").event(at: time).level == "error")
        #expect(DriftActionResult(.alert, ok: false, detail: "d").event(at: time).level == "error")
    }

    @Test func theEventNamesTheActionAndSaysWhatHappened() {
        let event = DriftActionResult(.retrain(pipeline: "train.yaml"), ok: true, detail: "training run r2 ended succeeded", run: "r2")
            .event(at: Date(timeIntervalSince1970: 5))
        #expect(event.message == "on_drift retrain: training run r2 ended succeeded")
        #expect(event.stage.isEmpty)
        #expect(event.time == Date(timeIntervalSince1970: 5))
    }

    @Test func theJSONListsTheRunOnlyWhenTheActionHasOne() {
        #expect(DriftActionResult(.alert, ok: true, detail: "d").json
            == .object(["action": .string("alert"), "ok": .bool(true), "detail": .string("d")]))
        #expect(DriftActionResult(.retrain(pipeline: nil), ok: false, detail: "d", run: "r9").json
            == .object(["action": .string("retrain"), "ok": .bool(false), "detail": .string("d"), "run": .string("r9")]))
    }
}
