@_exported import SluiceJSON

/// The JSON value plugins build their reports with: SluiceJSON's one value type, re-exported
/// by SluiceKit. Members of `.object([(key, value)])` keep the order given; `text` and
/// `bytes` write it compactly, whole numbers as integers, NaN and infinities as null.
public typealias JSONText = JSONValue
