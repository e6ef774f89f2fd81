#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The C math library in Float and in Double, so that generic kernels compute in their
/// tensor's own precision (float32 models match onnxruntime's float32 arithmetic).
extension StandardOperators {
    protocol Real: BinaryFloatingPoint, Sendable {
        static func standardExp(_ x: Self) -> Self
        static func standardLog(_ x: Self) -> Self
        static func standardPow(_ x: Self, _ y: Self) -> Self
        static func standardTanh(_ x: Self) -> Self
        static func standardErf(_ x: Self) -> Self
    }
}

extension Float: StandardOperators.Real {
    static func standardExp(_ x: Float) -> Float { expf(x) }
    static func standardLog(_ x: Float) -> Float { logf(x) }
    static func standardPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    static func standardTanh(_ x: Float) -> Float { tanhf(x) }
    static func standardErf(_ x: Float) -> Float { erff(x) }
}

extension Double: StandardOperators.Real {
    static func standardExp(_ x: Double) -> Double { exp(x) }
    static func standardLog(_ x: Double) -> Double { log(x) }
    static func standardPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func standardTanh(_ x: Double) -> Double { tanh(x) }
    static func standardErf(_ x: Double) -> Double { erf(x) }
}
