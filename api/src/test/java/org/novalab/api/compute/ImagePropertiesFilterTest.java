package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.novalab.api.compute.host.HostFit;

/** Nova's ImagePropertiesFilter: the image's architecture, hypervisor type and vm mode against what a host runs. */
class ImagePropertiesFilterTest {
    static final HostFit.Offer X86 = new HostFit.Offer(HostFit.Need.of(8, 8192, 80, 0, 0,
            org.novalab.compute.BackendKind.QCOW2), Set.of(), "x86_64", "QEMU");
    static final HostFit.Offer ARM = new HostFit.Offer(X86.free(), Set.of(), "aarch64", "QEMU");

    @Test
    void an_image_that_asks_nothing_passes_every_host() {
        assertThat(ImagePropertiesFilter.passes(Map.of(), X86)).isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_qemu_guest_agent", "yes"), ARM)).isTrue();
    }

    @Test
    void the_architecture_must_be_one_the_host_runs_by_novas_canonical_names() {
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "x86_64"), X86)).isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "amd64"), X86)).as("amd64 is x86_64")
                .isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "i386"), X86)).as("i686 on x86_64")
                .isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "aarch64"), X86)).isFalse();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "arm64"), ARM)).as("arm64 is aarch64")
                .isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_architecture", "i686"), ARM)).isFalse();
    }

    @Test
    void the_hypervisor_type_and_vm_mode_must_be_the_hosts() {
        assertThat(ImagePropertiesFilter.passes(Map.of("img_hv_type", "qemu"), X86)).isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("img_hv_type", "xen"), X86)).isFalse();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_vm_mode", "hvm"), X86)).isTrue();
        assertThat(ImagePropertiesFilter.passes(Map.of("hw_vm_mode", "xen"), X86)).isFalse();
    }
}
