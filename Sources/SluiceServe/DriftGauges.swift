import Foundation
import SluiceMonitoring
import SluiceStore
import Synchronization

/// The latest drift statistics of a project, as Prometheus gauges on `/metrics`: for
/// every pipeline stage that stored a `drift_report.json` (the `sluice.drift/drift`
/// monitor), the newest report, whatever the stage's outcome (a failed drift gate
/// still stores its report, and that is the run worth seeing).
///
/// Every report in the project is shown, not only those of the served model: a
/// report names its model only when the drift stage was given one, and the `model`
/// label lets a dashboard filter. Each scrape asks the run store for the newest
/// report per stage (one indexed query) and parses a report only when its digest is
/// new. A report that cannot be read or parsed is left out, logged once and counted
/// in `sluice_drift_report_errors_total`; /metrics still answers.
package final class DriftGauges: Sendable {
    /// Where the reports are recorded: the project's run store and object store.
    package struct Source: Sendable {
        package var runs: any RunStore
        package var objects: any ObjectStore

        package init(runs: any RunStore, objects: any ObjectStore) {
            self.runs = runs
            self.objects = objects
        }
    }

    private struct State {
        /// Parsed reports (or why they could not be), by digest; only the digests of
        /// the latest reports are kept.
        var reports: [String: DriftReportSummary?] = [:]
        var errors = 0
        /// Set while the run store cannot be read, so the failure is logged once.
        var storeFailing = false
    }

    private let source: Source
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())

    package init(source: Source, log: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.log = log
    }

    /// The drift metric families, reading what changed since the last scrape.
    package func render() -> String {
        // Under the lock: concurrent scrapes would otherwise parse the same new report twice.
        let (shown, errors) = state.withLock { state in
            let shown = refresh(&state)
            return (shown, state.errors)
        }
        return Self.exposition(shown, errors: errors)
    }

    private func refresh(_ state: inout State) -> [(LatestArtifact, DriftReportSummary)] {
        let latest: [LatestArtifact]
        do {
            latest = try source.runs.latestArtifacts(named: DriftReportSummary.artifactName)
            if state.storeFailing { log("drift gauges: the run store reads again") }
            state.storeFailing = false
        } catch {
            if !state.storeFailing { log("drift gauges: \(error.description); drift metrics are left out until the store can be read") }
            state.storeFailing = true
            state.errors += 1
            return []
        }
        var kept: [String: DriftReportSummary?] = [:]
        var shown: [(LatestArtifact, DriftReportSummary)] = []
        for entry in latest {
            let digest = entry.artifact.digest
            let report: DriftReportSummary?
            if let known = kept[digest] ?? state.reports[digest] {
                report = known
            } else {
                report = parse(entry)
                if report == nil { state.errors += 1 }
            }
            kept[digest] = report
            if let report { shown.append((entry, report)) }
        }
        state.reports = kept
        return shown
    }

    /// Reads and parses one report; nil (after logging why) when it cannot be shown.
    private func parse(_ entry: LatestArtifact) -> DriftReportSummary? {
        let place = "the drift report \(entry.artifact.digest) of \(entry.pipeline)/\(entry.stage) (run \(entry.runID))"
        do {
            guard let bytes = try source.objects.read(digest: entry.artifact.digest) else {
                log("drift gauges: \(place) is missing from .sluice/objects (removed by `sluice gc`?); rerun the drift stage to show its statistics")
                return nil
            }
            return try DriftReportSummary(json: bytes.data)
        } catch let error as DriftReportSummary.ReportError {
            log("drift gauges: \(place) \(error.message); it is left out of /metrics")
        } catch {
            log("drift gauges: cannot read \(place): \(error); it is left out of /metrics")
        }
        return nil
    }

    private static func exposition(_ shown: [(LatestArtifact, DriftReportSummary)], errors: Int) -> String {
        var values = "", statistics = "", detected = "", timestamps = ""
        for (entry, report) in shown {
            let reportLabels = PrometheusText.labels(["model": report.model ?? "", "pipeline": entry.pipeline, "stage": entry.stage])
            timestamps += "sluice_drift_report_timestamp_seconds{\(reportLabels)} \(entry.time.timeIntervalSince1970)\n"
            for feature in report.features {
                let featureLabels = reportLabels + "," + PrometheusText.labels(["feature": feature.column])
                detected += "sluice_drift_detected{\(featureLabels)} \(feature.drifted ? 1 : 0)\n"
                for statistic in feature.statistics {
                    let labels = featureLabels + "," + PrometheusText.labels(["statistic": statistic.name])
                    if let value = statistic.value { values += "sluice_drift_value{\(labels)} \(value)\n" }
                    if let value = statistic.statistic { statistics += "sluice_drift_statistic{\(labels)} \(value)\n" }
                }
            }
        }
        return PrometheusText.family("sluice_drift_value", "gauge", "The latest drift report's value per feature and statistic: PSI, KS and chi-squared p-values, null share increase, unseen share.")
            + values
            + PrometheusText.family("sluice_drift_statistic", "gauge", "The latest drift report's test statistic per feature (KS distance, chi-squared).")
            + statistics
            + PrometheusText.family("sluice_drift_detected", "gauge", "Whether the latest drift report found drift in the feature (1) or not (0).")
            + detected
            + PrometheusText.family("sluice_drift_report_timestamp_seconds", "gauge", "When the run that wrote the latest drift report ended (or started, while it runs), in Unix seconds.")
            + timestamps
            + PrometheusText.family("sluice_drift_report_errors_total", "counter", "Drift reports that could not be read or parsed, and failed reads of the run store.")
            + "sluice_drift_report_errors_total \(errors)\n"
    }
}
