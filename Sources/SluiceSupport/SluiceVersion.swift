/// The version of this Sluice build: reported to plugins, recorded with every run,
/// sent as the webhook client's User-Agent.
package enum SluiceVersion {
    package static let host = "0.1.0"
}
