import SluiceKit
import SluiceONNX

/// The interpreter's errors as stage errors: the stable ONNX code leads the message, so
/// a person (and a test) sees which kind of failure it was.
enum ONNXErrors {
    static func loading<T>(_ body: () throws(ONNXError) -> T) throws(StageError) -> T {
        do { return try body() } catch { throw stageError(error, while: "cannot load the ONNX model") }
    }

    static func running<T>(_ body: () throws(ONNXError) -> T) throws(StageError) -> T {
        do { return try body() } catch { throw stageError(error, while: "the ONNX model cannot predict this input") }
    }

    static func stageError(_ error: ONNXError, while doing: String) -> StageError {
        let status: Status = error.code == .unsupported ? .unsupported : .invalidInput
        return StageError(status, "\(doing): \(error.message) [\(error.code.rawValue)]")
    }
}
