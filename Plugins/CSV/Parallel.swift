import Dispatch

/// Runs `body(0..<count)` on the available cores and returns when all are done.
///
/// The body is not `@Sendable`: callers hand it raw pointers into the mapped file and
/// results guarded by a `Mutex`; each iteration reads shared, immutable input and writes
/// only its own result, which is what makes the unchecked box below sound.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let box = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
}

/// @unchecked Sendable: see `parallelFor`; the iterations it runs share no mutable state.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// `(0..<count).map(body)`, with the iterations run in parallel; each writes only its own slot.
func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    if count == 1 {
        slots[0] = body(0)
    } else {
        parallelFor(count) { index in slots[index] = body(index) }
    }
    return (0..<count).map { index in slots.moveElement(from: index)! }
}
