package org.novalab.disk;

/**
 * Options of {@code qemu-img create} / the output side of {@code convert}.
 *
 * @param size          virtual size in bytes; for create with a backing file and size &lt;= 0, the backing size
 * @param backingFile   the backing file name exactly as it is stored in the header (relative names are resolved
 *                      against the image's directory, like QEMU), or null
 * @param backingFormat the backing file's format, or null to probe
 * @param clusterSize   a power of two from 512 to 2 MiB; 65536 by default
 * @param encryption    null for a plain image
 */
public record CreateOptions(ImageFormat format, long size, String backingFile, ImageFormat backingFormat,
                            int clusterSize, EncryptionSpec encryption) {
    public static final int DEFAULT_CLUSTER_SIZE = 65536;

    public static CreateOptions qcow2(long size) {
        return new CreateOptions(ImageFormat.QCOW2, size, null, null, DEFAULT_CLUSTER_SIZE, null);
    }

    public CreateOptions withBacking(String file, ImageFormat fmt) {
        return new CreateOptions(format, size, file, fmt, clusterSize, encryption);
    }

    public CreateOptions withEncryption(EncryptionSpec spec) {
        return new CreateOptions(format, size, backingFile, backingFormat, clusterSize, spec);
    }

    public CreateOptions withClusterSize(int bytes) {
        return new CreateOptions(format, size, backingFile, backingFormat, bytes, encryption);
    }

    public CreateOptions withSize(long bytes) {
        return new CreateOptions(format, bytes, backingFile, backingFormat, clusterSize, encryption);
    }
}
