package org.novalab.compute;

/** Nova's image backends: {@code images_type} qcow2 (overlay), flat (standalone copy), rbd (clone in the pool). */
public enum BackendKind {
    QCOW2, FLAT, RBD
}
