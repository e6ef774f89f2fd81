import SluiceStore
import SluiceSupport

/// A created stage, in this process (`LiveStage`) or in a plugin worker
/// (`WorkerStage`): the executor runs either the same way.
package protocol StageInstance: AnyObject {
    /// Runs the stage once with these inputs and returns what it wrote to its outputs.
    func run(inputs: [String: PortValue]) throws(SluiceError) -> [String: PortValue]
    /// The artifacts the stage stored so far, name → digest.
    var artifacts: [String: String] { get }
    /// The media type of each artifact the stage stored, by name.
    var artifactMediaTypes: [String: String] { get }
    /// Whether the stage read state outside its inputs and config (then it is not cached).
    var dependsOnOutsideState: Bool { get }
}

extension LiveStage: StageInstance {}
