import Foundation
import Mustache
import SluiceSupport

/// Renders Mustache text for templates: file contents and file names.
package enum TemplateRenderer {
    /// Mustache escapes for HTML by default; templates write code and YAML, where `&` and
    /// `<` must stay as they are. The pragma is put on the first line without a line break
    /// so that line numbers in errors stay those of the file.
    private static let plainText = "{{% CONTENT_TYPE: TEXT}}"

    /// `text` rendered with `context`; a syntax error is thrown with its line and column.
    package static func render(_ text: String, context: TemplateContext, file: String) throws(SluiceError) -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: plainText + text)
        } catch let error as MustacheTemplate.ParserError {
            // The pragma shifts columns on the first line only.
            let column = error.context.lineNumber == 1 ? error.context.columnNumber - plainText.count : error.context.columnNumber
            throw SluiceError(.templateBadMustache, at: "\(file):\(error.context.lineNumber):\(max(1, column))", "invalid Mustache: \(describe(error.error)). Fix the tag here")
        } catch {
            throw SluiceError(.templateBadMustache, at: file, "invalid Mustache: \(describe(error)). Fix the template")
        }
        return template.render(context.mustacheObject)
    }

    /// A person's words for swift-mustache's errors.
    package static func describe(_ error: Error) -> String {
        if let error = error as? MustacheTemplate.ParserError { return describe(error.error) + " (line \(error.context.lineNumber))" }
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened ({{#name}}) but never closed ({{/name}})"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "an inheritance section holds something it may not"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a pragma ({{% ...}}) is malformed or unknown"
        }
    }
}
