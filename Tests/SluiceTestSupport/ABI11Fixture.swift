import Foundation

/// Compiles Fixtures/abi11_plugin.c (a C plugin using what protocol 1.1 added) against
/// the current header, with `defines`, into `folder/name`. Give each variant its own
/// file: the host starts (inits) a plugin once per loaded image.
package func compileABI11Fixture(_ name: String, in folder: TemporaryFolder, defines: [String] = []) throws -> String {
    let output = folder.file(name)
    let result = try runProcess("/usr/bin/env", [
        "cc", "-std=c99", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-I", TestEnvironment.header,
    ] + defines.map { "-D" + $0 } + [TestEnvironment.fixtures + "/abi11_plugin.c", "-o", output])
    guard result.status == 0 else { throw TestSetupError("compiling the ABI 1.1 fixture failed:\n\(result.stderr)") }
    return output
}
