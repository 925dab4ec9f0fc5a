package org.novalab.disk.crypto;

/**
 * One of the eight LUKS1 key slots as stored in the header.
 *
 * @param state                  {@link #ENABLED} (0x00AC71F3) or {@link #DISABLED} (0x0000DEAD)
 * @param iterations             PBKDF2 iterations of the passphrase (0 in a disabled slot)
 * @param salt                   32 bytes (zero in a disabled slot)
 * @param keyMaterialSector      where the slot's split, encrypted master key starts, in 512-byte sectors
 * @param stripes                anti-forensic stripes (4000)
 */
public record LuksKeySlot(int state, long iterations, byte[] salt, long keyMaterialSector, int stripes) {
    public static final int ENABLED = 0x00AC71F3;
    public static final int DISABLED = 0x0000DEAD;

    public LuksKeySlot {
        salt = salt.clone();
    }

    public boolean active() {
        return state == ENABLED;
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** Bytes of key material: the master key times the stripes, rounded up to whole sectors. */
    public long keyMaterialBytes(int keyBytes) {
        long raw = (long) keyBytes * stripes;
        return (raw + SectorCipher.SECTOR_SIZE - 1) / SectorCipher.SECTOR_SIZE * SectorCipher.SECTOR_SIZE;
    }

    /** Byte offset of the key material from the start of the LUKS header (qemu-img info's "key offset"). */
    public long keyMaterialOffset() {
        return keyMaterialSector * SectorCipher.SECTOR_SIZE;
    }

    /** Value equality, salt included (a record compares arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof LuksKeySlot slot && state == slot.state && iterations == slot.iterations
                && keyMaterialSector == slot.keyMaterialSector && stripes == slot.stripes
                && java.util.Arrays.equals(salt, slot.salt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(state, iterations, keyMaterialSector, stripes, java.util.Arrays.hashCode(salt));
    }
}
