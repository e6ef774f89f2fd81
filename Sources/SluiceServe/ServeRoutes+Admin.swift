import Hummingbird
import SluiceStore
import SluiceSupport

/// /admin: reload now, set the canary's share. Bearer token only.
extension ServeRoutes {
    func adminReload(_ request: Request) async -> Response {
        do throws(ServeError) {
            try admin.check(request)
            let outcome = host.reload(force: true)
            if case .failed(let message) = outcome {
                throw ServeError(.internalServerError, "admin.reload-failed", message)
            }
            return deploymentResponse(result: "reloaded")
        } catch {
            return Responses.error(error)
        }
    }

    /// Body: `{"percent": 20}`.
    func adminCanary(_ request: Request) async -> Response {
        do throws(ServeError) {
            try admin.check(request)
            let body = try await readAdminBody(request)
            var percent: Double?
            try body.withUnsafeReadableBytes { bytes throws(ServeError) in
                var reader = JSONReader(bytes)
                try reader.readObject { (reader, key) throws(ServeError) in
                    if key == "percent", case .number(let value, _) = try reader.readScalar() {
                        percent = value
                    } else if key != "percent" {
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            }
            guard let percent else { throw .badRequest("bad-percent", "send {\"percent\": N} with N from 0 to 100") }
            _ = try host.setCanaryPercent(percent)
            return deploymentResponse(result: "canary-set")
        } catch {
            return Responses.error(error)
        }
    }

    private func readAdminBody(_ request: Request) async throws(ServeError) -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: 64 << 10)
        } catch {
            throw .badRequest("unreadable-body", "could not read the request body (at most 64 KiB): \(error)")
        }
    }

    private func deploymentResponse(result: String) -> Response {
        let deployment = host.deployment
        return Responses.json(version: deployment.primary.label) { json in
            json.raw("{\"result\":")
            json.string(result)
            json.raw(",\"model\":")
            json.string(host.name)
            json.deploymentMembers(deployment, primaryKey: "version")
            json.byte("}")
        }
    }
}
