import SluiceKit
import Testing

/// `ModelOrigin` says every plugin library a loaded model needs, typed, so that a stage
/// (the bundle export) reads them without looking into the host's JSON itself.
@Suite struct ModelOriginTests {
    func origin(_ json: String) throws -> ModelOrigin {
        try JSONValueDecoder().decode(ModelOrigin.self, from: JSONValue.parse(json))
    }

    @Test func anInferencePipelineListsThePluginsOfItsTransformsAndModel() throws {
        let origin = try origin("""
            {"plugin":"sluice.linear","plugin_version":"1.2.0","plugin_path":"/p/liblinear.so","media_type":"application/vnd.sluice.inference+json",
             "plugins":[{"id":"sluice.transforms","version":"0.3.0","path":"/p/libtransforms.so"},{"id":"sluice.linear","version":"1.2.0","path":"/p/liblinear.so"}]}
            """)
        #expect(origin.plugins == [
            ModelOrigin.Plugin(id: "sluice.transforms", version: "0.3.0", path: "/p/libtransforms.so"),
            ModelOrigin.Plugin(id: "sluice.linear", version: "1.2.0", path: "/p/liblinear.so"),
        ])
    }

    @Test func aHostThatListsNoPluginsGivesTheOneThatLoadsTheModel() throws {
        let origin = try origin(#"{"plugin":"fixture.model","plugin_version":"1.0.0","plugin_path":"/p/libfixture.so","media_type":"application/json"}"#)
        #expect(origin.plugins == [ModelOrigin.Plugin(id: "fixture.model", version: "1.0.0", path: "/p/libfixture.so")])
        let empty = try self.origin(#"{"plugin":"m","plugin_version":"2","plugin_path":"/m.so","media_type":"x","plugins":[{"id":"m","path":"/m.so"}]}"#)
        #expect(empty.plugins == [ModelOrigin.Plugin(id: "m", version: "", path: "/m.so")], "a plugin without a version reads as version \"\"")
    }
}
