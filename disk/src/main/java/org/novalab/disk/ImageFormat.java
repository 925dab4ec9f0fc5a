package org.novalab.disk;

import java.util.Locale;

/** The on-disk formats novalab reads and writes, named as qemu-img names them. */
public enum ImageFormat {
    RAW("raw"),
    QCOW2("qcow2"),
    /** A raw LUKS1 container, what {@code qemu-img create -f luks} writes. */
    LUKS("luks");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    public static ImageFormat fromQemuName(String name) {
        for (ImageFormat f : values()) {
            if (f.qemuName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new UnsupportedImage("unknown image format '" + name + "' (known: raw, qcow2, luks)");
    }
}
