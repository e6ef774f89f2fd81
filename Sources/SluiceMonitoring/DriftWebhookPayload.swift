import Foundation
import SluiceJSON
import SluicePipeline

/// The document `on_drift: webhook` posts: which pipeline found drift, in which run,
/// and for every report each feature's statistics, so that a receiver can act without
/// reading the run store.
package struct DriftWebhookPayload: Sendable {
    package let findings: DriftFindings
    /// The monitoring pipeline's name.
    package let pipeline: String
    package let location: PipelineLocation
    package let time: Date

    package init(findings: DriftFindings, pipeline: String, location: PipelineLocation, time: Date = Date()) {
        self.findings = findings
        self.pipeline = pipeline
        self.location = location
        self.time = time
    }

    package var json: JSONValue {
        .object([
            "event": .string("drift_detected"),
            "pipeline": .string(pipeline),
            "file": .string(location.relativePath),
            "project": .string(location.projectDirectory),
            "run": .string(findings.runID),
            "time": .string(ISO8601DateFormatter().string(from: time)),
            "summary": .string(findings.summary),
            "reports": .array(findings.reports.map(Self.report)),
        ])
    }

    private static func report(_ report: DriftFindings.Report) -> JSONValue {
        .object([
            "stage": .string(report.stage),
            "model": report.model.map(JSONValue.string) ?? .null,
            "reference_rows": .integer(Int64(report.referenceRows)),
            "current_rows": .integer(Int64(report.currentRows)),
            "drifted_features": .array(report.drifted.map { .string($0.column) }),
            "features": .array(report.features.map { feature in
                .object([
                    "column": .string(feature.column),
                    "status": .string(feature.status),
                    "statistics": .object(Dictionary(uniqueKeysWithValues: feature.statistics.map { statistic in
                        (statistic.name, JSONValue.object([
                            "value": statistic.value.map(JSONValue.number) ?? .null,
                            "threshold": statistic.threshold.map(JSONValue.number) ?? .null,
                            "status": .string(statistic.status),
                        ]))
                    })),
                ])
            }),
        ])
    }
}
