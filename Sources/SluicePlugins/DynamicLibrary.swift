#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Opens shared libraries the way the protocol requires, and never closes them: a
/// Swift image cannot be unloaded safely (the runtime keeps pointers into it).
package enum DynamicLibrary {
    /// The file name suffix of shared libraries on this platform.
    package static var suffix: String {
        #if os(macOS)
        ".dylib"
        #else
        ".so"
        #endif
    }

    /// Whether the file starts like a shared library of this platform.
    package static func looksLikeLibrary(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
        #if os(macOS)
        return magic == [0xCF, 0xFA, 0xED, 0xFE] || magic == [0xCA, 0xFE, 0xBA, 0xBE]
        #else
        return magic == [0x7F, 0x45, 0x4C, 0x46]  // "\x7fELF"
        #endif
    }

    /// Opens the library and finds `symbol`; the error is dlerror's text.
    package static func openSymbol(_ path: String, _ symbol: String) -> Result<UnsafeMutableRawPointer, OpenError> {
        _ = dlerror()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            return .failure(.cannotOpen(lastError()))
        }
        guard let address = dlsym(handle, symbol) else {
            return .failure(.noSymbol(lastError()))
        }
        return .success(address)
    }

    package enum OpenError: Error {
        case cannotOpen(String)
        case noSymbol(String)
    }

    private static func lastError() -> String {
        dlerror().map { String(cString: $0) } ?? "unknown dynamic loader error"
    }
}
