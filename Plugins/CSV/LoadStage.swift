import Foundation
import SluiceKit

/// Stage `load`: reads a CSV, TSV or JSON Lines file into a table on the `data` port.
///
/// Reading CSV:
/// - RFC 4180 quoting (delimiters, line breaks and doubled quotes inside quoted fields),
///   LF or CRLF (a lone CR also ends a record), a UTF-8 byte order mark is skipped,
///   blank lines are skipped, the last record needs no line break.
/// - Types per column: int64 when every non-null value is an integer that fits, else
///   float64 when every one is a number (`1e3`, `.5`, `inf`, `-Infinity`, `nan`), else
///   bool when every one is true/false (any case), else string; a string column with at
///   most `categorical_threshold` distinct values, and fewer than half the rows, is
///   categorical (categories in order of first appearance). ASCII spaces around numbers
///   and booleans are ignored. A column with no value at all is float64, all null.
///   `types` sets a column's type instead: a value that does not parse is then an error.
/// - `null_values` are null in every column, quoted or not. `NaN` is among the defaults,
///   so it is null (as in pyarrow), not a float NaN; remove it from the list to keep NaNs.
/// - A header-only file gives a table with its columns and zero rows (and a warning).
/// - Files of 8 MB and more are parsed on all cores, in chunks split at line breaks outside
///   quotes; the result is the same as one pass, errors included.
///
/// Errors (status invalid_input, or invalid_config for the config, not_found for a
/// missing file) read `FILE:LINE: row R, column C 'NAME': what is wrong. What to do`,
/// where LINE is the physical line (1-based) and R the data row (1-based, the header
/// not counted).
///
/// Not supported yet: Arrow IPC / Feather input (the protocol gives plugins no Arrow
/// reader; `format: arrow` is a config error), compressed files, dates (read as text).
struct LoadStage: Loader {
    struct Config: Decodable {
        var path: String
        var format: String?
        var header: Bool?
        var delimiter: String?
        var quote: String?
        var columns: [String]?
        var drop: [String]?
        var types: [String: String]?
        var null_values: [String]?
        var target: String?
        var categorical_threshold: Int?
        var max_rows: Int?
    }

    static let defaultNullValues = ["", "NA", "N/A", "null", "NULL", "NaN"]

    static let id = "load"
    static let summary = "Loads a CSV, TSV or JSON Lines file as a table, inferring column types"
    static let configSchema = #"""
        {"type":"object","required":["path"],"additionalProperties":false,
         "properties":{
           "path":{"type":"string","minLength":1,"format":"path",
                   "description":"the file to load, relative to the project folder (its content counts in the fingerprint)"},
           "format":{"enum":["csv","jsonl","arrow"],
                     "description":"default: from the extension (.csv, .tsv, .jsonl/.ndjson, .arrow/.feather/.ipc), else csv; arrow files keep their own column types"},
           "header":{"type":"boolean","default":true,
                     "description":"CSV: the first record names the columns; without it they are column_1, column_2, ..."},
           "delimiter":{"type":"string","minLength":1,"maxLength":1,
                        "description":"CSV: one ASCII character; default \",\", or a tab for .tsv files"},
           "quote":{"type":"string","maxLength":1,"default":"\"",
                    "description":"CSV: the quote character (RFC 4180 quoting); \"\" reads quotes as text"},
           "columns":{"type":"array","items":{"type":"string"},
                      "description":"keep only these columns, in this order"},
           "drop":{"type":"array","items":{"type":"string"},"default":[],
                   "description":"leave these columns out"},
           "types":{"type":"object","default":{},
                    "additionalProperties":{"enum":["float64","int64","bool","string","categorical"]},
                    "description":"column name to type, instead of inferring it"},
           "null_values":{"type":"array","items":{"type":"string"},"default":["","NA","N/A","null","NULL","NaN"],
                          "description":"CSV: texts read as null, in every column"},
           "target":{"type":"string",
                     "description":"the column to predict; recorded in the table's metadata as sluice.target"},
           "categorical_threshold":{"type":"integer","minimum":0,"default":50,
                                    "description":"a text column with at most this many distinct values (and fewer than half the rows) becomes categorical; 0 never"},
           "max_rows":{"type":"integer","minimum":0,
                       "description":"read at most this many rows"}}}
        """#
    static let outputs = [Port("data", .table, description: "the file's rows as a table")]

    var options: LoadOptions
    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        // Checked here so that a bad config fails at create; the path is resolved again in run.
        options = try LoadOptions(config, currentDirectory: FileManager.default.currentDirectoryPath)
        self.config = config
        self.host = host
    }

    mutating func run(_ call: StageCall) throws {
        // A relative path is in the project folder the host names (ABI 1.1 project_dir),
        // not in the folder sluice happened to be started in.
        options = try LoadOptions(config, currentDirectory: call.projectDirectory)
        let started = DispatchTime.now().uptimeNanoseconds
        let cpuStarted = processCPUSeconds()
        let table: Table = switch options.format {
        case .csv: try CSVReader(options: options, host: host).read()
        case .jsonl: try JSONLinesReader(options: options, host: host).read()
        case .arrow: try readArrowFile()
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpu = processCPUSeconds() - cpuStarted
        if table.rowCount == 0 {
            host.warning("\(options.shownPath) has no data rows: the table is empty")
        }
        host.metric("rows", Double(table.rowCount))
        host.metric("columns", Double(table.columns.count))
        let size = (try? FileManager.default.attributesOfItem(atPath: options.path)[.size] as? Int) ?? 0
        let types = table.columns.map { "\($0.name): \($0.type.rawValue)" }
        host.info("read \(table.rowCount) rows x \(table.columns.count) columns from \(options.shownPath) "
            + "(\(String(format: "%.1f", Double(size) / 1e6)) MB) in \(String(format: "%.3f", seconds)) s "
            + "(\(String(format: "%.0f", Double(size) / 1e6 / max(seconds, 1e-9))) MB/s, \(String(format: "%.3f", cpu)) s of CPU)")
        host.debug("column types: " + types.joined(separator: ", "))
        try call.output("data", table: table)
    }
}

extension LoadStage {
    /// An Arrow IPC (Feather V2) file, read by the host (extension sluice.arrow-ipc/1):
    /// its column types are kept; `columns`, `drop` and `target` apply.
    func readArrowFile() throws -> Table {
        let table = try host.readArrowFile(options.path)
        var columns = table.columns
        if let keep = options.columns {
            columns = try keep.map { name in
                guard let column = table[name] else {
                    throw StageError.invalidConfig("\(options.shownPath): `columns` names '\(name)', which the file does not have. Its columns: \(table.columnNames.joined(separator: ", "))")
                }
                return column
            }
        }
        for name in options.drop where table[name] == nil {
            throw StageError.invalidConfig("\(options.shownPath): `drop` names '\(name)', which the file does not have. Its columns: \(table.columnNames.joined(separator: ", "))")
        }
        columns.removeAll { options.drop.contains($0.name) }
        var metadata = table.metadata
        if let target = options.target {
            guard columns.contains(where: { $0.name == target }) else {
                throw StageError.invalidInput("\(options.shownPath): the target column '\(target)' is not in the file. Its columns: \(table.columnNames.joined(separator: ", "))")
            }
            metadata[Table.targetKey] = target
        }
        return try Table(columns, metadata: metadata)
    }
}

/// CPU time used by the process so far (all threads), in seconds.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
