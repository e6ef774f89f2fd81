import SluiceArrow
import SluiceJSON
import SluiceSupport


/// The JSON bodies of predictions and model metadata.
enum PredictionEncoding {
    /// Open Inference Protocol: one output tensor per prediction column.
    static func inferenceResponse(model: String, version: String, id: String?, outputs: ArrowTable) -> [UInt8] {
        var json = JSONWriter(capacity: 128 + outputs.rowCount * 24 * outputs.schema.fields.count)
        json.raw("{\"model_name\":")
        json.string(model)
        json.raw(",\"model_version\":")
        json.string(version)
        if let id {
            json.raw(",\"id\":")
            json.string(id)
        }
        json.raw(",\"outputs\":")
        json.list(outputs.schema.fields.enumerated()) { json, item in
            json.raw("{\"name\":")
            json.string(item.element.name)
            json.raw(",\"shape\":[")
            json.number(outputs.rowCount)
            json.raw("],\"datatype\":")
            json.string(Responses.datatype(item.element.type))
            json.raw(",\"data\":")
            json.column(outputs, item.offset)
            json.byte("}")
        }
        json.byte("}")
        return json.bytes
    }

    /// MLflow: `{"predictions": [...]}`, a list of values when the model returns only
    /// "prediction" (as MLflow does for a 1-D result), else a list of records.
    static func invocationsResponse(_ outputs: ArrowTable) -> [UInt8] {
        var json = JSONWriter(capacity: 32 + outputs.rowCount * 24 * outputs.schema.fields.count)
        json.raw("{\"predictions\":")
        if outputs.schema.fields.count == 1 {
            json.column(outputs, 0)
        } else {
            json.byte("[")
            var first = true
            for batch in outputs.batches {
                for row in 0..<batch.length {
                    if !first { json.byte(",") }
                    first = false
                    json.byte("{")
                    for (index, field) in outputs.schema.fields.enumerated() {
                        if index > 0 { json.byte(",") }
                        json.key(field.name)
                        json.value(batch.columns[index], row)
                    }
                    json.byte("}")
                }
            }
            json.byte("]")
        }
        json.byte("}")
        return json.bytes
    }

    /// Open Inference Protocol model metadata, with the deployment in "parameters".
    static func metadata(model: String, deployment: Deployment, version: ServedVersion) -> [UInt8] {
        var json = JSONWriter()
        json.raw("{\"name\":")
        json.string(model)
        json.raw(",\"versions\":")
        json.list([deployment.primary.label] + (deployment.canary.map { [$0.label] } ?? [])) { $0.string($1) }
        json.raw(",\"platform\":")
        json.string("sluice/" + version.model.pluginID)
        json.raw(",\"inputs\":")
        json.list(version.features.fields) { json, field in
            json.raw("{\"name\":")
            json.string(field.name)
            json.raw(",\"datatype\":")
            json.string(Responses.datatype(field.type))
            json.raw(",\"shape\":[-1]}")
        }
        json.raw(",\"outputs\":")
        // A description without "outputs" is a regressor's: "prediction", float64.
        let outputs = version.model.summary.outputs.map { $0.map { ($0.name, $0.type) } } ?? [("prediction", "float64")]
        json.list(outputs) { json, field in
            json.raw("{\"name\":")
            json.string(field.0)
            json.raw(",\"datatype\":")
            json.string(FeatureSchema.type(named: field.1).map(Responses.datatype) ?? "BYTES")
            json.raw(",\"shape\":[-1]}")
        }
        json.raw(",\"parameters\":{\"version\":")
        json.string(version.label)
        json.deploymentMembers(deployment, primaryKey: "primary")
        json.raw(",\"task\":")
        json.string(version.model.summary.task)
        json.raw(",\"format\":")
        json.string(version.model.summary.format)
        json.raw("}}")
        return json.bytes
    }
}
