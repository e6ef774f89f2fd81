import Dispatch

// Low-level kernels on raw column-major blocks. Every reduction runs in a fixed order
// (fixed SIMD lanes, fixed blocks, fixed parts summed in index order), so results are
// bit-for-bit the same from run to run and whatever the number of cores.

typealias Pointer = UnsafePointer<Double>
typealias MutablePointer = UnsafeMutablePointer<Double>

@inline(__always) func load4(_ p: Pointer) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always) func store4(_ v: SIMD4<Double>, _ p: MutablePointer) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}

/// Σ a[i] b[i] for i < n.
@inline(__always) func dot(_ a: Pointer, _ b: Pointer, _ n: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var i = 0
    while i &+ 8 <= n {
        s0 += load4(a + i) * load4(b + i)
        s1 += load4(a + i + 4) * load4(b + i + 4)
        i &+= 8
    }
    var s = (s0 + s1).sum()
    while i < n { s += a[i] * b[i]; i &+= 1 }
    return s
}

/// The four dot products of `a` with `b0`...`b3`, sharing the loads of `a`.
@inline(__always) func dot4(_ a: Pointer, _ b0: Pointer, _ b1: Pointer, _ b2: Pointer, _ b3: Pointer, _ n: Int) -> SIMD4<Double> {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
    var i = 0
    while i &+ 4 <= n {
        let x = load4(a + i)
        s0 += x * load4(b0 + i)
        s1 += x * load4(b1 + i)
        s2 += x * load4(b2 + i)
        s3 += x * load4(b3 + i)
        i &+= 4
    }
    var r = SIMD4<Double>(s0.sum(), s1.sum(), s2.sum(), s3.sum())
    while i < n {
        let x = a[i]
        r += x * SIMD4<Double>(b0[i], b1[i], b2[i], b3[i])
        i &+= 1
    }
    return r
}

/// Σ a[i] for i < n.
@inline(__always) func sum(_ a: Pointer, _ n: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var i = 0
    while i &+ 8 <= n {
        s0 += load4(a + i)
        s1 += load4(a + i + 4)
        i &+= 8
    }
    var s = (s0 + s1).sum()
    while i < n { s += a[i]; i &+= 1 }
    return s
}

/// y += alpha x.
@inline(__always) func axpy(_ alpha: Double, _ x: Pointer, _ y: MutablePointer, _ n: Int) {
    let a = SIMD4<Double>(repeating: alpha)
    var i = 0
    while i &+ 4 <= n {
        store4(load4(y + i) + a * load4(x + i), y + i)
        i &+= 4
    }
    while i < n { y[i] += alpha * x[i]; i &+= 1 }
}

/// x *= alpha.
@inline(__always) func scale(_ alpha: Double, _ x: MutablePointer, _ n: Int) {
    let a = SIMD4<Double>(repeating: alpha)
    var i = 0
    while i &+ 4 <= n {
        store4(load4(x + i) * a, x + i)
        i &+= 4
    }
    while i < n { x[i] *= alpha; i &+= 1 }
}

/// `out[i] = (x[i] - shift) * factor`.
@inline(__always) func shiftScale(_ x: Pointer, _ shift: Double, _ factor: Double, _ out: MutablePointer, _ n: Int) {
    let s = SIMD4<Double>(repeating: shift), f = SIMD4<Double>(repeating: factor)
    var i = 0
    while i &+ 4 <= n {
        store4((load4(x + i) - s) * f, out + i)
        i &+= 4
    }
    while i < n { out[i] = (x[i] - shift) * factor; i &+= 1 }
}

/// Adds to the upper triangle of the m x m column-major `acc` the products
/// `acc[i, j] += Σ_r a[r, i] * b[r, j]` for i <= j, where `a` and `b` are n x m
/// column-major blocks with leading dimension `n`. With b = a this is a Gram matrix;
/// with b = w ∘ a (rows scaled by weights) a weighted one.
func addCrossProductUpper(_ a: Pointer, _ b: Pointer, rows n: Int, columns m: Int, into acc: MutablePointer) {
    for i in 0..<m {
        let ai = a + i &* n
        var j = i
        while j &+ 4 <= m {
            let d = dot4(ai, b + j &* n, b + (j &+ 1) &* n, b + (j &+ 2) &* n, b + (j &+ 3) &* n, n)
            acc[j &* m &+ i] += d[0]
            acc[(j &+ 1) &* m &+ i] += d[1]
            acc[(j &+ 2) &* m &+ i] += d[2]
            acc[(j &+ 3) &* m &+ i] += d[3]
            j &+= 4
        }
        while j < m {
            acc[j &* m &+ i] += dot(ai, b + j &* n, n)
            j &+= 1
        }
    }
}

// MARK: - Row blocks and deterministic parallelism

/// How the rows are cut: into `blockRows`-row blocks that fit in cache, grouped into
/// parts that run concurrently. The cut depends on the row count only, never on the
/// number of cores or on timing, and parts are combined in index order: the same input
/// gives the same bits on every machine.
enum RowBlocks {
    static let blockRows = 512
    static let rowsPerPart = 65_536
    static let maxParts = 16

    static func parts(_ n: Int) -> [Range<Int>] {
        let count = max(1, min(maxParts, n / rowsPerPart))
        var blocksTotal = (n + blockRows - 1) / blockRows
        if blocksTotal == 0 { blocksTotal = 1 }
        var result: [Range<Int>] = []
        var start = 0
        for k in 0..<count {
            let endBlock = blocksTotal * (k + 1) / count
            let end = k == count - 1 ? n : min(n, endBlock * blockRows)
            result.append(start..<end)
            start = end
        }
        return result
    }

    /// Calls `body` on each block of `range` in order.
    @inline(__always) static func forEachBlock(_ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + blockRows)
            body(start..<end)
            start = end
        }
    }
}

/// Shares what the concurrent tasks of `mapParts` need: each task reads `body` and `parts`
/// and writes only its own slot of `results`.
private final class PartsJob<T>: @unchecked Sendable {
    let body: (Range<Int>) -> T
    let parts: [Range<Int>]
    let results: UnsafeMutablePointer<T?>
    init(body: @escaping (Range<Int>) -> T, parts: [Range<Int>]) {
        self.body = body
        self.parts = parts
        results = .allocate(capacity: parts.count)
        results.initialize(repeating: nil, count: parts.count)
    }
    deinit {
        results.deinitialize(count: parts.count)
        results.deallocate()
    }
}

/// Runs `body` on each part of the rows `0..<n`, concurrently, and returns the results in
/// part order.
func mapParts<T>(rows n: Int, _ body: (Range<Int>) -> T) -> [T] {
    let parts = RowBlocks.parts(n)
    if parts.count == 1 { return [body(parts[0])] }
    return withoutActuallyEscaping(body) { body in
        let job = PartsJob(body: body, parts: parts)
        DispatchQueue.concurrentPerform(iterations: parts.count) { k in
            job.results[k] = job.body(job.parts[k])
        }
        return (0..<parts.count).map { job.results[$0]! }
    }
}

/// Element-wise sum of equally long arrays, in order.
func sumInOrder(_ arrays: [[Double]]) -> [Double] {
    guard var total = arrays.first else { return [] }
    for a in arrays.dropFirst() {
        for i in total.indices { total[i] += a[i] }
    }
    return total
}
