package org.novalab.api.compute;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.host.HostFit;

/**
 * Nova's {@code ImagePropertiesFilter}: a host passes when it supports the instance the image asks for, by the
 * image's {@code hw_architecture}, {@code img_hv_type} and {@code hw_vm_mode} (each unset asks nothing). A host
 * supports its own CPU's architecture (and i686 guests on an x86_64 host, as qemu-system-x86_64 runs both), its
 * hypervisor's type as it reports it ({@code QEMU}: novalab's guests are QEMU's, emulated or TCG), and {@code hvm}.
 * The values are canonicalized as Nova's {@code obj_fields} do ({@code amd64} is {@code x86_64}, {@code i386} to
 * {@code i686} are {@code i686}, {@code arm64} is {@code aarch64}).
 */
final class ImagePropertiesFilter {
    private ImagePropertiesFilter() {
    }

    static boolean passes(Map<String, String> image, HostFit.Offer host) {
        Optional<String> arch = prop(image, "hw_architecture").map(ImagePropertiesFilter::canonicalArch);
        Optional<String> hypervisor = prop(image, "img_hv_type").map(v -> v.toLowerCase(Locale.ROOT));
        Optional<String> mode = prop(image, "hw_vm_mode").map(v -> v.toLowerCase(Locale.ROOT));
        return arch.map(a -> archesOf(host).contains(a)).orElse(true)
                && hypervisor.map(h -> h.equals(host.hypervisorType().toLowerCase(Locale.ROOT))).orElse(true)
                && mode.map("hvm"::equals).orElse(true);
    }

    private static Set<String> archesOf(HostFit.Offer host) {
        String own = canonicalArch(host.arch());
        return own.equals("x86_64") ? Set.of("x86_64", "i686") : Set.of(own);
    }

    static String canonicalArch(String value) {
        String a = value.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86-64", "x64" -> "x86_64";
            case "i386", "i486", "i586", "x86", "x86_32" -> "i686";
            case "arm64" -> "aarch64";
            default -> a;
        };
    }

    private static Optional<String> prop(Map<String, String> image, String name) {
        return Optional.ofNullable(image.get(name)).filter(v -> !v.isBlank());
    }
}
