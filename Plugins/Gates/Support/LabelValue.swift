/// A class label written in a config: YAML may give `1`, `yes` or `true`; the
/// model's classes are text, so the label is kept as the text they would use.
struct LabelValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let bool = try? value.decode(Bool.self) {
            text = bool ? "true" : "false"
        } else if let integer = try? value.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? value.decode(Double.self) {
            text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        } else {
            text = try value.decode(String.self)
        }
    }
}
