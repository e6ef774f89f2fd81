/// ZSTD's fixed tables: the codes of literal lengths, match lengths and offsets, and
/// the predefined distributions used when a block does not describe its own (RFC 8878).
package enum ZSTDSequenceTables {
    /// Literal length code → (baseline, extra bits).
    package static let literalLengths: [(UInt32, Int)] = (0..<16).map { (UInt32($0), 0) } + [
        (16, 1), (18, 1), (20, 1), (22, 1), (24, 2), (28, 2), (32, 3), (40, 3), (48, 4), (64, 6),
        (128, 7), (256, 8), (512, 9), (1024, 10), (2048, 11), (4096, 12), (8192, 13), (16384, 14), (32768, 15), (65536, 16),
    ]
    /// Match length code → (baseline, extra bits).
    package static let matchLengths: [(UInt32, Int)] = (0..<32).map { (UInt32($0 + 3), 0) } + [
        (35, 1), (37, 1), (39, 1), (41, 1), (43, 2), (47, 2), (51, 3), (59, 3), (67, 4), (83, 4), (99, 5), (131, 7),
        (259, 8), (515, 9), (1027, 10), (2051, 11), (4099, 12), (8195, 13), (16387, 14), (32771, 15), (65539, 16),
    ]

    package static let literalLengthDefault = FSETable(counts: [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1,
    ], accuracyLog: 6)
    package static let matchLengthDefault = FSETable(counts: [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
    ], accuracyLog: 6)
    package static let offsetDefault = FSETable(counts: [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ], accuracyLog: 5)
}
