// Preloaded into servers profiled with --cpu-prof: a process killed by SIGTERM's default action
// writes no profile, so SIGTERM exits normally instead.
process.once('SIGTERM', () => process.exit(0))
