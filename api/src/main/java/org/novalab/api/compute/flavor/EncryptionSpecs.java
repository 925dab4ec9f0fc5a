package org.novalab.api.compute.flavor;

import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;

/**
 * The two extra specs novalab's compute host reads to encrypt a root disk, checked at every microversion: a typo
 * would otherwise boot the disk unencrypted. novalab encrypts with LUKS and, for the lab, with legacy qcow AES
 * ({@code qcow}, which Nova does not offer); Nova's {@code plain} and {@code luksv2} it does not do.
 */
final class EncryptionSpecs {
    static final String FORMAT = "hw:ephemeral_encryption_format";

    private EncryptionSpecs() {
    }

    static void check(Map<String, String> specs) {
        String enabled = specs.get("hw:ephemeral_encryption");
        if (enabled != null && !Set.of("true", "false", "True", "False").contains(enabled)) {
            throw ApiException.badRequest("Validation failed; hw:ephemeral_encryption must be true or false");
        }
        String format = specs.get(FORMAT);
        if (format != null && !Set.of("luks", "qcow").contains(format)) {
            throw ApiException.badRequest("Validation failed; hw:ephemeral_encryption_format must be luks or qcow");
        }
    }
}
