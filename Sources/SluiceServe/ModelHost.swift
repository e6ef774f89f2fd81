import Foundation
import SluiceEngine
import SluiceSupport
import Synchronization

/// Owns what is being served: loads the plan of a `ServedModels`, routes each request
/// to the primary or the canary, and swaps in a new deployment when the plan changes.
///
/// A swap replaces one reference under a lock; a request holds the deployment it
/// started with, so requests in flight finish on the old versions and none fails.
/// A reload that cannot load the new versions keeps the old ones serving.
package final class ModelHost: Sendable {
    package let name: String
    package let alias: String?
    private let source: any ServedModels
    private let loader: ModelLoader
    private let metrics: ServerMetrics
    private let log: @Sendable (String) -> Void
    private let current: Mutex<Deployment>
    /// Held while loading, so that the poller and an admin reload never load at once.
    private let loading = Mutex(())
    private let router = CanaryRouter()

    /// What a reload did.
    package enum ReloadOutcome: Sendable, Equatable {
        case unchanged
        case reloaded(primary: String, canary: String?)
        case failed(String)
    }

    /// Loads the plan for `name` (at `alias`); throws when it cannot be served.
    package init(name: String, alias: String?, source: any ServedModels, loader: ModelLoader, metrics: ServerMetrics,
                 log: @escaping @Sendable (String) -> Void) throws(SluiceError) {
        self.name = name
        self.alias = alias
        self.source = source
        self.loader = loader
        self.metrics = metrics
        self.log = log
        let revision = try source.revision(name: name)
        let plan = try source.resolve(name: name, alias: alias)
        current = Mutex(try Self.load(plan, revision: revision, reusing: nil, loader: loader))
    }

    /// The deployment answering now.
    package var deployment: Deployment { current.withLock { $0 } }

    /// The deployment and the version that answers the next request.
    package func route() -> (Deployment, ServedVersion) {
        let deployment = self.deployment
        if let canary = deployment.canary, router.nextIsCanary(percent: deployment.canaryPercent) {
            return (deployment, canary)
        }
        return (deployment, deployment.primary)
    }

    /// Loads the plan again when its revision moved (or always, when `force`).
    @discardableResult
    package func reload(force: Bool = false) -> ReloadOutcome {
        loading.withLock { _ in
            let old = deployment
            let next: Deployment
            do throws(SluiceError) {
                let revision = try source.revision(name: name)
                guard force || revision != old.revision else { return .unchanged }
                let plan = try source.resolve(name: name, alias: alias)
                next = try Self.load(plan, revision: revision, reusing: old, loader: loader)
            } catch {
                metrics.reload(succeeded: false)
                let message = "reload of \(name) failed, still serving \(Self.describe(old)): \(error.description)"
                log(message)
                return .failed(message)
            }
            current.withLock { $0 = next }
            metrics.reload(succeeded: true)
            if Self.describe(old) != Self.describe(next) {
                log("now serving \(name) \(Self.describe(next)) (was \(Self.describe(old)))")
            }
            return .reloaded(primary: next.primary.label, canary: next.canary?.label)
        }
    }

    /// Sets the canary's share until the plan next changes. Throws when there is no canary.
    package func setCanaryPercent(_ percent: Double) throws(ServeError) -> Deployment {
        guard percent.isFinite, (0...100).contains(percent) else {
            throw .badRequest("bad-percent", "the canary percent must be a number from 0 to 100")
        }
        return try current.withLock { (deployment) throws(ServeError) -> Deployment in
            guard deployment.canary != nil else {
                throw ServeError(.conflict, "admin.no-canary", "\(name) has no canary version to send traffic to; promote one first")
            }
            deployment = deployment.with(canaryPercent: percent)
            log("canary share of \(name) set to \(percent)%")
            return deployment
        }
    }

    static func describe(_ deployment: Deployment) -> String {
        "version \(deployment.primary.label)" + (deployment.canary.map { " with canary \($0.label) at \(deployment.canaryPercent)%" } ?? "")
    }

    /// Loads the plan's versions, reusing those `old` already has loaded.
    private static func load(_ plan: ServingPlan, revision: Int64, reusing old: Deployment?, loader: ModelLoader) throws(SluiceError) -> Deployment {
        func version(_ wanted: ServingPlan.Version) throws(SluiceError) -> ServedVersion {
            if let loaded = old?.version(wanted.label) { return loaded }
            let model: LoadedModel
            switch wanted.content {
            case .artifact(let artifact):
                model = try loader.load(artifact.bytes.pointer, mediaType: artifact.mediaType, what: artifact.origin)
            case .bundle(let folder):
                model = try ModelFiles.loadBundle(folder, loadingLike: loader)
            }
            // Read now so that a model the server cannot decode requests for is
            // refused at load time, not at its first request.
            let features = try FeatureSchema(model.summary, origin: wanted.origin)
            return ServedVersion(label: wanted.label, model: model, origin: wanted.origin, features: features)
        }
        let primary = try version(plan.primary)
        let canary = try plan.canary.map(version)
        return Deployment(primary: primary, canary: canary, canaryPercent: plan.canaryPercent, revision: revision)
    }
}
