import CSluiceABI
import Foundation
import SluiceArrow
import SluiceSupport

/// The host capability "sluice.arrow-ipc/1": plugins read and write Arrow IPC files
/// through the host's reader and writer, exchanging tables as C Data streams.
package enum ArrowIPCExtension {
    package nonisolated(unsafe) static let table: UnsafePointer<sluice_arrow_ipc_v1> = {
        // nonisolated(unsafe): built once, immutable afterwards, shared with plugins.
        let table = UnsafeMutablePointer<sluice_arrow_ipc_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_arrow_ipc_v1(
            struct_size: UInt32(MemoryLayout<sluice_arrow_ipc_v1>.size), read_file: readFile, write_file: writeFile
        ))
        return UnsafePointer(table)
    }()

    private static let readFile: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
        path, out, errorOut, capacity in
        guard let path = string(path), let out else {
            writeMessage("read_file needs a path and a stream to fill", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        do {
            ArrowCExport.exportStream(try ArrowIPCFileReader.read(path), into: out)
            return Int32(SLUICE_OK.rawValue)
        } catch let failure as SluiceError {
            writeMessage("\(failure.location): \(failure.message)", into: errorOut, capacity: capacity)
            return Int32(failure.code == .arrowIo ? SLUICE_ERR_IO.rawValue : SLUICE_ERR_INVALID_INPUT.rawValue)
        } catch let failure {
            writeMessage("\(path): \(failure)", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_IO.rawValue)
        }
    }

    private static let writeFile: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
        path, stream, errorOut, capacity in
        guard let path = string(path), let stream, stream.pointee.release != nil else {
            writeMessage("write_file needs a path and a live stream", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        let moved = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { moved.deallocate() }
        moved.initialize(to: stream.pointee)
        stream.pointee.release = nil
        do {
            try ArrowIPCFileWriter.write(try ArrowCImport.importStream(moved, what: path), to: path)
            return Int32(SLUICE_OK.rawValue)
        } catch let failure as SluiceError {
            writeMessage(failure.message, into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_IO.rawValue)
        } catch let failure {
            writeMessage("\(path): \(failure)", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_IO.rawValue)
        }
    }
}
