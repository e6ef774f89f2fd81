import Dispatch

/// `(0..<count).map(body)` with the iterations spread over the cores: features are
/// independent, and sorting 10⁵-value columns is most of the stage's time.
///
/// The body is not `@Sendable`: each iteration reads shared, immutable input (the
/// tables' columns, the config) and writes only its own slot, which is what makes the
/// unchecked box below sound.
func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedBox((body, slots))
        DispatchQueue.concurrentPerform(iterations: count) { index in box.value.1[index] = box.value.0(index) }
    }
    return (0..<count).map { slots.moveElement(from: $0)! }
}

/// @unchecked Sendable: see `parallelMap`; the iterations share no mutable state.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
