/// Typed attribute access for kernels, with errors that name the node and attribute.
extension Node {
    public func attribute(_ key: String) -> Attribute? { attributes[key] }

    public func int(_ key: String) throws(ONNXError) -> Int64? {
        switch attributes[key] {
        case nil: return nil
        case .int(let v)?: return v
        case let other?: throw wrongType(key, "int", other)
        }
    }

    public func int(_ key: String, default value: Int64) throws(ONNXError) -> Int64 { try int(key) ?? value }

    public func float(_ key: String) throws(ONNXError) -> Float? {
        switch attributes[key] {
        case nil: return nil
        case .float(let v)?: return v
        case let other?: throw wrongType(key, "float", other)
        }
    }

    public func float(_ key: String, default value: Float) throws(ONNXError) -> Float { try float(key) ?? value }

    public func string(_ key: String) throws(ONNXError) -> String? {
        switch attributes[key] {
        case nil: return nil
        case .string(let v)?: return v
        case let other?: throw wrongType(key, "string", other)
        }
    }

    public func string(_ key: String, default value: String) throws(ONNXError) -> String { try string(key) ?? value }

    public func ints(_ key: String) throws(ONNXError) -> [Int64]? {
        switch attributes[key] {
        case nil: return nil
        case .ints(let v)?: return v
        case .int(let v)?: return [v]
        case let other?: throw wrongType(key, "ints", other)
        }
    }

    public func floats(_ key: String) throws(ONNXError) -> [Float]? {
        switch attributes[key] {
        case nil: return nil
        case .floats(let v)?: return v
        case .float(let v)?: return [v]
        case let other?: throw wrongType(key, "floats", other)
        }
    }

    public func strings(_ key: String) throws(ONNXError) -> [String]? {
        switch attributes[key] {
        case nil: return nil
        case .strings(let v)?: return v
        case .string(let v)?: return [v]
        case let other?: throw wrongType(key, "strings", other)
        }
    }

    public func tensor(_ key: String) throws(ONNXError) -> Tensor? {
        switch attributes[key] {
        case nil: return nil
        case .tensor(let v)?: return v
        case let other?: throw wrongType(key, "tensor", other)
        }
    }

    /// A required attribute that is absent.
    public func missing(_ key: String) -> ONNXError {
        ONNXError(.invalidAttribute, "\(label) has no attribute '\(key)', which \(domain) \(opType) requires")
    }

    /// A kernel's complaint about an attribute's value.
    public func invalid(_ key: String, _ why: String) -> ONNXError {
        ONNXError(.invalidAttribute, "\(label): attribute '\(key)' \(why)")
    }

    /// A kernel's complaint about an input at run time.
    public func inputMismatch(_ why: String) -> ONNXError {
        ONNXError(.inputMismatch, "\(label): \(why)")
    }

    private func wrongType(_ key: String, _ expected: String, _ found: Attribute) -> ONNXError {
        ONNXError(.invalidAttribute, "\(label): attribute '\(key)' should be \(expected), found \(Self.kind(of: found))")
    }

    static func kind(of attribute: Attribute) -> String {
        switch attribute {
        case .float: "float"
        case .int: "int"
        case .string: "string"
        case .tensor: "tensor"
        case .floats: "floats"
        case .ints: "ints"
        case .strings: "strings"
        case .tensors: "tensors"
        case .graph: "graph"
        }
    }
}
