import CSluiceABI
import SluiceKit

/// The host capability "sluice.json/1" (JSON Pointer reads), pure, so the fake host
/// offers it as the real one does: the same answers and statuses.
enum JSONHostExtension {
    nonisolated(unsafe) static let table: UnsafePointer<sluice_json_v1> = {
        // nonisolated(unsafe): built once, immutable afterwards, shared with plugins.
        let table = UnsafeMutablePointer<sluice_json_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_json_v1())
        table.pointee.struct_size = UInt32(MemoryLayout<sluice_json_v1>.size)
        table.pointee.get_string = getString
        table.pointee.get_number = getNumber
        table.pointee.get_bool = getBool
        table.pointee.get_count = getCount
        return UnsafePointer(table)
    }()

    private static let ok = Status.ok.rawValue
    private static let wrongType = Status.invalidArgument.rawValue

    /// The value at `pointer`, or the status to return.
    private static func value(_ json: UnsafePointer<CChar>?, _ length: Int, _ pointer: UnsafePointer<CChar>?) -> Result<JSONValue, LookupFailure> {
        guard let json, let pointer = string(pointer) else { return .failure(LookupFailure(status: wrongType)) }
        let bytes = UnsafeRawBufferPointer(start: json, count: length)
        guard let document = try? JSONValue.parse(bytes) else { return .failure(LookupFailure(status: wrongType)) }
        guard let found = document.value(at: pointer) else { return .failure(LookupFailure(status: Status.notFound.rawValue)) }
        return .success(found)
    }

    private struct LookupFailure: Error { let status: Int32 }

    private static let getString: @convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutablePointer<Int>?) -> Int32 = {
        json, length, pointer, out, capacity, fullLength in
        switch value(json, length, pointer) {
        case .failure(let failure): return failure.status
        case .success(.string(let text)):
            writeMessage(text, into: out, capacity: capacity)
            fullLength?.pointee = text.utf8.count
            return ok
        case .success: return wrongType
        }
    }

    private static let getNumber: @convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, UnsafeMutablePointer<Double>?) -> Int32 = {
        json, length, pointer, out in
        switch value(json, length, pointer) {
        case .failure(let failure): return failure.status
        case .success(let found):
            guard let number = found.doubleValue else { return wrongType }
            out?.pointee = number
            return ok
        }
    }

    private static let getBool: @convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, UnsafeMutablePointer<Int32>?) -> Int32 = {
        json, length, pointer, out in
        switch value(json, length, pointer) {
        case .failure(let failure): return failure.status
        case .success(.bool(let flag)):
            out?.pointee = flag ? 1 : 0
            return ok
        case .success: return wrongType
        }
    }

    private static let getCount: @convention(c) (UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, UnsafeMutablePointer<Int>?) -> Int32 = {
        json, length, pointer, out in
        switch value(json, length, pointer) {
        case .failure(let failure): return failure.status
        case .success(.array(let values)):
            out?.pointee = values.count
            return ok
        case .success(.object(let members)):
            out?.pointee = members.count
            return ok
        case .success: return wrongType
        }
    }
}
