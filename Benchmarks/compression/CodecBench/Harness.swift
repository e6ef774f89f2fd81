import Foundation

// The timing shared by the "after" harness (main.swift, libzstd/liblz4 through
// SluiceCompression) and the "before" one (BeforeBench/main.swift, the hand-written
// decoders of commit 6478f6c), so that both columns are measured the same way.

/// One file of make_data.py: buffers of one shape, codec and layout, and the original.
struct Dataset {
    let shape: String, codec: String, layout: String
    let compressed: [UInt8]
    /// Each buffer: where its compressed bytes lie, and where its output goes.
    let buffers: [(input: Range<Int>, output: Range<Int>)]
    let original: [UInt8]

    static func all(in folder: String) -> [Dataset] {
        let manifest = try! String(contentsOfFile: folder + "/manifest.tsv", encoding: .utf8)
        return manifest.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t").map(String.init)
            let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + fields[3])!)
            var buffers: [(Range<Int>, Range<Int>)] = []
            var at = 0, out = 0
            while at < bytes.count {
                let uncompressed = Int(bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) })
                let count = Int(bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)) })
                buffers.append((at + 16..<at + 16 + count, out..<out + uncompressed))
                at += 16 + count
                out += uncompressed
            }
            let original = [UInt8](FileManager.default.contents(atPath: folder + "/" + fields[4])!)
            precondition(out == original.count, "\(fields[3]) does not match \(fields[4])")
            return Dataset(shape: fields[0], codec: fields[1], layout: fields[2], compressed: bytes, buffers: buffers, original: original)
        }
    }
}

/// Decodes one buffer into an output of exactly its declared length; codec is "lz4" or "zstd".
typealias Decode = (_ codec: String, _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws -> Void

/// Decodes every dataset `runs` times after one checked warm-up run, and prints
/// `label shape codec layout MB/s` (the median; MB = 10^6 bytes of output) per dataset.
func benchmark(_ label: String, folder: String, runs: Int, decode: Decode) throws {
    for dataset in Dataset.all(in: folder) {
        // Every buffer decodes into one output, made and touched once, as large as the
        // largest buffer: the runs time decoding rather than allocation and page faults,
        // and a 512 KiB output stays in cache as pyarrow's pooled one does.
        let largest = dataset.buffers.map(\.output.count).max() ?? 0
        var output = [UInt8](repeating: 0, count: largest)
        func decodeAll(checking: Bool = false) throws {
            try dataset.compressed.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { out in
                    for buffer in dataset.buffers {
                        let target = UnsafeMutableRawBufferPointer(rebasing: out[..<buffer.output.count])
                        try decode(dataset.codec, UnsafeRawBufferPointer(rebasing: input[buffer.input]), target)
                        if checking {
                            precondition(target.elementsEqual(dataset.original[buffer.output]), "\(label): \(dataset.shape) \(dataset.codec) \(dataset.layout) decoded to different bytes")
                        }
                    }
                }
            }
        }
        try decodeAll(checking: true)
        var rates: [Double] = []
        for _ in 0..<runs {
            let seconds = try time { try decodeAll() }
            rates.append(Double(dataset.original.count) / seconds / 1e6)
        }
        print("\(label)\t\(dataset.shape)\t\(dataset.codec)\t\(dataset.layout)\t\(Int(median(rates).rounded()))")
        fflush(stdout)
    }
}

func time(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// DATA RUNS from the command line.
func arguments() -> (folder: String, runs: Int) {
    let arguments = CommandLine.arguments
    guard arguments.count >= 3, let runs = Int(arguments[2]) else {
        FileHandle.standardError.write("usage: \(arguments[0]) DATA RUNS [contexts]\n".data(using: .utf8)!)
        exit(2)
    }
    return (arguments[1], runs)
}
