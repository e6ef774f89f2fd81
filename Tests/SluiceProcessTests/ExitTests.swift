import Glibc
import SluiceProcess
import Testing

@Suite("How a child ends, and what it inherits")
struct ExitTests {
    @Test func reportsTheExitStatus() throws {
        let result = try Subprocess("/bin/sh", arguments: ["-c", "exit 3"]).run()
        #expect(result.termination == .exited(3))
        #expect(result.status == .exited(3))
        #expect(!result.succeeded)
        #expect(result.termination.description == "exited with status 3")
    }

    @Test func reportsDeathBySignal() throws {
        let result = try Subprocess("/bin/sh", arguments: ["-c", "kill -USR1 $$; sleep 5"]).run()
        #expect(result.termination == .signalled(SIGUSR1))
        #expect(result.status == .signalled(SIGUSR1))
    }

    @Test func theChildGetsDefaultSignalsAndAnEmptyMaskWhateverThisProcessHas() throws {
        // This process ignores SIGQUIT and this thread blocks SIGUSR2; both would survive
        // exec. A shell cannot undo an ignored signal, and a blocked one never arrives.
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer { signal(SIGQUIT, previousQuit) }
        var usr2 = sigset_t()
        sigemptyset(&usr2)
        sigaddset(&usr2, SIGUSR2)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &usr2, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }

        let quit = try Subprocess("/bin/sh", arguments: ["-c", "kill -QUIT $$; exit 0"]).run()
        #expect(quit.termination == .signalled(SIGQUIT))
        let blocked = try Subprocess("/bin/sh", arguments: ["-c", "kill -USR2 $$; exit 0"]).run()
        #expect(blocked.termination == .signalled(SIGUSR2))
    }

    @Test func theChildLeadsAProcessGroupOfItsOwn() throws {
        let result = try Subprocess("/bin/cat", arguments: ["/proc/self/stat"]).run()
        let pid = try #require(result.outputText.split(separator: " ").first.flatMap { pid_t($0) })
        let fields = try #require(ProcessProbe.fields(ofStat: result.outputText))
        // state, ppid, pgrp
        #expect(fields[1] == Substring(String(getpid())))
        #expect(fields[2] == Substring(String(pid)))
        #expect(pid_t(fields[2]) != getpgrp())
    }

    @Test func theChildHasOnlyItsThreeStandardDescriptors() throws {
        // One this process opened without close-on-exec, as a careless library would.
        let leaked = open("/dev/null", O_RDONLY)
        try #require(leaked >= 0)
        defer { close(leaked) }
        // ls itself opens the directory it lists, as 3.
        let result = try Subprocess("/bin/ls", arguments: ["/proc/self/fd"]).run()
        #expect(result.outputText == "0\n1\n2\n3\n")
    }
}
