/// Cast to float, double, bool, string or an integer type (held as int64, wrapped to the
/// target's width as C's conversions do). `to` is a DataType number from opset 6 and a
/// type name ("FLOAT") before. Float to integer truncates toward zero; NaN and values
/// out of range give the target's minimum for 32- and 64-bit targets, as onnxruntime on
/// x86 does. Strings convert as CastStrings describes.
extension StandardOperators {
    struct CastKernel: Kernel {
        let node: Node
        let target: ElementType

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            self.node = node
            let target: ElementType?
            switch node.attribute("to") {
            case .int(let number)?: target = ElementType(rawValue: Int(number))
            case .string(let name)?: target = Self.typeNamed(name)
            case nil: throw node.missing("to")
            case .some: throw node.invalid("to", "should be a data type number")
            }
            guard let target, target.isInteger || [.float, .double, .bool, .string].contains(target) else {
                throw ONNXError(.unsupported, "\(node.label): Cast to \(target.map { "\($0)" } ?? "an unknown type") is not supported; Sluice casts to float, double, integers, bool and string")
            }
            self.target = target
        }

        private static func typeNamed(_ name: String) -> ElementType? {
            (1...16).lazy.compactMap { ElementType(rawValue: $0) }.first { $0.description.uppercased() == name.uppercased() }
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            return [.tensor(Tensor(shape: x.shape, elements: try convert(x.elements)))]
        }

        private func convert(_ elements: Tensor.Elements) throws(ONNXError) -> Tensor.Elements {
            switch (target, elements) {
            case (.float, .float), (.double, .double), (.bool, .bool), (.string, .string), (.int64, .int64): return elements
            case (.float, .string(let v)): return .float(try v.map { s throws(ONNXError) in try parse(s, CastStrings.float) })
            case (.double, .string(let v)): return .double(try v.map { s throws(ONNXError) in try parse(s, CastStrings.double) })
            case (.bool, .string(let v)): return .bool(try v.map { s throws(ONNXError) in try parse(s, CastStrings.double) != 0 })
            case (_, .string(let v)):
                return .int64(try v.map { s throws(ONNXError) in wrap(try parse(s, CastStrings.integer)) })
            case (.string, .float(let v)): return .string(v.map { CastStrings.format(Double($0)) })
            case (.string, .double(let v)): return .string(v.map { CastStrings.format($0) })
            case (.string, .int64(let v)): return .string(v.map { "\($0)" })
            case (.string, .bool(let v)): return .string(v.map { $0 ? "1" : "0" })
            case (.float, _): return .float(Tensor(shape: [elements.count], elements: elements).asFloats() ?? [])
            case (.double, _): return .double(Tensor(shape: [elements.count], elements: elements).asDoubles() ?? [])
            case (.bool, .float(let v)): return .bool(v.map { $0 != 0 })
            case (.bool, .double(let v)): return .bool(v.map { $0 != 0 })
            case (.bool, .int64(let v)): return .bool(v.map { $0 != 0 })
            case (_, .float(let v)): return .int64(v.map { wrap(truncate(Double($0))) })
            case (_, .double(let v)): return .int64(v.map { wrap(truncate($0)) })
            case (_, .int64(let v)): return .int64(v.map(wrap))
            case (_, .bool(let v)): return .int64(v.map { $0 ? 1 : 0 })
            }
        }

        private func parse<T>(_ text: String, _ parser: (String) -> T?) throws(ONNXError) -> T {
            guard let value = parser(text) else { throw node.inputMismatch("cannot cast the string \"\(text)\" to \(target)") }
            return value
        }

        /// Toward zero; NaN and out-of-range values become the 64- or 32-bit minimum (the
        /// narrower targets then wrap that, as onnxruntime's conversion through int32 does).
        private func truncate(_ value: Double) -> Int64 {
            let wide = target == .int64 || target == .uint64 || target == .uint32
            let limit = wide ? 9_223_372_036_854_775_808.0 : 2_147_483_648.0
            guard value.isFinite, value.rounded(.towardZero) >= -limit, value < limit else { return wide ? Int64.min : Int64(Int32.min) }
            return Int64(value.rounded(.towardZero))
        }

        private func wrap(_ value: Int64) -> Int64 {
            switch target {
            case .int8: Int64(Int8(truncatingIfNeeded: value))
            case .uint8: Int64(UInt8(truncatingIfNeeded: value))
            case .int16: Int64(Int16(truncatingIfNeeded: value))
            case .uint16: Int64(UInt16(truncatingIfNeeded: value))
            case .int32: Int64(Int32(truncatingIfNeeded: value))
            case .uint32: Int64(UInt32(truncatingIfNeeded: value))
            default: value
            }
        }
    }
}
