import CSluiceABI

/// A registered model version, as the host's registry describes it.
public struct RegisteredVersion: Decodable, Sendable, Equatable {
    public var name: String
    public var version: Int
    public var digest: String
    public var mediaType: String
    public var plugin: String
    public var run: String?
    public var stage: String?
    public var aliases: [String]

    enum CodingKeys: String, CodingKey {
        case name, version, digest, plugin, run, stage, aliases
        case mediaType = "media_type"
    }
}

/// Where a registered model's training table is, as the host found it through lineage.
public struct TrainingDataLocation: Decodable, Sendable, Equatable {
    /// The model name and version the reference resolved to.
    public var name: String
    public var version: Int
    /// The run and stage that trained it, and the input port the table came in on.
    public var run: String
    public var stage: String
    public var port: String
    /// The table's digest, and the Arrow IPC file holding it.
    public var digest: String
    public var path: String
}

/// Which plugin serves a loaded model, and where its library is.
public struct ModelOrigin: Decodable, Sendable, Equatable {
    /// One plugin library the model needs.
    public struct Plugin: Decodable, Sendable, Equatable {
        public var id: String
        public var version: String
        public var path: String

        public init(id: String, version: String, path: String) {
            self.id = id
            self.version = version
            self.path = path
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
            path = try container.decode(String.self, forKey: .path)
        }

        enum CodingKeys: String, CodingKey { case id, version, path }
    }

    public var plugin: String
    public var pluginVersion: String
    public var pluginPath: String
    public var mediaType: String
    /// Every plugin library serving the model needs: for an inference pipeline, the
    /// plugins of its fitted transforms and of its model. A host that does not list
    /// them (older than `plugins` in "sluice.models/1" `source`) gives the one plugin
    /// above, so this is never empty.
    public var plugins: [Plugin]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plugin = try container.decode(String.self, forKey: .plugin)
        pluginVersion = try container.decode(String.self, forKey: .pluginVersion)
        pluginPath = try container.decode(String.self, forKey: .pluginPath)
        mediaType = try container.decode(String.self, forKey: .mediaType)
        let listed = try container.decodeIfPresent([Plugin].self, forKey: .plugins) ?? []
        plugins = listed.isEmpty ? [Plugin(id: plugin, version: pluginVersion, path: pluginPath)] : listed
    }

    enum CodingKeys: String, CodingKey {
        case plugin, plugins
        case pluginVersion = "plugin_version"
        case pluginPath = "plugin_path"
        case mediaType = "media_type"
    }
}

extension HostServices {
    /// Registers a model artifact as a new version of `name` (or finds the version it
    /// already is) in the project's registry; returns the version number.
    public func registerModel(name: String, artifact: [UInt8], mediaType: String?, note: String = "") throws -> Int {
        let registry = try registryExtension()
        guard let register = registry.register_model else { throw StageError(.unsupported, "this host cannot register models") }
        var version: Int64 = 0
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in
            artifact.withUnsafeBufferPointer { bytes in register(raw, name, bytes.baseAddress, bytes.count, mediaType, note, &version, error, capacity) }
        }
        try errors.check(status, "registering model '\(name)'")
        return Int(version)
    }

    /// Points `alias` of `name` at `version`; `percent` is a canary's traffic share.
    public func setModelAlias(name: String, version: Int, alias: String, percent: Double? = nil, note: String = "") throws {
        let registry = try registryExtension()
        guard let setAlias = registry.set_alias else { throw StageError(.unsupported, "this host cannot move model aliases") }
        var errors = ErrorBuffer()
        let status = errors.call { error, capacity in setAlias(raw, name, Int64(version), alias, percent ?? -1, note, error, capacity) }
        try errors.check(status, "setting \(name)@\(alias) to version \(version)")
    }

    /// The registered version NAME, NAME@ALIAS or NAME:VERSION names; nil when none.
    public func lookupModel(_ reference: String) throws -> RegisteredVersion? {
        let registry = try registryExtension()
        guard let lookup = registry.lookup else { throw StageError(.unsupported, "this host cannot look models up") }
        let text = try jsonAnswer("looking up model '\(reference)'") { out, capacity, length, error, errorCapacity in
            lookup(raw, reference, out, capacity, length, error, errorCapacity)
        }
        return try text.map { try JSONValueDecoder().decode(RegisteredVersion.self, from: JSONValue.parse($0)) }
    }

    /// Where the table the version `reference` names was trained on is (found by the
    /// host through lineage); `port` picks the trainer's input (nil: `train`, else its
    /// only table). Read it with `readArrowFile(_:)`. Throws, saying where the host
    /// looked, when it cannot be found. The calling stage is then never cached.
    public func trainingData(of reference: String, port: String? = nil) throws -> TrainingDataLocation {
        let registry = try registryExtension()
        guard registry.struct_size >= UInt32(MemoryLayout<sluice_registry_v1>.size), let find = registry.training_data else {
            throw StageError(.unsupported, "this host cannot find a model's training data (sluice.registry/1 without training_data); upgrade sluice")
        }
        let text = try jsonAnswer("finding the training data of '\(reference)'", notFoundIsNil: false) { out, capacity, length, error, errorCapacity in
            find(raw, reference, port, out, capacity, length, error, errorCapacity)
        }
        return try JSONValueDecoder().decode(TrainingDataLocation.self, from: JSONValue.parse(text ?? ""))
    }

    /// Calls a host function that writes JSON into a caller's buffer, growing the buffer
    /// once when the answer is longer. nil: not found, when `notFoundIsNil`.
    private func jsonAnswer(
        _ action: String, notFoundIsNil: Bool = true,
        _ call: (UnsafeMutablePointer<CChar>?, Int, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>?, Int) -> Int32
    ) throws -> String? {
        var out = [CChar](repeating: 0, count: 4096)
        var length = 0
        var errors = ErrorBuffer()
        var status = errors.call { error, capacity in
            out.withUnsafeMutableBufferPointer { call($0.baseAddress, $0.count, &length, error, capacity) }
        }
        if status == Status.ok.rawValue && length >= out.count {
            out = [CChar](repeating: 0, count: length + 1)
            status = errors.call { error, capacity in
                out.withUnsafeMutableBufferPointer { call($0.baseAddress, $0.count, &length, error, capacity) }
            }
        }
        if status == Status.notFound.rawValue && notFoundIsNil { return nil }
        try errors.check(status, action)
        return out.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    private func registryExtension() throws -> sluice_registry_v1 {
        guard let pointer = extensionTable(SLUICE_EXT_REGISTRY) else {
            throw StageError(.unsupported, "this host has no model registry (no sluice.registry/1); run the stage with `sluice run` in a project")
        }
        return readSizedStruct(pointer, as: sluice_registry_v1.self, zero: sluice_registry_v1())
    }
}
