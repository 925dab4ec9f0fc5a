package org.novalab.disk.interop;

import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.ImageFormat;

/** The rows of the interop matrix: how the image under test is made, and what the guest must see in it. */
public enum Scenario {
    PLAIN_OVERLAY_ON_RAW_BASE("plain overlay on raw base", null, ImageFormat.RAW, Content.OVERLAY_WITH_EDITS),
    OVERLAY_ON_QCOW2_BASE("overlay on qcow2 base", null, ImageFormat.QCOW2, Content.OVERLAY_WITH_EDITS),
    LEGACY_AES_CREATE("legacy AES create", EncryptionFormat.AES, null, Content.CREATE_THEN_FILL),
    LEGACY_AES_CONVERT("legacy AES convert", EncryptionFormat.AES, null, Content.CONVERT),
    LUKS_CREATE("LUKS create", EncryptionFormat.LUKS, null, Content.CREATE_THEN_FILL),
    LUKS_CONVERT("LUKS convert", EncryptionFormat.LUKS, null, Content.CONVERT),
    LUKS_OVERLAY_ON_RAW_BASE("LUKS overlay on raw base", EncryptionFormat.LUKS, ImageFormat.RAW,
            Content.OVERLAY_WITH_EDITS);

    /** How the top image gets its guest bytes. */
    public enum Content {
        /** create an overlay on the base, then a guest writes {@link GuestEdits} into it */
        OVERLAY_WITH_EDITS,
        /** create an empty image of the source's size, then a guest writes every source byte into it */
        CREATE_THEN_FILL,
        /** convert the raw source into a new image */
        CONVERT
    }

    private final String title;
    private final EncryptionFormat encryption;
    private final ImageFormat base;
    private final Content content;

    Scenario(String title, EncryptionFormat encryption, ImageFormat base, Content content) {
        this.title = title;
        this.encryption = encryption;
        this.base = base;
        this.content = content;
    }

    /** null for a plain image */
    public EncryptionFormat encryption() {
        return encryption;
    }

    /** the backing file's format, or null when the image stands alone */
    public ImageFormat base() {
        return base;
    }

    public Content content() {
        return content;
    }

    /** Every guest byte the finished image must show. */
    public byte[] expectedGuestBytes() {
        return content == Content.OVERLAY_WITH_EDITS ? GuestEdits.applyTo(SampleDisk.bytes()) : SampleDisk.bytes();
    }

    @Override
    public String toString() {
        return title;
    }
}
