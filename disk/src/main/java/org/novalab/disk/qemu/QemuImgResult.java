package org.novalab.disk.qemu;

/** What one qemu-img process produced. {@code stderr} is already scrubbed of the invocation's secrets. */
record QemuImgResult(int exitCode, String stdout, String stderr) {
}
