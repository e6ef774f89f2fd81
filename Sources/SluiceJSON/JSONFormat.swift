/// How a `JSONWriter` writes: each format is fixed byte for byte, because digests,
/// files and tests depend on it. NaN and infinities, which JSON cannot hold, are null
/// in every format.
public enum JSONFormat: Sendable {
    /// Keys sorted by their UTF-8 bytes, no white space, floating-point numbers in Swift's
    /// shortest round-trip form (`2.0`, `1e+300`), only `\n`, `\r`, `\t` among the control
    /// characters escaped by name: equal values always give equal text (and digests).
    case canonical
    /// Keys in the order given, no white space, whole floating-point numbers below 10^15
    /// written as integers (`2`): the reports and files plugins write.
    case compact
    /// What Foundation's JSONEncoder writes with `[.prettyPrinted, .sortedKeys,
    /// .withoutEscapingSlashes]`: two-space indents, `"key" : value`, keys sorted, `.0` cut
    /// from whole numbers; for `--json` output and files people read.
    case pretty
}
