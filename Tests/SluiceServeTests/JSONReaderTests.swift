@testable import SluiceServe
import SluiceSupport
import Testing

/// Request bodies are read with SluiceJSON's pull reader (tested in SluiceJSONTests);
/// what is not JSON is the client's mistake.
@Suite struct JSONReaderTests {
    func scalar(_ text: String) throws -> JSONReader.Scalar {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer)
            let value = try reader.readScalar()
            try reader.expectEnd()
            return value
        }
    }

    @Test(arguments: ["01", "+1", ".5", "1.", "1e", "--1", "NaN", "Infinity", "1e999", "0x10", "tru", "nul", "\"open"])
    func nonJSONIsRefused(_ text: String) {
        #expect(throws: ServeError.self) { try scalar(text) }
    }

    @Test func syntaxErrorsAnswerBadRequestNamingTheByte() {
        let error = #expect(throws: ServeError.self) { try scalar("01") }
        #expect(error?.code == "request.malformed-json")
        #expect(error?.message == "malformed JSON at byte 2: a number cannot start with 0")
    }
}
