import Dispatch
import SluiceKit
import Synchronization

/// Reads a CSV file into a table: the header, then the records split into chunks at
/// line breaks outside quotes and parsed in parallel, then the chunks' columns joined.
/// A problem found in parallel is looked for again in one sequential pass, so the
/// error names the first bad record of the file, exactly.
struct CSVReader {
    let options: LoadOptions
    let host: HostServices

    /// Target size of a chunk when parsing in parallel. The environment variable
    /// `SLUICE_CSV_CHUNK_BYTES` sets it (read once), for tests of the chunking on small files.
    static let chunkBytes: Int = {
        if let text = getenv("SLUICE_CSV_CHUNK_BYTES").map({ String(cString: $0) }), let value = Int(text), value > 0 { return value }
        return 24 << 20
    }()
    /// Files smaller than this are parsed in one piece.
    static var parallelThreshold: Int { min(8 << 20, 2 * chunkBytes) }

    func read() throws -> Table {
        let file = try MappedFile(path: options.path, shown: options.shownPath)
        let base = file.base
        var start = 0
        if file.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        if file.count >= 2 && base[0] == 0x1F && base[1] == 0x8B {
            throw StageError.invalidInput("\(options.shownPath) is gzip-compressed; sluice.csv reads plain text. Decompress it first (gunzip)")
        }
        guard file.count > start, !isBlank(base, start..<file.count) else {
            throw StageError.invalidInput(
                "\(options.shownPath) is empty; a CSV file needs a header line (or, with `header: false`, at least one record)")
        }
        let locator = ProblemLocator(file: file, shownPath: options.shownPath, header: options.header)

        // The first record: the header, or the first data record when there is none.
        let first: (fields: [[UInt8]], end: Int)
        do {
            first = try HeaderReader.record(base, from: skipBlankLines(base, start, file.count), to: file.count, dialect: options.dialect)
        } catch let problem as CSVProblem {
            throw locator.error(problem, names: [], bodyStart: start, inHeader: options.header)
        }
        var names: [String]
        if options.header {
            names = try headerNames(first.fields, locator: locator, headerOffset: start)
        } else {
            names = (1...first.fields.count).map { "column_\($0)" }
        }
        let bodyStart = options.header ? first.end : start
        let selection = try ColumnSelection(names: names, options: options)
        let body = bodyStart..<file.count

        var plans = selection.plans
        let parser = { (plans: [ColumnPlan], tick: @escaping (Int) -> Bool) in
            CSVChunkParser(dialect: options.dialect, plans: plans, nulls: NullMatcher(options.nullValues), maxRows: options.maxRows, tick: tick)
        }
        let progress = ProgressReporter(host: host, total: body.count, report: file.count >= 16 << 20)
        let averageRecord = Self.averageRecordLength(base, body)

        let sequential = body.count < Self.parallelThreshold || options.maxRows != nil
        let chunks: [Range<Int>] = sequential ? [body] : ChunkSplitter.split(file, body, quote: options.dialect.quote, target: Self.chunkBytes)

        // Parse every chunk; a column found to hold text is parsed again, as text, in every chunk.
        var results = [ChunkOutcome?](repeating: nil, count: chunks.count)
        var chunkPlans = [[ColumnPlan]](repeating: plans, count: chunks.count)
        var problem: CSVProblem?
        while true {
            let pending = chunks.indices.filter { results[$0] == nil }
            if pending.isEmpty { break }
            let snapshot = plans
            let outcomes = parallelMap(pending.count) { index -> ChunkOutcome in
                let chunk = chunks[pending[index]]
                let tick = progress.ticker(file: file, chunkStart: chunk.lowerBound)
                let expected = max(16, Int(Double(chunk.count) / averageRecord * 1.02) + 16)
                return parser(snapshot, tick).parse(base, chunk, expectedRows: expected)
            }
            let finished = zip(pending, outcomes)
            for (index, outcome) in finished {
                chunkPlans[index] = snapshot
                switch outcome {
                case .restart(let column):
                    plans[column] = .infer(asString: true)
                case .failed(let found):
                    if problem == nil { problem = found }
                    results[index] = outcome
                case .cancelled:
                    freeAll(&results)
                    throw StageError.cancelled("the run was cancelled while reading \(options.shownPath)")
                case .parsed:
                    results[index] = outcome
                }
            }
            if problem != nil { break }
            // Chunks parsed with a column as numbers that another chunk found to be text go again.
            for index in chunks.indices where results[index] != nil && chunkPlans[index] != plans {
                free(&results[index])
            }
            // Chunks whose parts disagree on a column's type (e.g. numbers here, booleans there) go again as text.
            if let conflicts = conflictingColumns(results, plans), !conflicts.isEmpty {
                for column in conflicts { plans[column] = .infer(asString: true) }
                for index in chunks.indices { free(&results[index]) }
            }
        }

        if var found = problem {
            freeAll(&results)
            if chunks.count > 1 {
                // Parallel chunks know neither their first row number nor whether an earlier
                // chunk holds an earlier problem: find the first problem in one pass.
                let outcome = parser(plans, { _ in true }).parse(base, body, expectedRows: 16)
                switch outcome {
                case .failed(let first): found = first
                case .parsed(var columns, _): for index in columns.indices { columns[index].free() }
                default: break
                }
            }
            throw locator.error(found, names: names, bodyStart: bodyStart, inHeader: false)
        }

        // Join the chunks column by column, freeing each column's parts once it is built.
        var parts: [[ColumnState]] = Array(repeating: [], count: names.count)
        var rows = 0
        for result in results {
            guard case .parsed(let columns, let count)? = result else { continue }
            rows += count
            for (index, state) in columns.enumerated() { parts[index].append(state) }
        }
        progress.finish()
        // Parts not yet built (all of them, if building one fails) are freed here.
        defer { for index in parts.indices { for part in parts[index].indices { parts[index][part].free() } } }
        // Columns are joined in parallel: each touches only its own parts.
        let output = selection.output, finalPlans = plans, finalNames = names
        let built = parts.withUnsafeMutableBufferPointer { parts in
            parallelMap(output.count) { index -> Result<Column, any Error> in
                let position = output[index]
                let kind = ColumnAssembler.unifiedKind(parts[position]) ?? .string
                var declared: DeclaredType?
                if case .declared(let type) = finalPlans[position] { declared = type }
                return Result {
                    try ColumnAssembler.column(finalNames[position], &parts[position], kind: kind, declared: declared, threshold: options.categoricalThreshold)
                }
            }
        }
        var metadata: [String: String] = [:]
        if let target = options.target { metadata[Table.targetKey] = target }
        return try Table(built.map { try $0.get() }, metadata: metadata)
    }

    /// Column names from the header fields: UTF-8, unique; empty ones become column_N.
    private func headerNames(_ fields: [[UInt8]], locator: ProblemLocator, headerOffset: Int) throws -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            if let bad = field.withUnsafeBufferPointer({ UTF8Check.firstInvalid($0) }) {
                throw StageError.invalidInput(
                    "\(options.shownPath):\(locator.line(headerOffset)): header, column \(index + 1): the name is not UTF-8 (byte \(hex(field[bad])) at index \(bad)). "
                        + "Convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)")
            }
            var name = String(decoding: field, as: UTF8.self)
            if name.isEmpty { name = "column_\(index + 1)" }
            if let earlier = seen[name] {
                throw StageError.invalidInput(
                    "\(options.shownPath):\(locator.line(headerOffset)): header: columns \(earlier + 1) and \(index + 1) are both named '\(name)'. "
                        + "Rename one in the file, or set `header: false` to name the columns column_1, column_2, …")
            }
            seen[name] = index
            names.append(name)
        }
        return names
    }

    private func free(_ result: inout ChunkOutcome?) {
        if case .parsed(var columns, _)? = result {
            for index in columns.indices { columns[index].free() }
        }
        result = nil
    }

    private func freeAll(_ results: inout [ChunkOutcome?]) {
        for index in results.indices { free(&results[index]) }
    }

    /// Columns whose parsed chunks disagree on the type in a way only text can settle.
    private func conflictingColumns(_ results: [ChunkOutcome?], _ plans: [ColumnPlan]) -> [Int]? {
        let parsed = results.compactMap { result -> [ColumnState]? in
            if case .parsed(let columns, _)? = result { return columns }
            return nil
        }
        guard parsed.count == results.count, parsed.count > 1 else { return nil }
        return plans.indices.filter { column in
            plans[column] != .skip && ColumnAssembler.unifiedKind(parsed.map { $0[column] }) == nil
        }
    }

    private func isBlank(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        skipBlankLines(base, range.lowerBound, range.upperBound) == range.upperBound
    }

    private func skipBlankLines(_ base: UnsafePointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var offset = from
        while offset < end && (base[offset] == 0x0A || base[offset] == 0x0D) { offset += 1 }
        return offset
    }

    /// The average record length of the first few hundred lines, to size buffers.
    static func averageRecordLength(_ base: UnsafePointer<UInt8>, _ body: Range<Int>) -> Double {
        var offset = body.lowerBound
        var lines = 0
        let end = min(body.upperBound, body.lowerBound + (1 << 20))
        while offset < end && lines < 500 {
            guard let found = memchr(base + offset, 0x0A, end - offset) else { break }
            offset = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            lines += 1
        }
        return lines == 0 ? Double(max(body.count, 1)) : Double(offset - body.lowerBound) / Double(lines)
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
