import Foundation
import SluiceJSON

extension StageExample {
    /// Why an examples text was refused: a complete sentence saying where and what.
    package struct ParseError: Error, Sendable, Equatable {
        package let message: String
    }

    /// Parses and checks the examples text a stage declares, against its ports. The
    /// shape is the one sluice_abi.h gives for sluice_stage_v1.examples.
    package static func parse(_ text: String, inputs: [PortInfo], outputs: [PortInfo]) throws(ParseError) -> [StageExample] {
        func fail(_ message: String) -> ParseError { ParseError(message: message) }
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw fail("examples is not valid JSON (\(error)). It must be a JSON array of examples")
        }
        guard case .array(let elements) = document else {
            throw fail("examples must be a JSON array of examples, found \(document.typeName)")
        }
        var examples: [StageExample] = []
        for (index, element) in elements.enumerated() {
            let example = try parseOne(element, index: index, inputs: inputs, outputs: outputs)
            guard !examples.contains(where: { $0.name == example.name }) else {
                throw fail("example #\(index) repeats the name '\(example.name)'. Give each example a unique name")
            }
            examples.append(example)
        }
        return examples
    }

    private static func parseOne(_ element: JSONValue, index: Int, inputs: [PortInfo], outputs: [PortInfo]) throws(ParseError) -> StageExample {
        guard case .object(let members) = element else {
            throw ParseError(message: "example #\(index) must be an object with name, config, inputs and expect")
        }
        guard case .string(let name)? = members["name"], !name.isEmpty else {
            throw ParseError(message: "example #\(index) needs a non-empty string \"name\"")
        }
        func fail(_ message: String) -> ParseError { ParseError(message: "example '\(name)': \(message)") }
        let known: Set<String> = ["name", "config", "inputs", "expect"]
        if let unknown = members.keys.first(where: { !known.contains($0) }) {
            throw fail("unknown field '\(unknown)'; an example has name, config, inputs and expect")
        }
        let config = members["config"] ?? .object(JSONObject())
        guard case .object = config else { throw fail("\"config\" must be an object (the stage's `with`)") }
        var parsedInputs: [String: Input] = [:]
        if let given = members["inputs"] {
            guard case .object(let ports) = given else { throw fail("\"inputs\" must be an object keyed by input port") }
            for (port, value) in ports {
                guard let declared = inputs.first(where: { $0.name == port }) else {
                    throw fail("input '\(port)' is not an input of the stage; its inputs: \(inputs.isEmpty ? "none" : inputs.map(\.name).joined(separator: ", "))")
                }
                do {
                    parsedInputs[port] = try parseInput(value, kind: declared.kind)
                } catch {
                    throw fail("input '\(port)': \(error.message)")
                }
            }
        }
        var expect = Expectation(status: "ok", outputs: nil)
        if let given = members["expect"] {
            guard case .object(let fields) = given else { throw fail("\"expect\" must be an object with status and outputs") }
            var status = "ok"
            if let value = fields["status"] {
                guard case .string(let text) = value, statusNames.contains(text) else {
                    throw fail("expect.status must be one of \(statusNames.joined(separator: ", "))")
                }
                status = text
            }
            var ports: [String]?
            if let value = fields["outputs"] {
                guard case .array(let list) = value else { throw fail("expect.outputs must be an array of output port names") }
                ports = []
                for item in list {
                    guard case .string(let port) = item, outputs.contains(where: { $0.name == port }) else {
                        throw fail("expect.outputs names \(item.canonicalText), which is not an output of the stage; its outputs: \(outputs.isEmpty ? "none" : outputs.map(\.name).joined(separator: ", "))")
                    }
                    ports?.append(port)
                }
            }
            expect = Expectation(status: status, outputs: ports)
        }
        return StageExample(name: name, config: config, inputs: parsedInputs, expect: expect)
    }

    private static func parseInput(_ value: JSONValue, kind: PortKind) throws(ParseError) -> Input {
        guard case .object(let fields) = value else {
            throw ParseError(message: "must be an object: {\"columns\": ...} for a table, {\"media_type\", \"text\" or \"base64\"} for bytes")
        }
        if kind == .table {
            guard case .object(let columns)? = fields["columns"] else {
                throw ParseError(message: "a table port takes {\"columns\": {\"name\": [values...]}}")
            }
            var types: JSONObject = JSONObject()
            if let given = fields["types"] {
                guard case .object(let declared) = given else { throw ParseError(message: "\"types\" must map column names to float64, int64, utf8 or bool") }
                types = declared
                if let stray = declared.keys.first(where: { columns[$0] == nil }) {
                    throw ParseError(message: "\"types\" names the column '\(stray)', which is not in \"columns\"")
                }
            }
            var parsed: [Column] = []
            for (column, values) in columns {
                guard case .array(let list) = values else { throw ParseError(message: "column '\(column)' must be an array of values") }
                var type: String?
                if let declared = types[column] {
                    guard case .string(let name) = declared else { throw ParseError(message: "the type of column '\(column)' must be a string") }
                    type = name
                }
                let column = Column(name: column, values: try columnValues(list, name: column, type: type))
                if let first = parsed.first, first.values.count != column.values.count {
                    throw ParseError(message: "column '\(column.name)' has \(column.values.count) values but '\(first.name)' has \(first.values.count); every column needs the same length")
                }
                parsed.append(column)
            }
            return .table(parsed)
        }
        guard case .string(let mediaType)? = fields["media_type"], !mediaType.isEmpty else {
            throw ParseError(message: "a \(kind.name) port takes {\"media_type\": \"...\", \"text\": \"...\"} or {\"media_type\": \"...\", \"base64\": \"...\"}")
        }
        switch (fields["text"], fields["base64"]) {
        case (.string(let text)?, nil):
            return .bytes(mediaType: mediaType, Array(text.utf8))
        case (nil, .string(let encoded)?):
            guard let data = Data(base64Encoded: encoded) else { throw ParseError(message: "\"base64\" is not valid base64 (standard alphabet, with padding)") }
            return .bytes(mediaType: mediaType, [UInt8](data))
        default:
            throw ParseError(message: "give exactly one of \"text\" (a string) or \"base64\" (a string)")
        }
    }

    private static func columnValues(_ list: [JSONValue], name: String, type declared: String?) throws(ParseError) -> Values {
        let present = list.filter { $0 != .null }
        let type: String
        if let declared {
            type = declared
        } else {
            switch present.first {
            case nil: throw ParseError(message: "column '\(name)' has only nulls: give its type in \"types\"")
            case .integer?, .number?: type = "float64"
            case .string?: type = "utf8"
            case .bool?: type = "bool"
            case let other?: throw ParseError(message: "column '\(name)' holds \(other.typeName) values; columns hold numbers, strings or booleans")
            }
        }
        func wrong(_ value: JSONValue, _ expected: String) -> ParseError {
            ParseError(message: "column '\(name)' is \(type), but holds \(value.canonicalText.prefix(40)); expected \(expected) or null")
        }
        switch type {
        case "float64":
            return .float64(try list.map { (value) throws(ParseError) -> Double? in
                if value == .null { return nil }
                guard let number = value.doubleValue else { throw wrong(value, "a number") }
                return number
            })
        case "int64":
            return .int64(try list.map { (value) throws(ParseError) -> Int64? in
                switch value {
                case .null: return nil
                case .integer(let number) where abs(number) <= 1 << 53: return number
                case .number(let number) where number == number.rounded() && abs(number) <= 9_007_199_254_740_992: return Int64(number)
                default: throw wrong(value, "an integer within ±2^53")
                }
            })
        case "utf8":
            return .utf8(try list.map { (value) throws(ParseError) -> String? in
                if value == .null { return nil }
                guard case .string(let text) = value else { throw wrong(value, "a string") }
                return text
            })
        case "bool":
            return .bool(try list.map { (value) throws(ParseError) -> Bool? in
                if value == .null { return nil }
                guard case .bool(let flag) = value else { throw wrong(value, "true or false") }
                return flag
            })
        default:
            throw ParseError(message: "column '\(name)' has the unknown type '\(type)'; use float64, int64, utf8 or bool")
        }
    }
}
