import Foundation
import SluiceSupport

/// A webhook address of `monitor.on_drift`: http:// or https:// with a host. The reader
/// checks it when the pipeline loads; the monitor's client posts to it.
package struct WebhookURL: Sendable {
    package let components: URLComponents
    package let host: String

    package init?(_ text: String) {
        guard let parsed = URLComponents(string: text), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else { return nil }
        components = parsed
        self.host = host
    }
}
