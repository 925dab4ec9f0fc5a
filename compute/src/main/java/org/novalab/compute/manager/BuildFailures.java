package org.novalab.compute.manager;

import java.util.List;
import org.novalab.compute.FlavorDiskSmallerThanImage;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.PreserveEphemeralNotSupported;
import org.novalab.compute.snapshot.ImageKeyMissing;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.UnsupportedImage;
import org.novalab.imagecache.UnsafeImage;

/**
 * Which build failures another host would meet too (Nova's BuildAbortException: a bad image, a disk that does not
 * fit the flavor, a request it refuses) and so are not retried there; any other (the hypervisor, the host's disk or
 * secrets, a fetch into this host's {@code _base}) is Nova's RescheduledException.
 */
final class BuildFailures {
    private static final List<Class<? extends Throwable>> SAME_ON_EVERY_HOST = List.of(InvalidRequest.class,
            FlavorDiskSmallerThanImage.class, PreserveEphemeralNotSupported.class, ImageKeyMissing.class,
            UnsafeImage.class, CorruptImage.class, UnsupportedImage.class, InvalidPassphrase.class,
            PassphraseRequired.class);

    private BuildFailures() {
    }

    /** Whether another host might build what failed with {@code e} (it, or a cause of it, is not the request's). */
    static boolean worthRetrying(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> c : SAME_ON_EVERY_HOST) {
                if (c.isInstance(t)) {
                    return false;
                }
            }
        }
        return true;
    }
}
