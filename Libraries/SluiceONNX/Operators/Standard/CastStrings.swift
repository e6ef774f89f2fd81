#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cast's string conversions, as onnxruntime performs them: numbers print with eight
/// significant digits (%.8g, so 0.1f prints "0.1"), NaN as "NaN" and infinities as "INF"
/// and "-INF"; strings parse as C's strtod/strtoll do (leading blanks, a number prefix,
/// "nan", "inf"), and a string with no number in front is an error.
extension StandardOperators {
    enum CastStrings {
        static func format(_ value: Double) -> String {
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-INF" : "INF" }
            var buffer = [CChar](repeating: 0, count: 40)
            let written = buffer.withUnsafeMutableBufferPointer { p in
                withVaList([value]) { vsnprintf(p.baseAddress, p.count, "%.8g", $0) }
            }
            guard written > 0 else { return "\(value)" }
            return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        static func float(_ text: String) -> Float? {
            parsed(text) { start, end in strtof(start, end) }
        }

        static func double(_ text: String) -> Double? {
            parsed(text) { start, end in strtod(start, end) }
        }

        static func integer(_ text: String) -> Int64? {
            errno = 0
            let value: Int64? = parsed(text) { start, end in Int64(strtoll(start, end, 10)) }
            return errno == ERANGE ? nil : value
        }

        private static func parsed<T>(_ text: String, _ parse: (UnsafePointer<CChar>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T? {
            text.withCString { start in
                var end: UnsafeMutablePointer<CChar>?
                let value = parse(start, &end)
                guard let end, UnsafePointer(end) != start else { return nil }
                return value
            }
        }
    }
}
