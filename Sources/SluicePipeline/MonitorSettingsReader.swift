import SluiceSupport
/// Reads the `monitor:` section (see `MonitorSettings`), reporting every problem with
/// where it is and what would be accepted.
package enum MonitorSettingsReader {
    package static let keys = ["window", "on_drift"]
    package static let actions = ["alert", "webhook", "retrain"]

    package static func read(_ pair: YAMLPair, report: DiagnosticCollector) -> MonitorSettings {
        var settings = MonitorSettings()
        if pair.value.isNull { return settings }
        guard let pairs = pair.value.pairs else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`monitor` must be a map, found \(pair.value.summary). Write e.g. monitor: {window: 1h, on_drift: [alert]}")
            return settings
        }
        for entry in pairs {
            switch entry.key {
            case "window":
                settings.window = readWindow(entry, report: report)
            case "on_drift":
                settings.onDrift = readActions(entry, report: report)
            default:
                let hint = nearest(to: entry.key, in: keys).map { "Did you mean '\($0)'?" } ?? "`monitor` takes: \(keys.joined(separator: ", "))"
                report.error("config.unknown-key", at: entry.keyPosition, "unknown key '\(entry.key)' in `monitor`. \(hint)")
            }
        }
        return settings
    }

    private static func readWindow(_ pair: YAMLPair, report: DiagnosticCollector) -> MonitorWindow? {
        let text: String? = switch pair.value.scalar?.typed {
        case .integer(let rows)?: String(rows)
        case .string(let text)?: text
        default: nil
        }
        guard let text, let window = MonitorWindow(parsing: text) else {
            report.error("config.bad-value", at: YAMLNode.place(of: pair), "`window` must be \(MonitorWindow.syntax), found \(pair.value.summary)")
            return nil
        }
        return window
    }

    private static func readActions(_ pair: YAMLPair, report: DiagnosticCollector) -> [MonitorSettings.Action] {
        if pair.value.isNull { return [] }
        let items = pair.value.items ?? [pair.value]
        return items.compactMap { readAction($0, report: report) }
    }

    private static func readAction(_ node: YAMLNode, report: DiagnosticCollector) -> MonitorSettings.Action? {
        let usage = "Write alert, retrain, {retrain: train.yaml} or {webhook: http://host:port/path}"
        if case .string(let name)? = node.scalar?.typed {
            switch name {
            case "alert": return .alert
            case "retrain": return .retrain(pipeline: nil)
            case "webhook":
                report.error("config.bad-value", at: node.position, "`webhook` needs the URL to call: write {webhook: http://host:port/path}")
            default:
                let hint = nearest(to: name, in: actions).map { "Did you mean '\($0)'? " } ?? ""
                report.error("config.bad-value", at: node.position, "unknown on_drift action '\(name)'. \(hint)\(usage)")
            }
            return nil
        }
        guard let pairs = node.pairs, pairs.count == 1, let pair = pairs.first else {
            report.error("config.wrong-type", at: node.position, "an on_drift action is a name or a one-key map, found \(node.summary). \(usage)")
            return nil
        }
        guard case .string(let value)? = pair.value.scalar?.typed, !value.isEmpty else {
            report.error("config.wrong-type", at: YAMLNode.place(of: pair), "`\(pair.key)` takes text, found \(pair.value.summary). \(usage)")
            return nil
        }
        switch pair.key {
        case "webhook":
            guard WebhookURL(value) != nil else {
                report.error("config.bad-value", at: YAMLNode.place(of: pair), "webhook URL '\(value)' must start with http:// or https:// and name a host")
                return nil
            }
            return .webhook(url: value)
        case "retrain":
            return .retrain(pipeline: value)
        default:
            let hint = nearest(to: pair.key, in: actions).map { "Did you mean '\($0)'? " } ?? ""
            report.error("config.bad-value", at: pair.keyPosition, "unknown on_drift action '\(pair.key)'. \(hint)\(usage)")
            return nil
        }
    }
}
