/// Why compressed data (LZ4 or ZSTD) could not be decoded, and where: `offset` counts
/// from the start of the compressed bytes handed to the decoder (the caller adds where
/// they lie in the file).
package struct DecompressionProblem: Error, Equatable {
    package let offset: Int
    package let message: String
}
