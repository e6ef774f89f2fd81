/// 16-bit floating-point formats, widened to Float when a tensor is read: Sluice computes
/// in Float, and Swift's Float16 is not available on every platform it builds for.
enum HalfPrecision {
    /// IEEE 754 binary16.
    static func float(fromHalf bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            return sign * Float(mantissa) * 0x1p-24
        case 0x1F:
            return mantissa == 0 ? sign * .infinity : .nan
        default:
            let signBit = UInt32(bits & 0x8000) << 16
            return Float(bitPattern: signBit | UInt32(exponent + 112) << 23 | mantissa << 13)
        }
    }

    /// bfloat16: the upper half of a binary32.
    static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
