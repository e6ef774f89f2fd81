extension ZSTDFrame {
    /// The sequences section of a compressed block: how many sequences, the three
    /// tables, then one backward bitstream; each sequence copies literals, then a match.
    package mutating func sequences(_ section: UnsafeRawBufferPointer, at offset: Int) throws(DecompressionProblem) {
        func cut() -> DecompressionProblem { problem(offset, "a ZSTD sequences section is cut off") }
        guard let first = section.first else { throw cut() }
        var at = 1
        var count = Int(first)
        if first >= 128 {
            guard section.count >= 2 else { throw cut() }
            if first < 255 {
                count = (Int(first) - 128) << 8 + Int(section[1])
                at = 2
            } else {
                guard section.count >= 3 else { throw cut() }
                count = Int(section[1]) + Int(section[2]) << 8 + 0x7F00
                at = 3
            }
        }
        if count == 0 {
            // Literals only.
            try append(literals: 0..<literals.count, at: offset)
            return
        }
        guard at < section.count else { throw cut() }
        let modes = section[at]
        at += 1
        guard modes & 3 == 0 else { throw problem(offset + at - 1, "a ZSTD sequences section has reserved bits set") }
        literalLengths = try table(Int(modes >> 6), current: literalLengths, default: ZSTDSequenceTables.literalLengthDefault,
                                   maxSymbol: 35, maxAccuracy: 9, section, &at, offset, "literal lengths")
        offsets = try table(Int(modes >> 4) & 3, current: offsets, default: ZSTDSequenceTables.offsetDefault,
                            maxSymbol: 31, maxAccuracy: 8, section, &at, offset, "offsets")
        matchLengths = try table(Int(modes >> 2) & 3, current: matchLengths, default: ZSTDSequenceTables.matchLengthDefault,
                                 maxSymbol: 52, maxAccuracy: 9, section, &at, offset, "match lengths")
        guard let literalTable = literalLengths, let offsetTable = offsets, let matchTable = matchLengths else { throw cut() }

        var stream = try BackwardBitReader(UnsafeRawBufferPointer(rebasing: section[at...]), at: offset + at)
        let streamAt = offset + at
        var literalState = Int(stream.read(literalTable.accuracyLog))
        var offsetState = Int(stream.read(offsetTable.accuracyLog))
        var matchState = Int(stream.read(matchTable.accuracyLog))
        var literalAt = 0
        for index in 0..<count {
            let offsetCode = Int(offsetTable.entries[offsetState].symbol)
            let matchCode = Int(matchTable.entries[matchState].symbol)
            let literalCode = Int(literalTable.entries[literalState].symbol)
            guard offsetCode <= 31, matchCode < ZSTDSequenceTables.matchLengths.count, literalCode < ZSTDSequenceTables.literalLengths.count else {
                throw problem(streamAt, "a ZSTD sequence has an unknown code")
            }
            let offsetValue = (1 << offsetCode) + Int(stream.read(offsetCode))
            let (matchBase, matchBits) = ZSTDSequenceTables.matchLengths[matchCode]
            let matchLength = Int(matchBase) + Int(stream.read(matchBits))
            let (literalBase, literalBits) = ZSTDSequenceTables.literalLengths[literalCode]
            let literalLength = Int(literalBase) + Int(stream.read(literalBits))
            let distance = resolve(offsetValue, literalLength: literalLength)
            if index < count - 1 {
                literalState = update(literalTable, literalState, &stream)
                matchState = update(matchTable, matchState, &stream)
                offsetState = update(offsetTable, offsetState, &stream)
            }
            guard !stream.overflowed else { throw problem(streamAt, "a ZSTD sequences bitstream ends too early") }
            guard literalLength <= literals.count - literalAt else {
                throw problem(streamAt, "a ZSTD sequence takes more literals than its block holds")
            }
            try append(literals: literalAt..<literalAt + literalLength, at: streamAt)
            literalAt += literalLength
            guard distance > 0, distance <= written - start else {
                throw problem(streamAt, "a ZSTD match refers \(distance) bytes back, before the start of the data (\(written - start) bytes decoded)")
            }
            guard matchLength <= output.count - written else {
                throw problem(streamAt, "the data decompresses to more than the \(output.count) bytes the buffer declares")
            }
            let target = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            // A match may overlap its own output (a repeated pattern of period `distance`):
            // copy from its start in steps no longer than what lies between, which doubles each time.
            let from = written - distance
            var left = matchLength
            while left > 0 {
                let step = min(left, written - from)
                (target + written).update(from: target + from, count: step)
                written += step
                left -= step
            }
        }
        guard stream.isEmpty else { throw problem(streamAt, "a ZSTD sequences bitstream has bits left over") }
        try append(literals: literalAt..<literals.count, at: streamAt)
    }

    /// The match distance an offset value stands for, keeping the three repeat offsets up to date.
    private mutating func resolve(_ value: Int, literalLength: Int) -> Int {
        if value > 3 {
            repeatOffsets = (value - 3, repeatOffsets.0, repeatOffsets.1)
            return value - 3
        }
        // With no literals before the match, the repeat codes shift by one.
        let index = literalLength == 0 ? value : value - 1
        switch index {
        case 0:
            return repeatOffsets.0
        case 1:
            repeatOffsets = (repeatOffsets.1, repeatOffsets.0, repeatOffsets.2)
        case 2:
            repeatOffsets = (repeatOffsets.2, repeatOffsets.0, repeatOffsets.1)
        default:
            repeatOffsets = (repeatOffsets.0 - 1, repeatOffsets.0, repeatOffsets.1)
        }
        return repeatOffsets.0
    }

    private func update(_ table: FSETable, _ state: Int, _ stream: inout BackwardBitReader) -> Int {
        let entry = table.entries[state]
        return Int(entry.baseline) + Int(stream.read(Int(entry.bits)))
    }

    private mutating func append(literals range: Range<Int>, at offset: Int) throws(DecompressionProblem) {
        guard range.count <= output.count - written else {
            throw problem(offset, "the data decompresses to more than the \(output.count) bytes the buffer declares")
        }
        guard !range.isEmpty else { return }
        literals.withUnsafeBytes { bytes in
            (output.baseAddress! + written).copyMemory(from: bytes.baseAddress! + range.lowerBound, byteCount: range.count)
        }
        written += range.count
    }

    /// The table for one of the three symbol kinds, by its mode: predefined, one symbol, described here, or the previous block's.
    private func table(_ mode: Int, current: FSETable?, default predefined: FSETable, maxSymbol: Int, maxAccuracy: Int,
                       _ section: UnsafeRawBufferPointer, _ at: inout Int, _ offset: Int, _ what: String) throws(DecompressionProblem) -> FSETable {
        switch mode {
        case 0:
            return predefined
        case 1:
            guard at < section.count else { throw problem(offset + at, "a ZSTD sequences section is cut off") }
            let symbol = section[at]
            at += 1
            guard Int(symbol) <= maxSymbol else { throw problem(offset + at - 1, "a ZSTD table of \(what) repeats an unknown symbol") }
            return FSETable(only: symbol)
        case 2:
            let (table, used) = try FSETable.read(UnsafeRawBufferPointer(rebasing: section[at...]), at: offset + at, maxSymbol: maxSymbol, maxAccuracy: maxAccuracy)
            at += used
            return table
        default:
            guard let current else { throw problem(offset + at, "a ZSTD block reuses the table of \(what), but no earlier block had one") }
            return current
        }
    }
}
