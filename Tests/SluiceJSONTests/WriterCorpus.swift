@testable import SluiceJSON

/// The values the writers are checked on; what they must write is in WriterGolden.
enum WriterCorpus {
    static let controls = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) })
    static let doubles: [Double] = [2.0, -0.0, 0.0, 1e300, -1e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 0.30000000000000004,
                                   1e15, 999999999999999.0, 1e16, 123456789012345.0, 1.5, -2.25e3, 1e-7, 9007199254740993.0, 3.141592653589793, 100.0, 1e21, 1e22]
    static let strings = ["", "plain", "é😀 ünïcödé 中文", "\u{2028}\u{2029}\u{7F}\u{80}", controls, "quote \" backslash \\ slash / tab \t", "e\u{301}", "\u{FFFD}"]
    static let keys = ["b", "a", "A", "Z", "_", "é", "ﬀ", "𝒳", "a10", "a2", "", "key with \"quote\"", "\n"]

    /// Values every format writes alike in structure: the canonical and pretty corpus.
    static let sortedCorpus: [JSONValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-1), .integer(Int64.max), .integer(Int64.min),
        .array(doubles.map { .number($0) }), .array(strings.map { .string($0) }),
        .object(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, JSONValue.integer(Int64($0.offset))) })),
        .array([]), .object([:]), .array([.array([]), .object([:]), .array([.null])]),
        .object(["nested": .object(["deeper": .array([.object(["x": .number(1.5), "w": .string("é")]), .integer(3)]), "empty": .object([:])]), "list": .array([.integer(1), .number(2.5), .null])]),
    ]
    /// Reports with their members in the order written: the compact corpus.
    static let orderedCorpus: [JSONValue] = [
        .null, .bool(true), .integer(7), .number(.nan), .number(.infinity), .number(-.infinity),
        .array(doubles.map { .number($0) }), .array(strings.map { .string($0) }),
        .object(keys.enumerated().map { ($0.element, JSONValue.integer(Int64($0.offset))) }),
        .object([("z", .array([])), ("a", .object([])), ("m", .object([("y", .number(2.0)), ("x", .string("\u{1}"))]))]),
    ]
    static let nonFinite: JSONValue = .array([.number(.nan), .number(.infinity), .number(-.infinity), .number(1)])
}
