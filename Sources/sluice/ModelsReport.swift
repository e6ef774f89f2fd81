import Foundation
import SluiceJSON
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// How registry records print: tables for people, JSON for scripts.
enum ModelsReport {
    static func iso(_ date: Date) -> JSONValue { .string(ISO8601DateFormatter().string(from: date)) }

    static func json(_ version: ModelVersionRecord, aliases: [AliasRecord], metrics: [(stage: String, name: String, value: Double)]) -> JSONValue {
        .object([
            "name": .string(version.name), "version": .number(Double(version.version)), "digest": .string(version.digest),
            "media_type": .string(version.mediaType), "plugin": .string(version.pluginID), "plugin_version": .string(version.pluginVersion),
            "run": version.runID.map(JSONValue.string) ?? .null, "stage": version.stage.map(JSONValue.string) ?? .null,
            "registered_by": .string(version.registeredBy), "registered_at": iso(version.registeredAt), "note": .string(version.note),
            "aliases": .array(aliases.filter { $0.version == version.version }.map { .string($0.alias) }),
            "description": (try? JSONValue.parse(version.modelDescription)) ?? .string(version.modelDescription),
            "metrics": .object(Dictionary(metrics.map { ("\($0.stage).\($0.name)", JSONValue.number($0.value)) }, uniquingKeysWith: { $1 })),
        ])
    }

    static func json(_ alias: AliasRecord) -> JSONValue {
        .object(["alias": .string(alias.alias), "version": .number(Double(alias.version)),
                 "percent": alias.percent.map(JSONValue.number) ?? .null, "updated_at": iso(alias.updatedAt)])
    }

    static func json(_ event: AliasEvent) -> JSONValue {
        .object([
            "id": .number(Double(event.id)), "name": .string(event.name), "alias": .string(event.alias), "action": .string(event.action.rawValue),
            "from": event.fromVersion.map { .number(Double($0)) } ?? .null, "to": event.toVersion.map { .number(Double($0)) } ?? .null,
            "percent": event.percent.map(JSONValue.number) ?? .null, "by": .string(event.by), "time": iso(event.time), "note": .string(event.note),
        ])
    }

    /// "production → 3 (was 2)": one line for an alias move.
    static func line(_ event: AliasEvent) -> String {
        let target = event.toVersion.map { "\(event.name):\($0)" } ?? "(removed)"
        let share = event.percent.map { " at \(formatPercent($0))" } ?? ""
        let was = event.fromVersion.map { " (was \($0))" } ?? ""
        return "\(event.action.rawValue): \(event.name)@\(event.alias) → \(target)\(share)\(was) by \(event.by)" + (event.note.isEmpty ? "" : ": \(event.note)")
    }

    static func formatPercent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
