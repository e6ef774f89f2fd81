@testable import SluiceJSON
import Testing

/// The pull reader parses JSON exactly: numbers as Foundation would, strings with
/// every escape, and nothing that is not JSON.
@Suite struct JSONPullReaderTests {
    func scalar(_ text: String) throws -> JSONScalar {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer in
            var reader = JSONPullReader<JSONSyntaxError>(buffer)
            let value = try reader.readScalar()
            try reader.expectEnd()
            return value
        }
    }

    func number(_ text: String) throws -> Double? {
        guard case .number(let value, _) = try scalar(text) else { return nil }
        return value
    }

    @Test(arguments: ["0", "-0", "1.5", "-2.25e3", "1E-7", "0.1", "123456789012345678", "3.141592653589793",
                      "2.2250738585072014e-308", "1.7976931348623157e308", "9007199254740993", "0.30000000000000004", "5e-324"])
    func numbersMatchSwiftsOwnParser(_ text: String) throws {
        #expect(try number(text) == Double(text))
    }

    @Test func integersKeepTheirExactValue() throws {
        guard case .number(_, let integer) = try scalar("9007199254740993") else { Issue.record("not a number"); return }
        #expect(integer == 9_007_199_254_740_993)
        guard case .number(_, let none) = try scalar("2.0") else { Issue.record("not a number"); return }
        #expect(none == nil)
    }

    @Test(arguments: ["01", "+1", ".5", "1.", "1e", "--1", "NaN", "Infinity", "1e999", "0x10", "tru", "nul", "\"open"])
    func nonJSONIsRefused(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try scalar(text) }
    }

    @Test func stringsDecodeEveryEscape() throws {
        guard case .string(let text) = try scalar(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) else { Issue.record("not a string"); return }
        #expect(text == "a\"b\\c/d\n\té😀")
    }
}
