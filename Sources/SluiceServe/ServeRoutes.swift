import Hummingbird
import SluiceArrow
import SluiceStore
import SluiceSupport

/// The server's endpoints: Open Inference Protocol v2, MLflow-style /invocations,
/// Prometheus /metrics and the bearer-token /admin endpoints.
struct ServeRoutes: Sendable {
    let host: ModelHost
    let metrics: ServerMetrics
    let driftGauges: DriftGauges?
    let predictionLog: PredictionLog?
    let admin: AdminAccess
    let maxBodyBytes: Int

    func add(to router: Router<BasicRequestContext>) {
        // Health: OIP's, and MLflow's /ping and /health for tools that probe those.
        router.get("/v2/health/live") { _, _ in Responses.json { $0.raw("{\"live\":true}") } }
        router.get("/v2/health/ready") { _, _ in Responses.json { $0.raw("{\"ready\":true}") } }
        router.get("/ping") { _, _ in Responses.json { $0.raw("{\"status\":\"ok\"}") } }
        router.get("/health") { _, _ in Responses.json { $0.raw("{\"status\":\"ok\"}") } }
        router.get("/v2") { _, _ in
            Responses.json { json in
                json.raw("{\"name\":\"sluice\",\"version\":")
                json.string(ServeVersion.current)
                json.raw(",\"extensions\":[]}")
            }
        }

        router.get("/v2/models/:name") { _, context in self.metadata(context, pinned: nil) }
        router.get("/v2/models/:name/versions/:version") { _, context in
            self.metadata(context, pinned: context.parameters.get("version"))
        }
        router.get("/v2/models/:name/ready") { _, context in
            do throws(ServeError) {
                _ = try self.served(context.parameters.get("name"))
                return Responses.json { json in
                    json.raw("{\"name\":")
                    json.string(self.host.name)
                    json.raw(",\"ready\":true}")
                }
            } catch {
                return Responses.error(error)
            }
        }
        router.post("/v2/models/:name/infer") { request, context in
            await self.predict(request, endpoint: "infer", name: context.parameters.get("name"), pinned: nil, format: .inference)
        }
        router.post("/v2/models/:name/versions/:version/infer") { request, context in
            await self.predict(request, endpoint: "infer", name: context.parameters.get("name"),
                               pinned: context.parameters.get("version"), format: .inference)
        }
        router.post("/invocations") { request, _ in
            await self.predict(request, endpoint: "invocations", name: nil, pinned: nil, format: .invocations)
        }

        router.get("/metrics") { _, _ in
            Responses.text(self.metrics.render(model: self.host.name, deployment: self.host.deployment) + (self.driftGauges?.render() ?? ""),
                           contentType: "text/plain; version=0.0.4; charset=utf-8")
        }

        router.post("/admin/reload") { request, _ in await self.adminReload(request) }
        router.post("/admin/canary") { request, _ in await self.adminCanary(request) }
    }

    enum Format { case inference, invocations }

    /// Decodes, predicts with the routed version, logs, encodes; every outcome is counted.
    private func predict(_ request: Request, endpoint: String, name: String?, pinned: String?, format: Format) async -> Response {
        let started = ContinuousClock.now
        var label: String?
        var rows = 0
        let response: Response
        do {
            if let name { _ = try served(name) }
            let body = try await readBody(request)
            let (deployment, version) = try route(pinned)
            label = version.label
            let (table, id): (ArrowTable, String?) = try body.withUnsafeReadableBytes { bytes in
                switch format {
                case .inference:
                    let decoded = try InferenceRequest.decode(bytes, features: version.features)
                    return (decoded.table, decoded.id)
                case .invocations:
                    return (try InvocationsRequest.decode(bytes, features: version.features), nil)
                }
            }
            let outputs: ArrowTable
            do { outputs = try version.model.predict(table) } catch { throw ServeError(predicting: error) }
            rows = table.rowCount
            predictionLog?.record(version: version.label, endpoint: endpoint, requestID: id ?? request.headers[Self.requestID],
                                  inputs: table, outputs: outputs)
            let bytes = switch format {
            case .inference: PredictionEncoding.inferenceResponse(model: host.name, version: version.label, id: id, outputs: outputs)
            case .invocations: PredictionEncoding.invocationsResponse(outputs)
            }
            _ = deployment  // held until here: the versions stay loaded for the whole request
            response = Responses.json(.ok, bytes, version: version.label)
        } catch let error as ServeError {
            response = Responses.error(error, version: label)
        } catch {
            response = Responses.error(ServeError(.internalServerError, "serve.internal", "unexpected error: \(error)"), version: label)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.request(model: host.name, version: label ?? "", endpoint: endpoint, status: Int(response.status.code), seconds: seconds, rows: rows)
        return response
    }

    private static let requestID = HTTPFields.Element.Name("X-Request-Id")!

    /// The routed version, or the one asked for by label.
    private func route(_ pinned: String?) throws(ServeError) -> (Deployment, ServedVersion) {
        guard let pinned else { return host.route() }
        let deployment = host.deployment
        guard let version = deployment.version(pinned) else {
            let served = [deployment.primary.label] + (deployment.canary.map { [$0.label] } ?? [])
            throw ServeError(.notFound, "request.unknown-version", "version '\(pinned)' of \(host.name) is not served here; served versions: \(FeatureSchema.quoted(served))")
        }
        return (deployment, version)
    }

    /// Checks the model name in the path.
    private func served(_ name: String?) throws(ServeError) -> String {
        guard let name, name == host.name else {
            throw ServeError(.notFound, "request.unknown-model", "no model named '\(name ?? "")' is served here; served models: '\(host.name)'")
        }
        return name
    }

    private func metadata(_ context: BasicRequestContext, pinned: String?) -> Response {
        do throws(ServeError) {
            _ = try served(context.parameters.get("name"))
            let deployment = host.deployment
            let version = try pinned.map { (label) throws(ServeError) in try route(label).1 } ?? deployment.primary
            return Responses.json(.ok, PredictionEncoding.metadata(model: host.name, deployment: deployment, version: version), version: version.label)
        } catch {
            return Responses.error(error)
        }
    }

    /// The body, refused with 413 past the limit.
    private func readBody(_ request: Request) async throws(ServeError) -> ByteBuffer {
        let tooLarge = ServeError(.contentTooLarge, "request.too-large", "the request body is larger than \(maxBodyBytes) bytes: send fewer rows per request, or start the server with a larger --max-body-bytes")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes { throw tooLarge }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        } catch {
            throw .badRequest("unreadable-body", "could not read the request body: \(error)")
        }
    }
}
