import Glibc

/// The score transform of the ai.onnx.ml classifiers and regressors. The arithmetic
/// follows onnxruntime's (a sign-split logistic, a Winitzki inverse-erf probit, a
/// softmax that leaves zero scores at zero) so that results agree to float rounding.
enum PostTransform: Sendable, Equatable {
    case none, softmax, logistic, softmaxZero, probit

    /// The string form of opsets 1–4 ("NONE", "SOFTMAX", …).
    init(_ node: Node) throws(ONNXError) {
        switch try node.string("post_transform", default: "NONE") {
        case "NONE": self = .none
        case "SOFTMAX": self = .softmax
        case "LOGISTIC": self = .logistic
        case "SOFTMAX_ZERO": self = .softmaxZero
        case "PROBIT": self = .probit
        case let other: throw node.invalid("post_transform", "is '\(other)', not one of NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT")
        }
    }

    /// The integer form of TreeEnsemble (opset 5).
    init(code node: Node) throws(ONNXError) {
        switch try node.int("post_transform", default: 0) {
        case 0: self = .none
        case 1: self = .softmax
        case 2: self = .logistic
        case 3: self = .softmaxZero
        case 4: self = .probit
        case let other: throw node.invalid("post_transform", "is \(other), not one of 0 (NONE), 1 (SOFTMAX), 2 (LOGISTIC), 3 (SOFTMAX_ZERO), 4 (PROBIT)")
        }
    }

    /// Transforms one row of scores in place.
    func apply(_ row: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .none: return
        case .logistic: for i in row.indices { row[i] = Self.logistic(row[i]) }
        case .probit: for i in row.indices { row[i] = Self.probit(row[i]) }
        case .softmax: Self.softmax(row)
        case .softmaxZero: Self.softmaxZero(row)
        }
    }

    static func logistic(_ x: Float) -> Float {
        // Computed on |x| so that exp never overflows; the negative half mirrors it.
        let v = 1 / (1 + exp(-Swift.abs(x)))
        return x < 0 ? 1 - v : v
    }

    /// sqrt(2) · erfinv(2p − 1), with Winitzki's closed-form erfinv (a = 0.147).
    static func probit(_ p: Float) -> Float {
        let x = 2 * p - 1
        let sign: Float = x < 0 ? -1 : 1
        let oneMinusSquare = (1 - x) * (1 + x)
        let ln = log(oneMinusSquare)
        let v = 2 / (3.14159 * 0.147) + 0.5 * ln
        let v2 = 1 / 0.147 * ln
        let v3 = -v + (v * v - v2).squareRoot()
        return 1.41421356 * sign * (v3 - v).squareRoot()
    }

    static func softmax(_ row: UnsafeMutableBufferPointer<Float>) {
        guard !row.isEmpty else { return }
        var maximum = -Float.infinity
        for value in row where value > maximum { maximum = value }
        var sum: Float = 0
        for i in row.indices {
            row[i] = exp(row[i] - maximum)
            sum += row[i]
        }
        for i in row.indices { row[i] /= sum }
    }

    /// Softmax over the non-zero scores: a score of exactly zero (a class no tree voted
    /// for) stays zero.
    static func softmaxZero(_ row: UnsafeMutableBufferPointer<Float>) {
        guard !row.isEmpty else { return }
        var maximum = -Float.infinity
        for value in row where value > maximum { maximum = value }
        let scale = exp(-maximum)
        var sum: Float = 0
        for i in row.indices {
            let value = row[i]
            if value > 0.0000001 || value < -0.0000001 {
                row[i] = exp(value - maximum)
                sum += row[i]
            } else {
                row[i] = value * scale
            }
        }
        for i in row.indices { row[i] /= sum }
    }
}
