/// The numbers the checks run with. Defaults are what `sluice plugins check` uses.
package struct CheckSettings: Sendable, Equatable {
    /// Create/destroy cycles measured after the warm-up.
    package var cycles = 200
    /// Cycles run first and not measured: the first instances fill caches (the Swift
    /// runtime's metadata, the allocator's arenas) that later ones reuse.
    package var warmUp = 20
    /// Growth of resident memory over the measured cycles that counts as a leak: 1 MiB
    /// over 200 cycles is about 5 KiB kept per instance. After the warm-up the allocator
    /// reuses what destroy freed, so a plugin that frees what it allocates stays flat.
    package var residentLeakBytes = 1 << 20
    /// How long after its run starts a stage is cancelled.
    package var cancelAfter: Duration = .milliseconds(20)
    /// How long a cancelled stage has to return (the host's grace period).
    package var grace: Duration = .seconds(2)
    /// Threads predicting at once, and predictions each, for model-threads.
    package var predictThreads = 4
    package var predictsPerThread = 20

    package init() {}
}
