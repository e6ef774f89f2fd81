import SluiceJSON
import SluicePlugins
import Testing

/// The examples a stage declares (sluice_stage_v1.examples): parsed into typed values
/// at load, and refused with a message saying where when malformed.
@Suite struct StageExampleParseTests {
    let inputs = [PortInfo(name: "data", kind: .table, optional: false, description: ""),
                  PortInfo(name: "model", kind: .model, optional: true, description: "")]
    let outputs = [PortInfo(name: "data", kind: .table, optional: false, description: "")]

    func parse(_ text: String) throws(StageExample.ParseError) -> [StageExample] {
        try StageExample.parse(text, inputs: inputs, outputs: outputs)
    }

    func failure(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "parsed"
        } catch {
            return error.message
        }
    }

    @Test func aFullExampleBecomesTypedColumnsAndBytes() throws {
        let examples = try parse(#"""
            [{"name":"scales","config":{"factor":2},
              "inputs":{"data":{"columns":{"x":[1.5,2],"city":["a",null],"n":[1,null],"ok":[true,false]},"types":{"n":"int64"}},
                        "model":{"media_type":"application/json","base64":"e30="}},
              "expect":{"status":"ok","outputs":["data"]}}]
            """#)
        let example = try #require(examples.first)
        #expect(example.name == "scales")
        #expect(example.config == .object(JSONObject([("factor", .integer(2))])))
        #expect(example.inputs["data"] == .table([
            .init(name: "x", values: .float64([1.5, 2])), .init(name: "city", values: .utf8(["a", nil])),
            .init(name: "n", values: .int64([1, nil])), .init(name: "ok", values: .bool([true, false])),
        ]))
        #expect(example.inputs["model"] == .bytes(mediaType: "application/json", Array("{}".utf8)))
        #expect(example.expect == .init(status: "ok", outputs: ["data"]))
    }

    @Test func configInputsAndExpectHaveDefaults() throws {
        let example = try #require(try parse(#"[{"name":"bare"}]"#).first)
        #expect(example.config == .object(JSONObject()))
        #expect(example.inputs.isEmpty)
        #expect(example.expect == .init(status: "ok", outputs: nil))
    }

    @Test func integersOfAnUntypedColumnAreFloat64() throws {
        let example = try #require(try parse(#"[{"name":"n","inputs":{"data":{"columns":{"x":[1,2]}}}}]"#).first)
        #expect(example.inputs["data"] == .table([.init(name: "x", values: .float64([1, 2]))]))
    }

    @Test(arguments: [
        (#"{}"#, "examples must be a JSON array of examples, found object"),
        (#"[{"name":""}]"#, #"example #0 needs a non-empty string "name""#),
        (#"[{"name":"a"},{"name":"a"}]"#, "example #1 repeats the name 'a'. Give each example a unique name"),
        (#"[{"name":"a","inputs":{"other":{}}}]"#, "example 'a': input 'other' is not an input of the stage; its inputs: data, model"),
        (#"[{"name":"a","inputs":{"data":{"columns":{"x":[1],"y":[1,2]}}}}]"#, "example 'a': input 'data': column 'y' has 2 values but 'x' has 1; every column needs the same length"),
        (#"[{"name":"a","inputs":{"data":{"columns":{"x":[null]}}}}]"#, #"example 'a': input 'data': column 'x' has only nulls: give its type in "types""#),
        (#"[{"name":"a","inputs":{"data":{"columns":{"x":[1.5]},"types":{"x":"int64"}}}}]"#, "example 'a': input 'data': column 'x' is int64, but holds 1.5; expected an integer within ±2^53 or null"),
        (#"[{"name":"a","inputs":{"model":{"media_type":"x/y","base64":"***"}}}]"#, #"example 'a': input 'model': "base64" is not valid base64 (standard alphabet, with padding)"#),
        (#"[{"name":"a","expect":{"status":"broken"}}]"#, "example 'a': expect.status must be one of ok, invalid_argument, invalid_config, invalid_input, failed, cancelled, unsupported, not_found, out_of_memory, gate_failed, io, internal"),
        (#"[{"name":"a","extra":1}]"#, "example 'a': unknown field 'extra'; an example has name, config, inputs and expect"),
    ])
    func malformedExamplesSayWhatAndWhere(text: String, message: String) {
        #expect(failure(text) == message)
    }
}
