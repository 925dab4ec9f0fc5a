package org.novalab.image.inspect;

import java.util.Locale;

/** The formats the inspector recognises, named as Glance's disk_format names them. */
public enum DetectedFormat {
    RAW, QCOW2, VMDK, VHD, VHDX, VDI, QED, ISO, LUKS;

    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
