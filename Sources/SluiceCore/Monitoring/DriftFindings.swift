import Foundation

/// The drift reports (`drift_report.json`, format in the sluice.drift plugin's
/// DriftReport) a monitoring run stored, read back for the table `sluice monitor`
/// prints and for the on_drift actions.
package struct DriftFindings: Sendable {
    package struct Statistic: Sendable {
        package let name: String
        package let value: Double?
        package let threshold: Double?
        package let status: String
    }

    package struct Feature: Sendable {
        package let column: String
        package let kind: String
        package let status: String
        package let statistics: [Statistic]
    }

    package struct Report: Sendable {
        package let stage: String
        package let model: String?
        package let referenceRows: Int
        package let currentRows: Int
        package let features: [Feature]
        /// The report as the stage wrote it.
        package let json: JSONValue

        package var drifted: [Feature] { features.filter { $0.status == "drift" } }
    }

    package let runID: String
    package let reports: [Report]

    package var driftDetected: Bool { reports.contains { !$0.drifted.isEmpty } }

    package static let artifactName = "drift_report.json"

    /// Every drift report of `runID`, in stage order.
    package static func read(runID: String, store: RunStore, objects: ObjectStore) throws(SluiceError) -> DriftFindings {
        let detail = try store.detail(runID)
        let order = detail.stages.map(\.stage)
        let artifacts = detail.artifacts.filter { $0.name == artifactName && $0.role == .artifact }
            .sorted { (order.firstIndex(of: $0.stage) ?? 0) < (order.firstIndex(of: $1.stage) ?? 0) }
        var reports: [Report] = []
        for artifact in artifacts {
            let json: JSONValue
            do {
                guard let bytes = try objects.read(digest: artifact.digest) else {
                    throw SluiceError("monitor.missing-report", at: artifact.digest, "the object is missing from the store", exit: .failure)
                }
                json = try JSONValue.parse(bytes.data)
            } catch {
                throw SluiceError("monitor.bad-report", at: "\(runID)/\(artifact.stage)", "cannot read its drift report \(artifact.digest): \(error)", exit: .failure)
            }
            reports.append(report(json, stage: artifact.stage))
        }
        return DriftFindings(runID: runID, reports: reports)
    }

    private static func report(_ json: JSONValue, stage: String) -> Report {
        let features: [Feature] = json["features"]?.arrayValue?.map { feature in
            let statistics: [Statistic] = feature["statistics"]?.objectMembers.map { name, value in
                Statistic(name: name, value: value["value"]?.doubleValue, threshold: value["threshold"]?.doubleValue,
                          status: value["status"]?.stringValue ?? "")
            } ?? []
            return Feature(column: feature["column"]?.stringValue ?? "?", kind: feature["kind"]?.stringValue ?? "",
                           status: feature["status"]?.stringValue ?? "", statistics: statistics)
        } ?? []
        return Report(stage: stage, model: json["model"]?.stringValue, referenceRows: Int(json["reference_rows"]?.doubleValue ?? 0),
                      currentRows: Int(json["current_rows"]?.doubleValue ?? 0), features: features, json: json)
    }
}
