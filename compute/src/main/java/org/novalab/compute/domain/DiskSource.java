package org.novalab.compute.domain;

import java.nio.file.Path;

/** Where a disk's bytes live: a file (Qcow2/Flat backends) or an RBD image in a pool (Rbd backend). */
public sealed interface DiskSource {
    /** libvirt's disk type attribute: {@code file} or {@code network}. */
    String libvirtType();

    record File(Path path) implements DiskSource {
        @Override
        public String libvirtType() {
            return "file";
        }
    }

    record Rbd(String pool, String image) implements DiskSource {
        @Override
        public String libvirtType() {
            return "network";
        }

        /** libvirt's source name: {@code pool/image}. */
        public String name() {
            return pool + "/" + image;
        }
    }
}
