import CSluiceABI
import Foundation
import SluiceJSON
import SluiceSupport

/// The host capability "sluice.json/1": JSON Pointer reads for plugins written in
/// languages without a JSON parser at hand.
package enum JSONExtension {
    package nonisolated(unsafe) static let table: UnsafePointer<sluice_json_v1> = {
        // nonisolated(unsafe): built once, immutable afterwards, shared with plugins.
        let table = UnsafeMutablePointer<sluice_json_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_json_v1(
            struct_size: UInt32(MemoryLayout<sluice_json_v1>.size),
            get_string: getString, get_number: getNumber, get_bool: getBool, get_count: getCount
        ))
        return UnsafePointer(table)
    }()

    /// A failed lookup, as the status the C function returns.
    private struct Failure: Error { let status: Int32 }

    private static func value(_ json: UnsafePointer<CChar>?, _ length: Int, _ pointer: UnsafePointer<CChar>?) -> Result<JSONValue, Failure> {
        guard let json, let pointer = string(pointer) else { return .failure(Failure(status: Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue))) }
        guard let document = try? JSONValue.parse(Data(bytes: json, count: length)) else {
            return .failure(Failure(status: Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)))
        }
        guard let found = document.value(at: pointer) else { return .failure(Failure(status: Int32(SLUICE_ERR_NOT_FOUND.rawValue))) }
        return .success(found)
    }

    private static let ok = Int32(SLUICE_OK.rawValue)
    private static let wrongType = Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)

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
