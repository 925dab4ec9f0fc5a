package org.novalab.disk.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.UnsupportedImage;

/**
 * The LUKS1 partition header (phdr, 592 bytes, big-endian) and its eight key slots, parsed and checked, or built
 * for a new volume. The accessors give what {@code qemu-img info} prints in its {@code encrypt:} block.
 *
 * @param payloadOffsetSectors where the encrypted payload starts, in 512-byte sectors: the size of header plus key
 *                             material, which is what a qcow2 file must reserve for it
 * @param keyBytes             master key length: 32 (aes-128-xts) or 64 (aes-256-xts)
 * @param uuid                 the volume UUID as text
 */
public record LuksHeader(String cipherName, String cipherMode, String hashSpec, long payloadOffsetSectors,
                         int keyBytes, byte[] masterKeyDigest, byte[] masterKeyDigestSalt,
                         long masterKeyDigestIterations, String uuid, List<LuksKeySlot> keySlots) {
    public static final int LENGTH = 592;
    public static final int SLOTS = 8;
    public static final int DIGEST_LENGTH = 20;
    public static final int SALT_LENGTH = 32;
    static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE};
    private static final int NAME_LENGTH = 32;
    private static final int UUID_LENGTH = 40;
    /** QEMU puts key material no earlier than 4096 bytes (8 sectors) into the header. */
    static final int FIRST_KEY_MATERIAL_SECTOR = 8;
    /** A larger header than this (in sectors, 64 MiB) is not something any tool writes; refuse before allocating. */
    static final long MAX_PAYLOAD_OFFSET_SECTORS = 64L * 1024 * 1024 / SectorCipher.SECTOR_SIZE;
    static final int MAX_STRIPES = 65536;
    /**
     * 2^28 PBKDF2 iterations is about a minute of work per block here, beyond what qemu-img or cryptsetup write
     * with any sane iter-time; a crafted header asking for 2^32 would otherwise keep open() busy for half an hour.
     */
    static final long MAX_ITERATIONS = 1L << 28;

    public LuksHeader {
        masterKeyDigest = masterKeyDigest.clone();
        masterKeyDigestSalt = masterKeyDigestSalt.clone();
        keySlots = List.copyOf(keySlots);
    }

    @Override
    public byte[] masterKeyDigest() {
        return masterKeyDigest.clone();
    }

    @Override
    public byte[] masterKeyDigestSalt() {
        return masterKeyDigestSalt.clone();
    }

    /** Value equality, digest and salt included (a record compares arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof LuksHeader h && Arrays.equals(toBytes(), h.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    /** Bytes a reader must hand to {@link Luks1#open}: header plus all key material. */
    public long payloadOffset() {
        return payloadOffsetSectors * SectorCipher.SECTOR_SIZE;
    }

    public LuksHash hash() {
        return LuksHash.fromSpec(hashSpec);
    }

    /** {@code aes-256} for a 64-byte xts key: XTS uses half the key for the data. */
    public String cipherAlg() {
        int bits = (isXts() ? keyBytes / 2 : keyBytes) * 8;
        return cipherName + "-" + bits;
    }

    /** {@code xts} from {@code xts-plain64}. */
    public String cipherModeName() {
        int dash = cipherMode.indexOf('-');
        return dash < 0 ? cipherMode : cipherMode.substring(0, dash);
    }

    /** {@code plain64} from {@code xts-plain64}. */
    public String ivgenAlg() {
        int dash = cipherMode.indexOf('-');
        String ivgen = dash < 0 ? "plain" : cipherMode.substring(dash + 1);
        int colon = ivgen.indexOf(':');
        return colon < 0 ? ivgen : ivgen.substring(0, colon);
    }

    private boolean isXts() {
        return cipherMode.startsWith("xts");
    }

    /** The 592-byte on-disk form. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(LENGTH);
        out.put(MAGIC).putShort((short) 1);
        putString(out, cipherName, NAME_LENGTH);
        putString(out, cipherMode, NAME_LENGTH);
        putString(out, hashSpec, NAME_LENGTH);
        out.putInt((int) payloadOffsetSectors).putInt(keyBytes);
        out.put(masterKeyDigest).put(masterKeyDigestSalt).putInt((int) masterKeyDigestIterations);
        putString(out, uuid, UUID_LENGTH);
        for (LuksKeySlot slot : keySlots) {
            out.putInt(slot.state()).putInt((int) slot.iterations()).put(slot.salt())
                    .putInt((int) slot.keyMaterialSector()).putInt(slot.stripes());
        }
        return out.array();
    }

    /** True when {@code bytes} starts with the LUKS magic. */
    static boolean hasMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Parses and checks the phdr at the start of {@code bytes}: only aes-xts-plain64 volumes are supported, and
     * every key slot must lie between the header and the payload without overlapping another.
     */
    public static LuksHeader parse(byte[] bytes) {
        if (bytes.length < LENGTH) {
            throw new CorruptImage("LUKS header truncated: " + bytes.length + " of " + LENGTH + " bytes");
        }
        if (!hasMagic(bytes)) {
            throw new CorruptImage("not a LUKS header: bad magic");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, LENGTH);
        in.position(MAGIC.length);
        int version = Short.toUnsignedInt(in.getShort());
        if (version != 1) {
            throw new UnsupportedImage("LUKS version " + version + " is not supported (only LUKS1)");
        }
        String cipherName = getString(in, NAME_LENGTH, "cipher name");
        String cipherMode = getString(in, NAME_LENGTH, "cipher mode");
        String hashSpec = getString(in, NAME_LENGTH, "hash spec");
        long payloadOffset = Integer.toUnsignedLong(in.getInt());
        long keyBytes = Integer.toUnsignedLong(in.getInt());
        byte[] digest = new byte[DIGEST_LENGTH];
        in.get(digest);
        byte[] digestSalt = new byte[SALT_LENGTH];
        in.get(digestSalt);
        long digestIterations = Integer.toUnsignedLong(in.getInt());
        String uuid = getString(in, UUID_LENGTH, "uuid");
        List<LuksKeySlot> slots = new ArrayList<>(SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            int state = in.getInt();
            long iterations = Integer.toUnsignedLong(in.getInt());
            byte[] salt = new byte[SALT_LENGTH];
            in.get(salt);
            long offset = Integer.toUnsignedLong(in.getInt());
            long stripes = Integer.toUnsignedLong(in.getInt());
            if (stripes < 1 || stripes > MAX_STRIPES) {
                throw new CorruptImage("LUKS key slot " + i + " has " + stripes + " stripes");
            }
            slots.add(new LuksKeySlot(state, iterations, salt, offset, (int) stripes));
        }
        if (!cipherName.equals("aes")) {
            throw new UnsupportedImage("LUKS cipher '" + cipherName + "' is not supported (only aes)");
        }
        if (!cipherMode.equals("xts-plain64")) {
            throw new UnsupportedImage("LUKS cipher mode '" + cipherMode + "' is not supported (only xts-plain64)");
        }
        LuksHash.fromSpec(hashSpec);
        if (keyBytes != 32 && keyBytes != 64) {
            throw new UnsupportedImage("LUKS aes-xts key of " + keyBytes + " bytes is not supported (32 or 64)");
        }
        if (digestIterations == 0 || digestIterations > MAX_ITERATIONS) {
            throw new CorruptImage("LUKS master key digest has " + digestIterations + " iterations");
        }
        if (payloadOffset > MAX_PAYLOAD_OFFSET_SECTORS) {
            throw new CorruptImage("LUKS payload offset of " + payloadOffset + " sectors is absurd");
        }
        LuksHeader header = new LuksHeader(cipherName, cipherMode, hashSpec, payloadOffset, (int) keyBytes, digest,
                digestSalt, digestIterations, uuid, slots);
        header.checkKeySlots();
        return header;
    }

    private void checkKeySlots() {
        for (int i = 0; i < SLOTS; i++) {
            LuksKeySlot slot = keySlots.get(i);
            if (slot.state() != LuksKeySlot.ENABLED && slot.state() != LuksKeySlot.DISABLED) {
                throw new CorruptImage("LUKS key slot " + i + " has an unknown state 0x" + Integer.toHexString(slot.state()));
            }
            if (slot.active() && (slot.iterations() == 0 || slot.iterations() > MAX_ITERATIONS)) {
                throw new CorruptImage("LUKS key slot " + i + " has " + slot.iterations() + " iterations");
            }
            long start = slot.keyMaterialSector();
            long end = start + slot.keyMaterialBytes(keyBytes) / SectorCipher.SECTOR_SIZE;
            if (start < FIRST_KEY_MATERIAL_SECTOR) {
                throw new CorruptImage("LUKS key slot " + i + " overlaps the LUKS header");
            }
            if (end > payloadOffsetSectors) {
                throw new CorruptImage("LUKS key slot " + i + " overlaps the encrypted payload");
            }
            for (int j = 0; j < i; j++) {
                LuksKeySlot other = keySlots.get(j);
                long otherEnd = other.keyMaterialSector() + other.keyMaterialBytes(keyBytes) / SectorCipher.SECTOR_SIZE;
                if (start < otherEnd && other.keyMaterialSector() < end) {
                    throw new CorruptImage("LUKS key slots " + j + " and " + i + " overlap");
                }
            }
        }
    }

    private static String getString(ByteBuffer in, int length, String what) {
        byte[] field = new byte[length];
        in.get(field);
        int end = 0;
        while (end < length && field[end] != 0) {
            end++;
        }
        if (end == length) {
            throw new CorruptImage("LUKS " + what + " is not NUL-terminated");
        }
        return new String(field, 0, end, StandardCharsets.US_ASCII);
    }

    private static void putString(ByteBuffer out, String value, int length) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        if (text.length >= length) {
            throw new IllegalArgumentException("'" + value + "' does not fit in " + length + " bytes");
        }
        out.put(text).put(new byte[length - text.length]);
    }
}
