import SluiceSupport
/// The values a template renders with, as Mustache sees them.
package struct TemplateContext: Sendable {
    /// Every variable's value, built-ins included.
    package let values: [String: TemplateValue]
    /// The choices of each choice variable, for the `NAME_VALUE` flags.
    package let choices: [String: [String]]

    package init(values: [String: TemplateValue], choices: [String: [String]]) {
        self.values = values
        self.choices = choices
    }

    /// Text as `{{name}}`, booleans for `{{#flag}}` sections, and for each choice variable
    /// one boolean per choice (`kind_trainer`), because Mustache has no comparison.
    package var mustacheObject: [String: Any] {
        var object: [String: Any] = [:]
        for (name, value) in values {
            switch value {
            case .string(let text): object[name] = text
            case .bool(let flag): object[name] = flag
            }
        }
        for (name, choices) in choices {
            for choice in choices { object[name + "_" + choice] = values[name]?.description == choice }
        }
        return object
    }
}
