#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CLZ4
import CZstd

/// The calling thread's decompression contexts, made on first use and freed when the
/// thread ends. Arrow files hold many small buffers, and a ZSTD_DCtx (~96 KB) costs
/// 7–14 µs to make and free: more than decoding a 1 KiB buffer with one kept (~2 µs).
/// liblz4's context is cheap (~0.1 µs) but keeps its block buffers when kept. Figures
/// in Benchmarks/compression/README.md. Per thread rather than shared, because a
/// shared one needs a lock. A decode runs to its end on the thread that began it (it
/// has no suspension point), so no two decodes ever use one context at once.
final class DecompressionContexts {
    private var zstdContext: OpaquePointer?
    private var lz4Context: OpaquePointer?

    static var current: DecompressionContexts {
        if let existing = pthread_getspecific(contextsKey) {
            return Unmanaged<DecompressionContexts>.fromOpaque(existing).takeUnretainedValue()
        }
        let contexts = DecompressionContexts()
        // The thread's reference, given back by releaseContexts when the thread exits.
        pthread_setspecific(contextsKey, Unmanaged.passRetained(contexts).toOpaque())
        return contexts
    }

    func zstd() throws(CompressionError) -> OpaquePointer {
        if let zstdContext { return zstdContext }
        guard let made = ZSTD_createDCtx() else {
            throw CompressionError(.outOfMemory, .zstd, "libzstd could not allocate a decompression context")
        }
        zstdContext = made
        return made
    }

    func lz4() throws(CompressionError) -> OpaquePointer {
        if let lz4Context { return lz4Context }
        var made: OpaquePointer?
        let result = LZ4F_createDecompressionContext(&made, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(result) == 0, let made else {
            throw CompressionError(.outOfMemory, .lz4Frame, libraryError: LZ4Frame.errorName(result), "liblz4 could not allocate a decompression context")
        }
        lz4Context = made
        return made
    }

    deinit {
        if let zstdContext { ZSTD_freeDCtx(zstdContext) }
        if let lz4Context { LZ4F_freeDecompressionContext(lz4Context) }
    }
}

private let contextsKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { releaseContexts($0) }
    precondition(status == 0, "pthread_key_create failed (\(status)): the process has used up its thread-local keys")
    return key
}()

// A function rather than the closure's body: the destructor's parameter is optional on
// Linux and not on Darwin, and passing it on covers both.
private func releaseContexts(_ pointer: UnsafeMutableRawPointer?) {
    guard let pointer else { return }
    Unmanaged<DecompressionContexts>.fromOpaque(pointer).release()
}
