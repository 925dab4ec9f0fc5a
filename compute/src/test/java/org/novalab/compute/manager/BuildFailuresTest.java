package org.novalab.compute.manager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novalab.compute.ComputeException;
import org.novalab.compute.FlavorDiskSmallerThanImage;
import org.novalab.compute.HypervisorError;
import org.novalab.disk.CorruptImage;
import org.novalab.imagecache.ImageFetchFailed;

class BuildFailuresTest {
    @Test
    void what_the_host_itself_got_wrong_is_worth_a_retry_elsewhere() {
        assertThat(BuildFailures.worthRetrying(new HypervisorError("internal error: cannot define domain"))).isTrue();
        assertThat(BuildFailures.worthRetrying(new ImageFetchFailed("the image store did not answer"))).isTrue();
        assertThat(BuildFailures.worthRetrying(new IllegalStateException("no space left on device"))).isTrue();
    }

    @Test
    void a_bad_image_or_a_disk_the_flavor_cannot_hold_fails_the_same_everywhere_even_wrapped() {
        assertThat(BuildFailures.worthRetrying(new ComputeException("could not build the disk",
                new CorruptImage("the qcow2 header of _base/abc is corrupt")))).isFalse();
        assertThat(BuildFailures.worthRetrying(new FlavorDiskSmallerThanImage(1L << 30, 2L << 30))).isFalse();
    }
}
