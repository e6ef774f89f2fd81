import Foundation
@testable import SluiceKit
import Testing

/// The SDK's side of the C conventions: error buffers and toolchain fingerprints.
@Suite struct CBridgeTests {
    private func written(_ message: String, capacity: Int) -> String {
        var buffer = [CChar](repeating: 0x7F, count: capacity)
        buffer.withUnsafeMutableBufferPointer { writeMessage(message, into: $0.baseAddress, capacity: capacity) }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    @Test func messagesFitTheCallersBuffer() {
        #expect(written("short", capacity: 64) == "short")
        #expect(written("exactly-9", capacity: 10) == "exactly-9")
        #expect(written("truncated message", capacity: 10) == "truncated")
    }

    @Test func truncationNeverSplitsACharacter() {
        // "aéé" is 5 bytes. 4 bytes of room would cut the second "é" in half.
        #expect(written("aéé", capacity: 5) == "aé")
        #expect(written("aéé", capacity: 3) == "a")
    }

    @Test func aZeroCapacityBufferIsLeftAlone() {
        writeMessage("ignored", into: nil, capacity: 0)
    }

    @Test func swiftPluginsCarryTheirToolchainInTheirBuildFingerprint() {
        #expect(Plugin.buildFingerprint.hasPrefix("swift "))
        #expect(Plugin.buildFingerprint.count > "swift ".count)
    }

    @Test func configDecodingErrorsNameTheField() throws {
        struct Config: Decodable { var alpha: Double; var nested: Nested }
        struct Nested: Decodable { var seed: Int }
        do {
            _ = try JSONDecoder().decode(Config.self, from: Data(#"{"alpha":"big","nested":{"seed":1}}"#.utf8))
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            #expect(describe(error) == "'alpha' has the wrong type: expected Double")
        }
        do {
            _ = try JSONDecoder().decode(Config.self, from: Data(#"{"alpha":1,"nested":{}}"#.utf8))
            Issue.record("decoding should fail")
        } catch let error as DecodingError {
            #expect(describe(error) == "missing required field 'nested.seed' in `with`")
        }
    }
}
