package org.novalab.disk.interop;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.novalab.disk.BlockDevice;

/**
 * What a guest writes into an overlay in the interop matrix: an unaligned write across cluster boundaries, a
 * write into a range the base holds as zeros, and zeros over base data (which must then read as zeros, not
 * fall through to the base). The same edits are applied by novalab ({@link BlockDevice#write}) and by
 * {@code qemu-io}.
 */
public final class GuestEdits {
    /** One guest write: {@code pattern} repeated, or zeros when {@code pattern} is null. */
    public record Edit(long offset, int length, Integer pattern) {
        byte[] bytes() {
            byte[] data = new byte[length];
            if (pattern != null) {
                Arrays.fill(data, (byte) (int) pattern);
            }
            return data;
        }

        String qemuIo() {
            return pattern == null ? "write -z " + offset + " " + length
                    : String.format(Locale.ROOT, "write -P 0x%02x %d %d", pattern, offset, length);
        }
    }

    public static final List<Edit> EDITS = List.of(
            new Edit((1 << 20) - 1000, 70_000, 0x5a),
            new Edit((5L << 20) / 2, 131_072, 0xc3),
            new Edit(5L << 20, 65_536, null));

    private GuestEdits() {
    }

    /** The guest's view after the edits: {@code base} with each edit applied in order. */
    public static byte[] applyTo(byte[] base) {
        byte[] out = base.clone();
        for (Edit e : EDITS) {
            System.arraycopy(e.bytes(), 0, out, (int) e.offset(), e.length());
        }
        return out;
    }

    public static void writeTo(BlockDevice device) {
        for (Edit e : EDITS) {
            device.write(e.offset(), ByteBuffer.wrap(e.bytes()));
        }
        device.flush();
    }

    /** {@code -c} arguments for qemu-io. */
    public static List<String> qemuIoCommands() {
        List<String> args = new ArrayList<>();
        for (Edit e : EDITS) {
            args.add("-c");
            args.add(e.qemuIo());
        }
        return args;
    }
}
