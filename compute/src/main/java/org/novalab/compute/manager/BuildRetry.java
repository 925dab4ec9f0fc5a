package org.novalab.compute.manager;

/**
 * What became of a build that failed on its host and might go on elsewhere (Nova's reschedule: the conductor claims
 * the next of the alternates the scheduler chose with the host, up to {@code [scheduler] max_attempts}).
 */
public sealed interface BuildRetry {
    /** Claimed on {@code host}, the instance on it and scheduling again: the build goes there next. */
    record On(String host) implements BuildRetry {
    }

    /**
     * Not retried: the build had no alternates (the only host, a server group member, a request with none), or the
     * instance is no longer this host's build (deleted meanwhile). The failing host puts it in ERROR with its reason.
     */
    record NotRetried() implements BuildRetry {
    }

    /**
     * Every alternate was tried or has no room left: the instance is in ERROR already, with Nova's fault "Exceeded
     * maximum number of retries. Exhausted all hosts available for retrying build failures for instance ...".
     */
    record Exhausted() implements BuildRetry {
    }
}
