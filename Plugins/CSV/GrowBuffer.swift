#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of plain values in malloc'd memory: no reference counting and no
/// uniqueness checks in the parse loops, and `realloc` grows large buffers by
/// remapping pages rather than copying. Its owner frees it explicitly (`free()`).
struct GrowBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private(set) var capacity = 0

    init(capacity: Int = 0) {
        if capacity > 0 { reserve(capacity) }
    }

    mutating func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let bytes = wanted * MemoryLayout<Element>.stride
        guard let memory = realloc(base, bytes) else { fatalError("out of memory growing a buffer to \(bytes) bytes") }
        base = memory.assumingMemoryBound(to: Element.self)
        capacity = wanted
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { reserve(Swift.max(64, capacity * 2)) }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    /// Appends `n` copies of `value`.
    mutating func append(repeating value: Element, count n: Int) {
        guard n > 0 else { return }
        reserve(Swift.max(count + n, capacity * 2))
        (base.unsafelyUnwrapped + count).initialize(repeating: value, count: n)
        count += n
    }

    /// Appends the elements at `source`.
    mutating func append(contentsOf source: UnsafePointer<Element>, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { reserve(Swift.max(count + n, capacity * 2)) }
        (base.unsafelyUnwrapped + count).update(from: source, count: n)
        count += n
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    mutating func free() {
        if let base { releaseMemory(base) }
        base = nil
        count = 0
        capacity = 0
    }
}

/// `free` from the C library (named apart from `GrowBuffer.free`).
@inline(__always)
func releaseMemory(_ pointer: UnsafeMutableRawPointer) {
    #if canImport(Glibc)
    Glibc.free(pointer)
    #else
    Darwin.free(pointer)
    #endif
}
