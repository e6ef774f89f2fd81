import Foundation
import SluiceCompression
import Testing

/// Each thread keeps its own decompression contexts; these check that they never mix.
@Suite("Decompressing on many threads at once")
struct ThreadingTests {
    @Test("concurrent decodes each get their own bytes", arguments: BufferCodec.allCases)
    func concurrent(codec: BufferCodec) async throws {
        let inputs = (0..<8).map { index in Array(Sample.random.bytes.prefix(10_000 + index * 3_000)) + Sample.repetitive.bytes.prefix(50_000) }
        let frames = inputs.map { codec.compress($0) }
        let matches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<64 {
                let index = round % inputs.count
                group.addTask { [frames, inputs] in try codec.decompress(frames[index], declared: inputs[index].count) == inputs[index] }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(matches == 64)
    }

    @Test("a thread that decoded and ended frees its contexts, and a failure does not spoil a context")
    func threadsThatEnd() throws {
        let bytes = Sample.repetitive.bytes
        let frames = BufferCodec.allCases.map { ($0, $0.compress(bytes)) }
        let done = DispatchSemaphore(value: 0)
        let results = Results()
        for _ in 0..<4 {
            let thread = Thread {
                for (codec, frame) in frames {
                    // A failure mid-frame first: the next decode on this thread must not inherit its state.
                    _ = try? codec.decompress(Array(frame.prefix(frame.count / 2)), declared: bytes.count)
                    results.record((try? codec.decompress(frame, declared: bytes.count)) == bytes)
                }
                done.signal()
            }
            thread.start()
        }
        for _ in 0..<4 { done.wait() }
        #expect(results.values == Array(repeating: true, count: 8))
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Bool] = []
    func record(_ value: Bool) { lock.withLock { recorded.append(value) } }
    var values: [Bool] { lock.withLock { recorded } }
}
