import SluiceArrow
/// Where `BatchPredictor` reads rows from: a file, a batch of at most `batchSize`
/// rows at a time.
package protocol BatchSource {
    var schema: ArrowTableSchema { get }
    func nextBatch() throws -> ArrowRecordBatch?
}

extension CSVBatchReader: BatchSource {}

/// An Arrow IPC file's record batches, cut into pieces of at most `batchSize` rows
/// (a piece never spans two record batches: it would have to be copied together).
package final class ArrowFileBatchSource: BatchSource {
    private let cursor: ArrowIPCBatchCursor
    private let batchSize: Int
    private var current: ArrowRecordBatch?
    private var position = 0

    package var schema: ArrowTableSchema { cursor.schema }

    package init(path: String, batchSize: Int) throws {
        cursor = try ArrowIPCBatchCursor(path: path)
        self.batchSize = batchSize
    }

    package func nextBatch() throws -> ArrowRecordBatch? {
        while current == nil || position >= current!.length {
            guard let batch = try cursor.nextBatch() else { return nil }
            current = batch
            position = 0
        }
        let batch = current!
        let end = min(batch.length, position + batchSize)
        defer { position = end }
        return position == 0 && end == batch.length ? batch : try batch.slice(position..<end)
    }
}
