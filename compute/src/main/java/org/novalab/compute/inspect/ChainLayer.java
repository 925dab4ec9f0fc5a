package org.novalab.compute.inspect;

import java.nio.file.Path;
import org.novalab.disk.ImageInfo;

/** One file of a disk's backing chain and what {@code qemu-img info} says of it. */
public record ChainLayer(Path file, ImageInfo info) {
}
