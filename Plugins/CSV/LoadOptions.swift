import SluiceKit

/// The file formats `sluice.csv/load` knows of.
enum FileFormat: String, Sendable {
    case csv, jsonl, arrow

    /// The format the file's extension implies, if any.
    static func implied(by path: String) -> (format: FileFormat, tab: Bool)? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "csv": return (.csv, false)
        case "tsv", "tab": return (.csv, true)
        case "jsonl", "ndjson": return (.jsonl, false)
        case "arrow", "feather", "ipc": return (.arrow, false)
        default: return nil
        }
    }
}

/// The stage's config, checked and resolved: what the readers need.
struct LoadOptions: Sendable {
    /// The path as written in the config (for messages) and as opened.
    let shownPath: String
    let path: String
    let format: FileFormat
    let header: Bool
    let dialect: CSVDialect
    let columns: [String]?
    let drop: [String]
    let types: [String: DeclaredType]
    let nullValues: [String]
    let target: String?
    let categoricalThreshold: Int
    let maxRows: Int?

    init(_ config: LoadStage.Config, currentDirectory: String) throws {
        guard !config.path.isEmpty else { throw StageError.invalidConfig("`path` is empty: give the file to load, relative to the project folder") }
        shownPath = config.path
        path = config.path.hasPrefix("/") ? config.path : currentDirectory + "/" + config.path
        let implied = FileFormat.implied(by: config.path)
        if let name = config.format {
            guard let format = FileFormat(rawValue: name) else {
                throw StageError.invalidConfig("`format` is '\(name)'; use csv, jsonl or arrow")
            }
            self.format = format
        } else {
            format = implied?.format ?? .csv
        }
        header = config.header ?? true

        let delimiterText = config.delimiter ?? ((implied?.tab ?? false) ? "\t" : ",")
        guard delimiterText.utf8.count == 1, let delimiter = delimiterText.utf8.first, delimiter < 0x80 else {
            throw StageError.invalidConfig(
                "`delimiter` is \(quoted(delimiterText)); it must be one ASCII character such as \",\", \";\", \"|\" or a tab (\"\\t\", in double quotes in YAML)")
        }
        let quoteText = config.quote ?? "\""
        var quote: UInt8?
        if !quoteText.isEmpty {
            guard quoteText.utf8.count == 1, let byte = quoteText.utf8.first, byte < 0x80 else {
                throw StageError.invalidConfig("`quote` is \(quoted(quoteText)); it must be one ASCII character (default '\"'), or \"\" to read quotes as text")
            }
            quote = byte
        }
        for (name, byte) in [("delimiter", delimiter), ("quote", quote)] {
            guard let byte else { continue }
            if byte == 0x0A || byte == 0x0D {
                throw StageError.invalidConfig("`\(name)` cannot be a line break: records end at line breaks")
            }
        }
        if quote == delimiter {
            throw StageError.invalidConfig("`delimiter` and `quote` are both \(quoted(delimiterText)); they must differ")
        }
        dialect = CSVDialect(delimiter: delimiter, quote: quote)

        columns = config.columns
        drop = config.drop ?? []
        for (list, values) in [("columns", config.columns ?? []), ("drop", drop)] {
            var seen = Set<String>()
            for name in values where !seen.insert(name).inserted {
                throw StageError.invalidConfig("`\(list)` names '\(name)' twice; list each column once")
            }
        }
        if let kept = config.columns, let both = drop.first(where: kept.contains) {
            throw StageError.invalidConfig("'\(both)' is in both `columns` and `drop`; keep it in one of them")
        }
        var types: [String: DeclaredType] = [:]
        for (name, text) in config.types ?? [:] {
            guard let type = DeclaredType(rawValue: text) else {
                throw StageError.invalidConfig(
                    "`types.\(name)` is '\(text)'; use one of " + DeclaredType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            types[name] = type
        }
        self.types = types
        nullValues = config.null_values ?? LoadStage.defaultNullValues
        target = config.target
        if let target, drop.contains(target) {
            throw StageError.invalidConfig("the target '\(target)' is in `drop`; a dropped column cannot be the target")
        }
        if let target, let kept = config.columns, !kept.contains(target) {
            throw StageError.invalidConfig("the target '\(target)' is not in `columns`; add it there (or leave `columns` out)")
        }
        categoricalThreshold = config.categorical_threshold ?? 50
        guard categoricalThreshold >= 0 else {
            throw StageError.invalidConfig("`categorical_threshold` is \(categoricalThreshold); use 0 (never categorical) or more")
        }
        maxRows = config.max_rows
        if let maxRows, maxRows < 0 {
            throw StageError.invalidConfig("`max_rows` is \(maxRows); use 0 or more, or leave it out to read every row")
        }
    }
}

/// A config value in quotes, with control characters visible.
func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\t": out += "\\t"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
