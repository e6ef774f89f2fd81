import CSluiceABI
import Foundation
import SluiceJSON
import SluiceSupport

/// Loads one plugin file and checks its descriptor against the protocol's rules.
package enum PluginLoader {
    /// The protocol version this host speaks.
    package static let abiMajor = UInt32(SLUICE_ABI_MAJOR)
    package static let abiMinor = UInt32(SLUICE_ABI_MINOR)

    /// The build fingerprint a Swift plugin must carry to share this host's runtime.
    package static let swiftFingerprint = "swift " + String(cString: sluice_compiler_id())

    // The smallest structs a 1.x plugin may declare: every field up to the last
    // required one. Fields after these are optional and read as absent when missing.
    package static let minimumPluginSize = MemoryLayout<sluice_plugin_v1>.offset(of: \.stages)! + MemoryLayout<UnsafeRawPointer>.size
    package static let minimumStageSize = MemoryLayout<sluice_stage_v1>.offset(of: \.destroy)! + MemoryLayout<UnsafeRawPointer>.size
    package static let minimumPortSize = MemoryLayout<sluice_port_v1>.offset(of: \.flags)! + MemoryLayout<UInt32>.size

    package typealias Entry = @convention(c) (UInt32, UInt32) -> UnsafePointer<sluice_plugin_v1>?

    /// Loads the plugin at `path`. Every failure is a `SluiceError` naming the file.
    /// A Swift plugin of another toolchain is read but not started (its `init` is not
    /// called) unless `inWorker`: such a plugin runs only in a worker process.
    package static func load(_ path: String, origin: String, inWorker: Bool = false) throws(SluiceError) -> PluginInfo {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SluiceError(.pluginNotFound, at: path, "plugin file does not exist. Check the path, or build the plugin first")
        }
        guard !isDirectory.boolValue else {
            throw SluiceError(.pluginNotALibrary, at: path, "is a folder, not a plugin library. Name the .so file, or list the folder under `plugins:`")
        }
        guard DynamicLibrary.looksLikeLibrary(path) else {
            throw SluiceError(.pluginNotALibrary, at: path, "is not a shared library (no \(DynamicLibrary.suffix == ".so" ? "ELF" : "Mach-O") header). Remove it from the plugin folder or rebuild it as a shared library")
        }
        let address: UnsafeMutableRawPointer
        switch DynamicLibrary.openSymbol(path, SLUICE_PLUGIN_ENTRY_V1_SYMBOL) {
        case .success(let found):
            address = found
        case .failure(.cannotOpen(let reason)):
            throw SluiceError(.pluginCannotOpen, at: path, "cannot be loaded: \(reason). Rebuild it for this machine, and check that the libraries it needs are installed (ldd \(path))")
        case .failure(.noSymbol):
            throw SluiceError(.pluginNoEntry, at: path, "has no `\(SLUICE_PLUGIN_ENTRY_V1_SYMBOL)` symbol, so it is not a Sluice plugin (or not for protocol 1). Export the entry point with SLUICE_EXPORT (C) or @c(sluice_plugin_entry_v1) (Swift)")
        }
        let entry = unsafeBitCast(address, to: Entry.self)
        guard let descriptor = entry(abiMajor, abiMinor) else {
            throw SluiceError(.pluginEntryNull, at: path, "its entry point returned NULL: the plugin refused this host (protocol \(abiMajor).\(abiMinor)). It may need a newer sluice; see the plugin's documentation")
        }
        return try read(descriptor, path: path, origin: origin, inWorker: inWorker)
    }

    /// Whether a plugin of build fingerprint `build` was built by another Swift toolchain.
    package static func isForeignToolchain(_ build: String) -> Bool {
        build.hasPrefix("swift") && build != swiftFingerprint
    }

    private static func read(_ pointer: UnsafePointer<sluice_plugin_v1>, path: String, origin: String, inWorker: Bool) throws(SluiceError) -> PluginInfo {
        let (plugin, declaredSize) = readSizedStruct(UnsafeRawPointer(pointer), zero: sluice_plugin_v1())
        func bad(_ message: String) -> SluiceError {
            SluiceError(.pluginBadDescriptor, at: path, message)
        }
        guard declaredSize >= minimumPluginSize else {
            throw bad("its descriptor declares struct_size \(declaredSize), smaller than the \(minimumPluginSize) bytes every protocol 1.x descriptor has. Set struct_size = sizeof(sluice_plugin_v1)")
        }
        guard plugin.abi_major == abiMajor else {
            throw SluiceError(.pluginAbiMismatch, at: path, "was built for plugin protocol \(plugin.abi_major).\(plugin.abi_minor), but this host speaks \(abiMajor).\(abiMinor). Rebuild the plugin against sluice_abi.h \(abiMajor).x, or use a sluice that speaks protocol \(plugin.abi_major)")
        }
        guard let id = string(plugin.id), isValidPluginID(id) else {
            throw bad("its descriptor has \(plugin.id == nil ? "no id" : "the invalid id '\(string(plugin.id)!)'"). Use a reverse-DNS id of lowercase letters, digits, '.', '-' and '_', such as com.acme.features")
        }
        guard let version = string(plugin.version), !version.isEmpty else {
            throw bad("plugin '\(id)' has no version. Set the descriptor's version, e.g. \"1.0.0\"")
        }
        // A Swift plugin of another toolchain would share this process's Swift runtime
        // with its own: it is loaded for its descriptor only, and runs in a worker.
        let build = string(plugin.build) ?? "c"
        let foreign = isForeignToolchain(build)
        guard plugin.stage_count == 0 || plugin.stages != nil else {
            throw bad("plugin '\(id)' declares \(plugin.stage_count) stage(s) but its stages pointer is NULL")
        }
        var stages: [StageInfo] = []
        for index in 0..<Int(plugin.stage_count) {
            guard let stagePointer = plugin.stages[index] else {
                throw bad("plugin '\(id)': stage #\(index) is a NULL pointer")
            }
            let stage = try readStage(stagePointer, index: index, pluginID: id, path: path)
            if stages.contains(where: { $0.id == stage.id }) {
                throw bad("plugin '\(id)' declares the stage '\(stage.id)' twice. Give each stage a unique id")
            }
            stages.append(stage)
        }
        // Last, once the descriptor is known to be sound: the plugin's own start (1.1).
        let pluginData = foreign && !inWorker ? PluginData(pointer: nil)
            : try PluginLifecycle.start(descriptor: UnsafeRawPointer(pointer), path: path, pluginID: id, init: plugin.`init`, deinit: plugin.deinit)
        return PluginInfo(
            id: id, version: version, description: string(plugin.description) ?? "", build: build,
            abiMajor: plugin.abi_major, abiMinor: plugin.abi_minor, path: path, origin: origin,
            stages: stages, extensions: ExtensionLookup(function: plugin.get_extension), pluginData: pluginData
        )
    }

    private static func readStage(_ pointer: UnsafePointer<sluice_stage_v1>, index: Int, pluginID: String, path: String) throws(SluiceError) -> StageInfo {
        let (stage, declaredSize) = readSizedStruct(UnsafeRawPointer(pointer), zero: sluice_stage_v1())
        let name = string(stage.id) ?? "#\(index)"
        func bad(_ message: String) -> SluiceError {
            SluiceError(.pluginBadDescriptor, at: path, "plugin '\(pluginID)', stage '\(name)': \(message)")
        }
        guard declaredSize >= minimumStageSize else {
            throw bad("struct_size \(declaredSize) is smaller than the \(minimumStageSize) bytes of a protocol 1.0 stage. Set struct_size = sizeof(sluice_stage_v1)")
        }
        guard let id = string(stage.id), isValidStageID(id) else {
            throw bad("the stage id is missing or invalid. Use lowercase letters, digits, '-' and '_', starting with a letter")
        }
        guard let kind = StageKind(rawValue: stage.kind) else {
            let known = StageKind.allCases.map { "\($0.rawValue) (\($0.name))" }.joined(separator: ", ")
            throw bad("unknown stage kind \(stage.kind). Use one of \(known)")
        }
        guard stage.create != nil, stage.run != nil, stage.destroy != nil else {
            let missing = [("create", stage.create == nil), ("run", stage.run == nil), ("destroy", stage.destroy == nil)]
                .filter(\.1).map(\.0).joined(separator: ", ")
            throw bad("required function(s) missing: \(missing). Every stage implements create, run and destroy")
        }
        let schemaText = string(stage.config_schema) ?? #"{"type":"object"}"#
        let schema: JSONValue
        do {
            schema = try JSONValue.parse(schemaText)
        } catch {
            throw bad("config_schema is not valid JSON. Fix the schema text")
        }
        guard case .object = schema else {
            throw bad("config_schema must be a JSON object (a JSON Schema)")
        }
        if let problem = SchemaKeywords.firstProblem(in: schema) {
            throw SluiceError(.pluginBadSchema, at: path, "plugin '\(pluginID)', stage '\(name)': config_schema \(problem)")
        }
        let inputs = try readPorts(stage.inputs, count: stage.input_count, direction: "input", bad: bad)
        let outputs = try readPorts(stage.outputs, count: stage.output_count, direction: "output", bad: bad)
        var examples: [StageExample] = []
        if let text = string(stage.examples) {
            do {
                examples = try StageExample.parse(text, inputs: inputs, outputs: outputs)
            } catch {
                throw SluiceError(.pluginBadExamples, at: path, "plugin '\(pluginID)', stage '\(name)': \(error.message). See sluice_stage_v1.examples in sluice_abi.h")
            }
        }
        return StageInfo(
            id: id, kind: kind, version: string(stage.version) ?? "0.0.0", description: string(stage.description) ?? "",
            configSchema: schema, threadSafe: stage.flags & UInt32(SLUICE_STAGE_THREAD_SAFE.rawValue) != 0,
            volatile: stage.flags & UInt32(SLUICE_STAGE_VOLATILE.rawValue) != 0,
            inputs: inputs, outputs: outputs, examples: examples, handle: StageHandle(stage: pointer, table: stage)
        )
    }

    private static func readPorts(
        _ list: UnsafePointer<UnsafePointer<sluice_port_v1>?>?, count: UInt32, direction: String,
        bad: (String) -> SluiceError
    ) throws(SluiceError) -> [PortInfo] {
        guard count > 0 else { return [] }
        guard let list else { throw bad("declares \(count) \(direction) port(s) but the pointer is NULL") }
        var ports: [PortInfo] = []
        for index in 0..<Int(count) {
            guard let pointer = list[index] else { throw bad("\(direction) port #\(index) is a NULL pointer") }
            let (port, declaredSize) = readSizedStruct(UnsafeRawPointer(pointer), zero: sluice_port_v1())
            guard declaredSize >= minimumPortSize else {
                throw bad("\(direction) port #\(index) has struct_size \(declaredSize); set it to sizeof(sluice_port_v1)")
            }
            guard let name = string(port.name), isValidPortName(name) else {
                throw bad("\(direction) port #\(index) has a missing or invalid name. Use lowercase letters, digits and '_', starting with a letter")
            }
            guard let kind = PortKind(rawValue: port.kind) else {
                throw bad("\(direction) port '\(name)' has the unknown kind \(port.kind). Use SLUICE_PORT_TABLE, _MODEL, _REPORT or _BLOB")
            }
            guard !ports.contains(where: { $0.name == name }) else {
                throw bad("declares the \(direction) port '\(name)' twice")
            }
            ports.append(PortInfo(
                name: name, kind: kind, optional: port.flags & UInt32(SLUICE_PORT_OPTIONAL.rawValue) != 0,
                description: string(port.description) ?? ""
            ))
        }
        return ports
    }

    package static func isValidPluginID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    package static func isValidStageID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_-".unicodeScalars.contains($0) }
    }

    package static func isValidPortName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
