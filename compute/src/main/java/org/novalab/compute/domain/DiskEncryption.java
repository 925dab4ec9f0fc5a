package org.novalab.compute.domain;

import java.util.UUID;

/** {@code <encryption format='luks|qcow'><secret type='passphrase' uuid='…'/></encryption>}. */
public record DiskEncryption(String format, UUID secretUuid) {
    public DiskEncryption {
        if (!"luks".equals(format) && !"qcow".equals(format)) {
            throw new InvalidXml("unsupported configuration: unknown volume encryption format type " + format);
        }
    }
}
