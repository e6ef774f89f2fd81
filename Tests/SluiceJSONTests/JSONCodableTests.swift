import Foundation
@testable import SluiceJSON
import Testing

/// Codable types read and write through SluiceJSON as they did through Foundation.
@Suite struct JSONCodableTests {
    struct Config: Codable, Equatable {
        enum Mode: String, Codable { case fast, exact }
        struct Nested: Codable, Equatable { var seed: Int }

        var alpha: Double
        var count: Int
        var name: String?
        var mode: Mode
        var flags: [Bool]
        var weights: [String: Double]
        var nested: Nested
        var free: JSONValue?

        enum CodingKeys: String, CodingKey {
            case alpha, count, name, mode, flags, weights, nested, free
        }
    }

    func decodeBoth<T: Decodable & Equatable>(_ type: T.Type, _ text: String) throws -> T {
        let ours = try JSONValueDecoder().decode(type, from: JSONValue.parse(text))
        #expect(try ours == JSONDecoder().decode(type, from: Data(text.utf8)))
        return ours
    }

    @Test func decodesAsFoundationDoes() throws {
        let config = try decodeBoth(Config.self, #"""
            {"alpha": 1, "count": 3.0, "mode": "fast", "flags": [true, false], "weights": {"b": 0.5, "a": 2},
             "nested": {"seed": 7}, "free": {"x": [1, 2.5]}}
            """#)
        #expect(config.alpha == 1 && config.count == 3 && config.name == nil)
        #expect(config.free == .object(["x": .array([.integer(1), .number(2.5)])]))
        #expect(try decodeBoth([Int?].self, "[1, null, 3]") == [1, nil, 3])
        #expect(try decodeBoth([String: [Int]].self, #"{"a": [], "b": [1]}"#) == ["a": [], "b": [1]])
    }

    /// The coding path, the case and the type of each error, which stage config messages name.
    func failure(_ text: String) throws -> (ours: String, foundation: String) {
        func shape(_ error: DecodingError) -> String {
            func path(_ context: DecodingError.Context) -> String { context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") }
            switch error {
            case .keyNotFound(let key, let context): return "keyNotFound \(key.stringValue) at \(path(context))"
            case .typeMismatch(let type, let context): return "typeMismatch \(type) at \(path(context))"
            case .valueNotFound(let type, let context): return "valueNotFound \(type) at \(path(context))"
            case .dataCorrupted(let context): return "dataCorrupted at \(path(context)): \(context.debugDescription)"
            @unknown default: return "\(error)"
            }
        }
        var ours = "", foundation = ""
        do { _ = try JSONValueDecoder().decode(Config.self, from: JSONValue.parse(text)) } catch let error as DecodingError { ours = shape(error) }
        do { _ = try JSONDecoder().decode(Config.self, from: Data(text.utf8)) } catch let error as DecodingError { foundation = shape(error) }
        return (ours, foundation)
    }

    @Test(arguments: [
        #"{"alpha": "big", "count": 1, "mode": "fast", "flags": [], "weights": {}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 1, "mode": "fast", "flags": [], "weights": {}, "nested": {}}"#,
        #"{"alpha": null, "count": 1, "mode": "fast", "flags": [], "weights": {}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 2.5, "mode": "fast", "flags": [], "weights": {}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 1, "mode": "slow", "flags": [], "weights": {}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 1, "mode": "fast", "flags": [true, 1], "weights": {}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 1, "mode": "fast", "flags": [], "weights": {"a": "x"}, "nested": {"seed": 1}}"#,
        #"{"alpha": 1, "count": 1, "mode": "fast", "flags": [], "weights": {}, "nested": null}"#,
        #"[1]"#,
    ])
    func errorsAreFoundationsErrors(_ text: String) throws {
        let (ours, foundation) = try failure(text)
        #expect(!ours.isEmpty)
        if ours.hasPrefix("dataCorrupted") {
            // Foundation leaves the key out of the path of a number that does not fit; ours names it.
            #expect(foundation.hasPrefix("dataCorrupted"))
        } else {
            #expect(ours.split(separator: ":")[0] == foundation.split(separator: ":")[0])
        }
    }

    @Test func encodesWhatFoundationEncodes() throws {
        let config = Config(alpha: 0.1, count: 3, name: nil, mode: .exact, flags: [true], weights: ["b": 2, "a": 1e300],
                            nested: .init(seed: -1), free: .array([.integer(1), .object(["k": .string("é/")])]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let value = try JSONValueEncoder().encode(config)
        #expect(value.prettyText == String(decoding: try encoder.encode(config), as: UTF8.self))
        #expect(value["name"] == nil)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.keys == ["alpha", "count", "mode", "flags", "weights", "nested", "free"])
        #expect(try JSONValueDecoder().decode(Config.self, from: value) == config)
    }
}
