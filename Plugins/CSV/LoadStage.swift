import Foundation
import SluiceKit

/// Stage `load`: reads a CSV, TSV or JSON Lines file into a table on the `data` port.
///
/// Types are inferred per column (int64, else float64, else bool, else string; text
/// with few distinct values becomes categorical) unless `types` sets them. Every
/// problem in the file is reported with the file, line, row and column, and what to do.
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
           "path":{"type":"string","minLength":1,
                   "description":"the file to load, relative to the project folder"},
           "format":{"enum":["csv","jsonl","arrow"],
                     "description":"default: from the extension (.csv, .tsv, .jsonl/.ndjson, .arrow/.feather/.ipc), else csv; arrow is not supported yet"},
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

    let options: LoadOptions
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        options = try LoadOptions(config, currentDirectory: FileManager.default.currentDirectoryPath)
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let table: Table = switch options.format {
        case .csv: try CSVReader(options: options, host: host).read()
        case .jsonl: try JSONLinesReader(options: options, host: host).read()
        case .arrow: throw StageError.invalidConfig("Arrow files are not supported by sluice.csv yet")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        if table.rowCount == 0 {
            host.warning("\(options.shownPath) has no data rows: the table is empty")
        }
        host.metric("rows", Double(table.rowCount))
        host.metric("columns", Double(table.columns.count))
        let size = (try? FileManager.default.attributesOfItem(atPath: options.path)[.size] as? Int) ?? 0
        let types = table.columns.map { "\($0.name): \($0.type.rawValue)" }
        host.info("read \(table.rowCount) rows x \(table.columns.count) columns from \(options.shownPath) "
            + "(\(String(format: "%.1f", Double(size) / 1e6)) MB) in \(String(format: "%.3f", seconds)) s "
            + "(\(String(format: "%.0f", Double(size) / 1e6 / max(seconds, 1e-9))) MB/s)")
        host.debug("column types: " + types.joined(separator: ", "))
        try call.output("data", table: table)
    }
}
