@testable import SluiceONNX
import Testing

@Suite struct ModelDecodingTests {
    typealias W = ModelWriter

    private func decode(_ bytes: [UInt8]) throws -> ModelFile { try ModelFile(bytes: bytes) }

    private func failure(_ bytes: [UInt8]) -> ONNXError? {
        do { _ = try ModelFile(bytes: bytes) } catch { return error }
        return nil
    }

    /// A model whose graph has one node carrying `attributes`.
    private func model(attributes: [[UInt8]]) -> [UInt8] {
        W.model(graph: W.graph(nodes: [W.node("Scale", inputs: ["x"], outputs: ["y"], name: "n", attributes: attributes)]))
    }

    private func attributes(_ attributes: [[UInt8]]) throws -> [String: Attribute] {
        try #require(try decode(model(attributes: attributes)).graph?.nodes.first).attributes
    }

    /// The single initializer of a model holding `tensor`.
    private func initializer(_ tensor: [UInt8]) throws -> NamedTensor {
        try #require(try decode(W.model(graph: W.graph(initializers: [tensor]))).graph?.initializers.first)
    }

    private func tensorFailure(_ tensor: [UInt8]) -> ONNXError? {
        failure(W.model(graph: W.graph(initializers: [tensor])))
    }

    // MARK: Model and graph

    @Test func modelFieldsAreRead() throws {
        let file = try decode(W.model(
            irVersion: 9, opsets: [("", 15), ("ai.onnx.ml", 2)], producerName: "skl2onnx", producerVersion: "1.16",
            metadata: [("author", "sluice"), ("task", "churn")], graph: W.graph()))
        #expect(file.irVersion == 9)
        #expect(file.producerName == "skl2onnx" && file.producerVersion == "1.16")
        #expect(file.opsets == ["ai.onnx": 15, "ai.onnx.ml": 2])
        #expect(file.metadata == ["author": "sluice", "task": "churn"])
        #expect(file.graph != nil)
    }

    @Test func theDefaultDomainIsNamedAiOnnxWhetherEmptyOrExplicit() throws {
        let file = try decode(W.model(opsets: [("ai.onnx", 13)], graph: W.graph(nodes: [
            W.node("Scale", inputs: ["x"], outputs: ["y"]),
            W.node("Scale", inputs: ["y"], outputs: ["z"], domain: "ai.onnx"),
            W.node("Tag", inputs: ["z"], outputs: ["w"], domain: "ai.onnx.ml"),
        ])))
        #expect(file.opsets == ["ai.onnx": 13])
        #expect(file.graph?.nodes.map(\.domain) == ["ai.onnx", "ai.onnx", "ai.onnx.ml"])
    }

    @Test func aDomainImportedTwiceBindsToItsHighestVersion() throws {
        #expect(try decode(W.model(opsets: [("", 9), ("", 13), ("", 11)], graph: nil)).opsets == ["ai.onnx": 13])
    }

    @Test func nodeFieldsAreRead() throws {
        let file = try decode(W.model(graph: W.graph(nodes: [
            W.node("Sum2", inputs: ["a", ""], outputs: ["c", "d"], name: "adder"),
        ])))
        let node = try #require(file.graph?.nodes.first)
        #expect(node == Node(name: "adder", opType: "Sum2", domain: "ai.onnx", inputs: ["a", ""], outputs: ["c", "d"], attributes: [:]))
    }

    @Test func graphInputsOutputsAndValueInfoAreRead() throws {
        let file = try decode(W.model(graph: W.graph(
            name: "pipeline",
            inputs: [W.tensorValue("X", .float, [.none, 4]), W.tensorValue("ids", .int32, ["N"]), W.tensorValue("any", .string, nil)],
            outputs: [W.sequenceOfMapsValue("probabilities", key: .int64, value: .float)],
            valueInfo: [W.tensorValue("hidden", .double, [2, 3])])))
        let graph = try #require(file.graph)
        #expect(graph.name == "pipeline")
        #expect(graph.inputs == [
            ValueInfo(name: "X", type: .tensor(element: .float, shape: [.unknown, .fixed(4)])),
            ValueInfo(name: "ids", type: .tensor(element: .int32, shape: [.named("N")])),
            ValueInfo(name: "any", type: .tensor(element: .string, shape: nil)),
        ])
        #expect(graph.outputs == [ValueInfo(name: "probabilities", type: .sequenceOfMaps(key: .int64, value: .float))])
        #expect(graph.valueInfo == [ValueInfo(name: "hidden", type: .tensor(element: .double, shape: [.fixed(2), .fixed(3)]))])
    }

    @Test func typesSluiceCannotFeedAreDescribed() throws {
        let map = W.valueInfo("features") { type in
            type.message(5) { map in
                map.varint(1, 8)
                map.message(2) { value in value.message(1) { tensor in tensor.varint(1, 1) } }
            }
        }
        let untyped = W.valueInfo("mystery")
        let file = try decode(W.model(graph: W.graph(inputs: [map, untyped])))
        #expect(file.graph?.inputs.map(\.type) == [.other("map(string, tensor(float))"), .other("an unspecified type")])
    }

    @Test func unknownFieldsAreSkippedAtEveryLevel() throws {
        func noise(_ writer: inout ProtoWriter) {
            writer.varint(1000, 5)
            writer.fixed64(1001, 6)
            writer.string(1002, "future")
            writer.fixed32(1003, 7)
        }
        let node = W.node("Scale", inputs: ["x"], outputs: ["y"], attributes: [W.attribute("factor", .float(3))], extra: noise)
        let file = try decode(W.model(graph: W.graph(nodes: [node], extra: noise), extra: noise))
        #expect(file.graph?.nodes.first?.attributes == ["factor": .float(3)])
    }

    @Test func aModelWithoutAGraphDecodesToNoGraph() throws {
        #expect(try decode(W.model(graph: nil)).graph == nil)
        #expect(try decode([]).graph == nil)
    }

    // MARK: Attributes

    @Test func everyAttributeKindDecodes() throws {
        let tensor = W.floatTensor(dims: [2], [1, 2])
        let decoded = try attributes([
            W.attribute("f", .float(0.5)),
            W.attribute("i", .int(-7)),
            W.attribute("s", .string("logistic")),
            W.attribute("t", .tensor(tensor)),
            W.attribute("g", .graph(W.graph())),
            W.attribute("fs", .floats([1.5, -2])),
            W.attribute("is", .ints([3, -4, 1 << 40])),
            W.attribute("ss", .strings(["a", "β"])),
            W.attribute("ts", .tensors([tensor, W.int64Tensor(dims: [], [9])])),
        ])
        #expect(decoded == [
            "f": .float(0.5), "i": .int(-7), "s": .string("logistic"),
            "t": .tensor(Tensor(shape: [2], floats: [1, 2])), "g": .graph,
            "fs": .floats([1.5, -2]), "is": .ints([3, -4, 1 << 40]), "ss": .strings(["a", "β"]),
            "ts": .tensors([Tensor(shape: [2], floats: [1, 2]), Tensor(shape: [], int64s: [9])]),
        ])
    }

    @Test func packedAndUnpackedAttributeListsDecodeAlike() throws {
        let packed = try attributes([W.attribute("fs", .floats([1, 2]), packing: .packed), W.attribute("is", .ints([-1, 2]), packing: .packed)])
        let unpacked = try attributes([W.attribute("fs", .floats([1, 2]), packing: .unpacked), W.attribute("is", .ints([-1, 2]), packing: .unpacked)])
        #expect(packed == unpacked)
        #expect(packed == ["fs": .floats([1, 2]), "is": .ints([-1, 2])])
    }

    @Test func untypedAttributesTakeTheKindOfTheirValue() throws {
        let decoded = try attributes([
            W.attribute("f", .float(1), typed: false),
            W.attribute("i", .int(2), typed: false),
            W.attribute("s", .string("x"), typed: false),
            W.attribute("is", .ints([1]), typed: false),
        ])
        #expect(decoded == ["f": .float(1), "i": .int(2), "s": .string("x"), "is": .ints([1])])
    }

    @Test func typedScalarsLeftAtTheirDefaultAreZero() throws {
        var writer = ProtoWriter()
        writer.string(1, "axis")
        writer.varint(20, 2)
        #expect(try attributes([writer.bytes]) == ["axis": .int(0)])
    }

    @Test func attributeErrorsNameTheNode() {
        var unknownType = ProtoWriter()
        unknownType.string(1, "weird")
        unknownType.varint(20, 99)
        let error = failure(model(attributes: [unknownType.bytes]))
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("node 'n' (Scale)") == true)
        #expect(error?.message.contains("'weird'") == true)
    }

    @Test func anAttributeGivenTwiceIsCorrupt() {
        let error = failure(model(attributes: [W.attribute("k", .int(1)), W.attribute("k", .int(2))]))
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("'k' twice") == true)
    }

    @Test func sparseTensorAttributesAreUnsupported() {
        var writer = ProtoWriter()
        writer.string(1, "sparse")
        writer.varint(20, 11)
        #expect(failure(model(attributes: [writer.bytes]))?.code == .unsupported)
    }

    @Test func aNodeWithoutAnOperatorIsCorrupt() {
        var node = ProtoWriter()
        node.string(1, "x")
        node.string(2, "y")
        #expect(failure(W.model(graph: W.graph(nodes: [node.bytes])))?.code == .corrupt)
    }

    // MARK: Tensors

    @Test func floatTensorsReadPackedUnpackedAndRaw() throws {
        let raw = [Float(1.5), -2, 0.25].flatMap { W.littleEndian(UInt64($0.bitPattern), width: 4) }
        for bytes in [
            W.floatTensor(name: "w", dims: [3], [1.5, -2, 0.25], packing: .packed),
            W.floatTensor(name: "w", dims: [3], [1.5, -2, 0.25], packing: .unpacked),
            W.rawTensor(name: "w", .float, dims: [3], raw: raw),
        ] {
            #expect(try initializer(bytes) == NamedTensor(name: "w", tensor: Tensor(shape: [3], floats: [1.5, -2, 0.25])))
        }
    }

    @Test func doubleTensorsReadPackedUnpackedAndRaw() throws {
        let raw = [0.1, -3.0].flatMap { W.littleEndian($0.bitPattern, width: 8) }
        for bytes in [
            W.doubleTensor(dims: [2], [0.1, -3], packing: .packed),
            W.doubleTensor(dims: [2], [0.1, -3], packing: .unpacked),
            W.rawTensor(.double, dims: [2], raw: raw),
        ] {
            #expect(try initializer(bytes).tensor == Tensor(shape: [2], doubles: [0.1, -3]))
        }
    }

    @Test func int64TensorsReadPackedUnpackedAndRaw() throws {
        let raw = [Int64(-1), 1 << 50].flatMap { W.littleEndian(UInt64(bitPattern: $0), width: 8) }
        for bytes in [
            W.int64Tensor(dims: [2, 1], [-1, 1 << 50], packing: .packed),
            W.int64Tensor(dims: [2, 1], [-1, 1 << 50], packing: .unpacked),
            W.rawTensor(.int64, dims: [2, 1], raw: raw),
        ] {
            #expect(try initializer(bytes).tensor == Tensor(shape: [2, 1], int64s: [-1, 1 << 50]))
        }
    }

    @Test func narrowIntegersAreReadIntoInt64() throws {
        #expect(try initializer(W.int32DataTensor(.int32, dims: [3], [-5, 0, 70000])).tensor == Tensor(shape: [3], int64s: [-5, 0, 70000]))
        #expect(try initializer(W.int32DataTensor(.int8, dims: [2], [-128, 127], packing: .unpacked)).tensor == Tensor(shape: [2], int64s: [-128, 127]))
        #expect(try initializer(W.rawTensor(.int8, dims: [2], raw: [0xFF, 0x7F])).tensor == Tensor(shape: [2], int64s: [-1, 127]))
        #expect(try initializer(W.rawTensor(.uint8, dims: [2], raw: [0xFF, 0x01])).tensor == Tensor(shape: [2], int64s: [255, 1]))
        #expect(try initializer(W.rawTensor(.int16, dims: [1], raw: [0x00, 0x80])).tensor == Tensor(shape: [1], int64s: [-32768]))
        #expect(try initializer(W.rawTensor(.uint16, dims: [1], raw: [0x00, 0x80])).tensor == Tensor(shape: [1], int64s: [32768]))
        #expect(try initializer(W.rawTensor(.int32, dims: [1], raw: [0xFE, 0xFF, 0xFF, 0xFF])).tensor == Tensor(shape: [1], int64s: [-2]))
        #expect(try initializer(W.rawTensor(.uint32, dims: [1], raw: [0xFE, 0xFF, 0xFF, 0xFF])).tensor == Tensor(shape: [1], int64s: [4_294_967_294]))
        #expect(try initializer(W.uint64Tensor(.uint32, dims: [1], [7])).tensor == Tensor(shape: [1], int64s: [7]))
        #expect(try initializer(W.uint64Tensor(dims: [2], [0, 1 << 62])).tensor == Tensor(shape: [2], int64s: [0, 1 << 62]))
    }

    @Test func uint64ValuesBeyondInt64AreUnsupported() {
        let error = tensorFailure(W.uint64Tensor(name: "big", dims: [1], [UInt64.max]))
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("tensor 'big'") == true)
    }

    @Test func boolTensorsReadFromRawBytesAndInt32Data() throws {
        #expect(try initializer(W.rawTensor(.bool, dims: [3], raw: [1, 0, 1])).tensor == Tensor(shape: [3], bools: [true, false, true]))
        #expect(try initializer(W.int32DataTensor(.bool, dims: [2], [0, 1])).tensor == Tensor(shape: [2], bools: [false, true]))
    }

    @Test func halfPrecisionTensorsWidenToFloat() throws {
        // 1.0, -2.0, 65504 (the largest half), and the smallest subnormal.
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001]
        let raw = halves.flatMap { W.littleEndian(UInt64($0), width: 2) }
        #expect(try initializer(W.rawTensor(.float16, dims: [4], raw: raw)).tensor == Tensor(shape: [4], floats: [1, -2, 65504, 0x1p-24]))
        #expect(try initializer(W.int32DataTensor(.float16, dims: [1], [0x3C00])).tensor == Tensor(shape: [1], floats: [1]))
        #expect(try initializer(W.rawTensor(.bfloat16, dims: [1], raw: [0x80, 0x3F])).tensor == Tensor(shape: [1], floats: [1]))
    }

    @Test func stringTensorsRead() throws {
        #expect(try initializer(W.stringTensor(name: "labels", dims: [2], ["yes", "nö"])).tensor == Tensor(shape: [2], strings: ["yes", "nö"]))
    }

    @Test func aScalarHoldsOneValueAndAnEmptyTensorNone() throws {
        #expect(try initializer(W.floatTensor(dims: [], [4])).tensor == Tensor(shape: [], floats: [4]))
        #expect(try initializer(W.floatTensor(dims: [0, 3], [])).tensor == Tensor(shape: [0, 3], floats: []))
    }

    @Test func valueCountsMustMatchTheDimsAndTheErrorNamesTheTensor() {
        let error = tensorFailure(W.floatTensor(name: "coefficients", dims: [2, 2], [1, 2, 3]))
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("tensor 'coefficients'") == true)
        #expect(error?.message.contains("holds 3 values") == true)
        #expect(tensorFailure(W.rawTensor(name: "r", .float, dims: [2], raw: [0, 0, 0, 0]))?.code == .corrupt)
        #expect(tensorFailure(W.rawTensor(name: "r", .float, dims: [1], raw: [0, 0, 0]))?.message.contains("raw_data") == true)
    }

    @Test func negativeAndOverflowingDimsAreCorrupt() {
        #expect(tensorFailure(W.floatTensor(name: "neg", dims: [-1], []))?.code == .corrupt)
        #expect(tensorFailure(W.floatTensor(name: "huge", dims: [1 << 40, 1 << 40], []))?.code == .corrupt)
    }

    @Test func valuesInAFieldOfAnotherTypeAreCorrupt() {
        let wrongField = W.tensor(name: "mixed", .int64, dims: [1]) { writer in writer.packedFixed32s(4, [0]) }
        #expect(tensorFailure(wrongField)?.message.contains("float_data") == true)
        let both = W.tensor(name: "twice", .float, dims: [1]) { writer in
            writer.packedFixed32s(4, [0])
            writer.bytes(9, [0, 0, 0, 0])
        }
        #expect(tensorFailure(both)?.code == .corrupt)
        #expect(tensorFailure(W.rawTensor(name: "s", .string, dims: [1], raw: [0x61]))?.code == .corrupt)
    }

    @Test func externalDataIsRefusedClearly() {
        let external = W.tensor(name: "weights", .float, dims: [1]) { writer in
            writer.message(13) { entry in
                entry.string(1, "location")
                entry.string(2, "weights.bin")
            }
            writer.varint(14, 1)
        }
        let error = tensorFailure(external)
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("tensor 'weights'") == true)
        #expect(error?.message.contains("external") == true)
    }

    @Test func segmentedTensorsAreRefused() {
        let segment = W.tensor(name: "part", .float, dims: [1]) { writer in
            writer.message(3) { segment in segment.int(1, 0); segment.int(2, 1) }
            writer.packedFixed32s(4, [0])
        }
        #expect(tensorFailure(segment)?.code == .unsupported)
    }

    @Test func unreadableElementTypesAreUnsupported() {
        #expect(tensorFailure(W.tensor(name: "c", .complex64, dims: [1]) { writer in writer.packedFixed32s(4, [0, 0]) })?.code == .unsupported)
        var float8 = ProtoWriter()
        float8.varint(2, 17)
        float8.string(8, "f8")
        #expect(tensorFailure(float8.bytes)?.code == .unsupported)
        #expect(tensorFailure(W.tensor(name: "u", .undefined, dims: [0]) { _ in })?.code == .corrupt)
    }

    @Test func stringsThatAreNotUTF8AreCorrupt() {
        var tensor = ProtoWriter()
        tensor.int(1, 1)
        tensor.varint(2, 8)
        tensor.bytes(6, [0xC3, 0x28])
        #expect(tensorFailure(tensor.bytes)?.code == .corrupt)
        var node = ProtoWriter()
        node.bytes(4, [0xFF])
        #expect(failure(W.model(graph: W.graph(nodes: [node.bytes])))?.message.contains("UTF-8") == true)
    }

    @Test func sparseInitializersAreRefused() {
        let graph = W.graph { writer in writer.bytes(15, []) }
        #expect(failure(W.model(graph: graph))?.code == .unsupported)
    }
}
