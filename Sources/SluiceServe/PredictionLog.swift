import Foundation
import SluiceArrow
import SluiceJSON
import SluiceSupport

/// Appends every (sampled) prediction to JSON Lines files under
/// `.sluice/predictions/<model>/`, for the drift monitors; the format is described in
/// PredictionLog.md beside this file.
///
/// Off the request path: a request only queues its input and output tables (immutable,
/// shared, not copied); one writer thread encodes and appends them. The queue is
/// bounded: when the writer falls behind, entries are dropped and counted
/// (`sluice_prediction_log_dropped_total`) rather than slowing requests down.
/// `close()` writes everything queued, so a clean shutdown loses no completed line.
///
/// @unchecked Sendable: all mutable state is guarded by `condition`.
package final class PredictionLog: @unchecked Sendable {
    package struct Entry: Sendable {
        let time: Date
        let version: String
        let endpoint: String
        let requestID: String?
        let inputs: ArrowTable
        let outputs: ArrowTable
    }

    package struct Settings: Sendable {
        /// The share of requests logged, 0 to 1.
        package var sampleRate: Double = 1
        /// A file is closed and a new one started when it would grow past this.
        package var maxFileBytes: Int = 64 << 20
        /// Entries waiting for the writer beyond this are dropped.
        package var maxQueued: Int = 10_000

        package init(sampleRate: Double = 1, maxFileBytes: Int = 64 << 20, maxQueued: Int = 10_000) {
            self.sampleRate = sampleRate
            self.maxFileBytes = maxFileBytes
            self.maxQueued = maxQueued
        }
    }

    package let directory: String
    private let model: String
    private let settings: Settings
    private let metrics: ServerMetrics
    private let condition = NSCondition()
    private var queue: [Entry] = []
    private var accepted = 0
    private var written = 0
    private var closing = false
    private var finished = false
    private var file: LogFile

    /// Creates the folder; throws when it cannot.
    package init(directory: String, model: String, settings: Settings, metrics: ServerMetrics) throws(SluiceError) {
        self.directory = directory
        self.model = model
        self.settings = settings
        self.metrics = metrics
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SluiceError(.servePredictionLog, at: directory, "cannot create the prediction log folder: \(error.localizedDescription)")
        }
        file = LogFile(directory: directory, maxBytes: settings.maxFileBytes)
        let thread = Thread { [self] in writeLoop() }
        thread.name = "sluice-prediction-log"
        thread.start()
    }

    /// Queues one request's predictions, if sampled.
    package func record(version: String, endpoint: String, requestID: String?, inputs: ArrowTable, outputs: ArrowTable) {
        guard settings.sampleRate >= 1 || (settings.sampleRate > 0 && Double.random(in: 0..<1) < settings.sampleRate) else { return }
        let entry = Entry(time: Date(), version: version, endpoint: endpoint, requestID: requestID, inputs: inputs, outputs: outputs)
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return }
        guard queue.count < settings.maxQueued else {
            metrics.predictionLogDropped(1)
            return
        }
        queue.append(entry)
        accepted += 1
        condition.broadcast()
    }

    /// Waits until every entry queued so far is written to its file.
    package func flush() {
        condition.lock()
        defer { condition.unlock() }
        let target = accepted
        while written < target && !finished { condition.wait() }
    }

    /// Writes what is queued, closes the file and stops the writer. Idempotent.
    package func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            let stop = closing && batch.isEmpty
            condition.unlock()
            if stop { break }
            var text: [UInt8] = []
            for entry in batch {
                let line = encode(entry)
                // Rotation happens between lines, so every file holds whole lines.
                if file.wouldOverflow(adding: text.count + line.count, pending: text.count) {
                    file.append(text)
                    text.removeAll(keepingCapacity: true)
                    file.rotate()
                }
                text += line
            }
            file.append(text)
            condition.lock()
            written += batch.count
            condition.broadcast()
            condition.unlock()
        }
        file.close()
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// One line: see PredictionLog.md.
    private func encode(_ entry: Entry) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + entry.inputs.rowCount * 16 * (entry.inputs.schema.fields.count + 1))
        json.raw("{\"time\":")
        json.string(Self.timestamp(entry.time))
        json.raw(",\"model\":")
        json.string(model)
        json.raw(",\"version\":")
        json.string(entry.version)
        json.raw(",\"endpoint\":")
        json.string(entry.endpoint)
        if let id = entry.requestID {
            json.raw(",\"request_id\":")
            json.string(id)
        }
        json.raw(",\"rows\":")
        json.number(entry.inputs.rowCount)
        for (key, table) in [("inputs", entry.inputs), ("outputs", entry.outputs)] {
            json.raw(",")
            json.key(key)
            json.byte("{")
            for (index, field) in table.schema.fields.enumerated() {
                if index > 0 { json.byte(",") }
                json.key(field.name)
                json.column(table, index)
            }
            json.byte("}")
        }
        json.raw("}\n")
        return json.bytes
    }

    /// RFC 3339 in UTC with milliseconds: 2026-11-26T18:04:05.123Z.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(milliseconds % 1000)
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }
}
