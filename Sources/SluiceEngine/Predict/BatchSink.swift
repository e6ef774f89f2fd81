import SluiceArrow
/// Where `BatchPredictor` writes rows: a file, appended batch by batch, complete on `finish`.
package protocol BatchSink {
    func append(_ batch: ArrowRecordBatch) throws
    func finish() throws
}

extension CSVBatchWriter: BatchSink {}
extension ArrowIPCIncrementalWriter: BatchSink {}
