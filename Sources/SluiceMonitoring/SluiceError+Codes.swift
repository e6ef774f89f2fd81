import SluiceSupport
/// The error codes SluiceMonitoring raises. Codes are stable: scripts and tests match on them.
extension SluiceError.Code {
    package static let monitorBadReport = Self("monitor.bad-report", kind: .failure)
    package static let monitorMissingReport = Self("monitor.missing-report", kind: .failure)
    package static let monitorNoMonitors = Self("monitor.no-monitors", kind: .config)
    package static let monitorNoTraining = Self("monitor.no-training", kind: .config)
    package static let monitorNoWindow = Self("monitor.no-window", kind: .usage)
    package static let webhookBadAnswer = Self("webhook.bad-answer", kind: .failure)
    package static let webhookBadUrl = Self("webhook.bad-url", kind: .config)
    package static let webhookNoCurl = Self("webhook.no-curl", kind: .failure)
    package static let webhookRejected = Self("webhook.rejected", kind: .failure)
    package static let webhookUnreachable = Self("webhook.unreachable", kind: .failure)
}
