@testable import SluiceONNX
import Testing

/// Damaged files must be refused with an ONNXError — never a trap, never a hang — and a
/// damaged file that still loads must run or refuse its feeds just as cleanly.
@Suite struct CorruptModelFuzzTests {
    typealias W = ModelWriter

    /// A deterministic generator, so that a failure can be replayed.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A model touching most of the decoder: typed inputs, raw and packed tensors,
    /// attributes of several kinds, metadata, several nodes.
    static let model: [UInt8] = W.model(
        metadata: [("author", "fuzz")],
        graph: W.graph(
            nodes: [
                W.node("Scale", inputs: ["x"], outputs: ["s"], name: "scale", attributes: [
                    W.attribute("factor", .float(1.5)),
                    W.attribute("labels", .strings(["a", "b"])),
                    W.attribute("ids", .ints([1, -2, 300])),
                    W.attribute("weights", .tensor(W.floatTensor(dims: [2], [0.5, 0.25]))),
                ]),
                W.node("Sum2", inputs: ["s", "bias"], outputs: ["y"], name: "add"),
                W.node("Tag", inputs: ["y"], outputs: ["tagged"], domain: "ai.onnx.ml"),
            ],
            initializers: [
                W.rawTensor(name: "bias", .float, dims: [2], raw: [0, 0, 128, 63, 0, 0, 0, 64]),
                W.int64Tensor(name: "unused", dims: [3], [1, 2, 3]),
                W.stringTensor(name: "names", dims: [2], ["p", "q"]),
            ],
            inputs: [W.tensorValue("x", .float, ["N", 2])],
            outputs: [W.tensorValue("tagged", .float, ["N", 2])]))

    /// Loads `bytes` and, when that works, runs it; returns whether it loaded.
    private func exercise(_ bytes: [UInt8]) -> Bool {
        let model: ONNXModel
        do {
            model = try ONNXModel(bytes: bytes, catalog: RuntimeTestOperators.catalog)
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
        do {
            _ = try model.run(["x": .tensor(Tensor(shape: [1, 2], floats: [1, 2]))])
        } catch {
            #expect(!error.message.isEmpty)
        }
        return true
    }

    @Test func theUndamagedModelLoadsAndRuns() throws {
        let model = try ONNXModel(bytes: Self.model, catalog: RuntimeTestOperators.catalog)
        #expect(try model.run(["x": .tensor(Tensor(shape: [1, 2], floats: [1, 2]))])["tagged"] == .tensor(Tensor(shape: [1, 2], floats: [2.5, 5])))
    }

    @Test func everyTruncationLoadsOrThrows() {
        var truncatedErrors = 0
        for length in 0..<Self.model.count {
            let bytes = Array(Self.model[..<length])
            if !exercise(bytes) {
                do { _ = try ModelFile(bytes: bytes) } catch where error.code == .truncated { truncatedErrors += 1 } catch {}
            }
        }
        // Most cuts fall inside a field; those must be reported as truncation.
        #expect(truncatedErrors > Self.model.count / 2)
    }

    @Test func singleBitFlipsLoadOrThrow() {
        var generator = SplitMix64(state: 0x5EED_0F_0A7C)
        var refused = 0
        let flips = 4000
        for _ in 0..<flips {
            var bytes = Self.model
            let bit = Int(generator.next() % UInt64(bytes.count * 8))
            bytes[bit / 8] ^= 1 << UInt8(bit % 8)
            if !exercise(bytes) { refused += 1 }
        }
        #expect(refused > 0 && refused < flips)
    }

    @Test func randomOverwritesLoadOrThrow() {
        var generator = SplitMix64(state: 42)
        for _ in 0..<1000 {
            var bytes = Self.model
            let start = Int(generator.next() % UInt64(bytes.count))
            let length = min(bytes.count - start, Int(generator.next() % 8) + 1)
            for index in start..<(start + length) { bytes[index] = UInt8(truncatingIfNeeded: generator.next()) }
            _ = exercise(bytes)
        }
    }
}
