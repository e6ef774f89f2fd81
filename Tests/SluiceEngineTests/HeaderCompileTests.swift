import Foundation
import SluiceTestSupport
import Testing

/// The header's promise to plugin authors: it compiles as C99 and as C++ with warnings
/// on (and turned into errors), and SLUICE_HAS_FIELD tells an older struct from a newer one.
@Suite struct HeaderCompileTests {
    static let checks = TestEnvironment.packageRoot + "/Sources/CSluiceABI/abi_checks.c"

    func compile(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let result = try runProcess("/usr/bin/env", arguments)
        return (result.status, result.stderr)
    }

    @Test(arguments: [["cc", "-std=c99"], ["c++", "-x", "c++", "-std=c++11"]])
    func theHeaderAndItsLayoutChecksCompileWithoutWarnings(compiler: [String]) throws {
        let result = try compile(compiler + ["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only", "-I", TestEnvironment.header, Self.checks])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func hasFieldIsFalseForAStructThatEndsBeforeTheField() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A call table as a 1.0 host fills it (it ends at output_bytes), and as a 1.1 host does.
        try folder.write("has_field.c", """
            #include "sluice_abi.h"
            int main(void) {
              sluice_call_v1 call = {0};
              call.struct_size = (uint32_t)offsetof(sluice_call_v1, project_dir);
              if (SLUICE_HAS_FIELD(&call, sluice_call_v1, project_dir)) return 1;
              if (!SLUICE_HAS_FIELD(&call, sluice_call_v1, output_bytes)) return 2;
              call.struct_size = sizeof(sluice_call_v1);
              if (!SLUICE_HAS_FIELD(&call, sluice_call_v1, project_dir)) return 3;
              if (SLUICE_HAS_FIELD((const sluice_call_v1 *)NULL, sluice_call_v1, run_id)) return 4;
            #if SLUICE_ABI_MAJOR != 1 || SLUICE_ABI_MINOR < 1
              return 5;
            #endif
              return 0;
            }
            """)
        let built = try compile(["cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", TestEnvironment.header, folder.file("has_field.c"), "-o", folder.file("has_field")])
        #expect(built.status == 0, "\(built.stderr)")
        let run = try runProcess(folder.file("has_field"), [])
        #expect(run.status == 0, "check #\(run.status) failed")
    }
}
