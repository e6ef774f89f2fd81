import Foundation
import SluiceJSON
import SluiceStore
import SluiceSupport

/// The drift reports a monitoring run stored, read back for the table `sluice monitor`
/// prints and for the on_drift actions.
package struct DriftFindings: Sendable {
    package struct Report: Sendable {
        package let stage: String
        package let summary: DriftReportSummary
        /// The report as the stage wrote it.
        package let json: JSONValue

        package var model: String? { summary.model }
        package var referenceRows: Int { summary.referenceRows }
        package var currentRows: Int { summary.currentRows }
        package var features: [DriftReportSummary.Feature] { summary.features }
        package var drifted: [DriftReportSummary.Feature] { summary.drifted }
    }

    package let runID: String
    package let reports: [Report]

    package var driftDetected: Bool { reports.contains { !$0.drifted.isEmpty } }

    /// Every drift report of `runID`, in stage order.
    package static func read(runID: String, store: any RunStore, objects: any ObjectStore) throws(SluiceError) -> DriftFindings {
        let detail = try store.detail(runID)
        let order = detail.stages.map(\.stage)
        let artifacts = detail.artifacts.filter { $0.name == DriftReportSummary.artifactName && $0.role == .artifact }
            .sorted { (order.firstIndex(of: $0.stage) ?? 0) < (order.firstIndex(of: $1.stage) ?? 0) }
        var reports: [Report] = []
        for artifact in artifacts {
            let place = "\(runID)/\(artifact.stage)"
            let json: JSONValue
            let summary: DriftReportSummary
            do {
                guard let bytes = try objects.read(digest: artifact.digest) else {
                    throw SluiceError(.monitorMissingReport, at: place, "its drift report \(artifact.digest) is missing from the object store")
                }
                json = try JSONValue.parse(bytes.data)
                summary = try DriftReportSummary(json: json)
            } catch let error as SluiceError {
                throw error
            } catch let error as DriftReportSummary.ReportError {
                throw SluiceError(.monitorBadReport, at: place, "the drift report \(artifact.digest) \(error.message)")
            } catch {
                throw SluiceError(.monitorBadReport, at: place, "cannot read its drift report \(artifact.digest): \(error)")
            }
            reports.append(Report(stage: artifact.stage, summary: summary, json: json))
        }
        return DriftFindings(runID: runID, reports: reports)
    }
}
