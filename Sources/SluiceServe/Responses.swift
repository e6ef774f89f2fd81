import Hummingbird
import SluiceArrow
import SluiceJSON
import SluiceStore
import SluiceSupport

/// Building the server's HTTP responses: always JSON (but /metrics), and always
/// naming the model version that answered when there is one.
enum Responses {
    /// The header naming the version that answered.
    static let versionHeader = HTTPFields.Element.Name("Sluice-Model-Version")!

    static func json(_ status: HTTPResponse.Status = .ok, _ bytes: [UInt8], version: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let version { headers[versionHeader] = version }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ status: HTTPResponse.Status = .ok, version: String? = nil, _ body: (inout JSONWriter) -> Void) -> Response {
        var writer = JSONWriter()
        body(&writer)
        return json(status, writer.bytes, version: version)
    }

    /// `{"error": MESSAGE, "code": CODE}`.
    static func error(_ error: ServeError, version: String? = nil) -> Response {
        var response = json(error.status, version: version) { json in
            json.raw("{\"error\":")
            json.string(error.message)
            json.raw(",\"code\":")
            json.string(error.code)
            json.byte("}")
        }
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The Open Inference Protocol's name for an Arrow type.
    static func datatype(_ type: ArrowDataType) -> String {
        switch type {
        case .float64: "FP64"
        case .float32: "FP32"
        case .int64: "INT64"
        case .int32: "INT32"
        case .bool: "BOOL"
        case .utf8, .dictionary: "BYTES"
        }
    }
}

extension ServeError {
    /// The HTTP form of a host error from a model: the model refusing its input is the
    /// client's mistake (400); anything else is the server's (500).
    init(predicting error: SluiceError) {
        if error.code.id == "model.invalid-input" || error.code == .arrowInvalid {
            self.init(.badRequest, "request.rejected-by-model", error.message)
        } else if error.code.id.hasPrefix("worker.") {
            // The model's worker died or could not start: this request failed, the server
            // did not; the next request gets a new worker.
            self.init(.serviceUnavailable, error.code.id, "\(error.location.isEmpty ? "" : error.location + ": ")\(error.message)")
        } else {
            self.init(.internalServerError, error.code.id, "\(error.location.isEmpty ? "" : error.location + ": ")\(error.message)")
        }
    }
}
