package org.novalab.api.compute.keypair;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few ASN.1 DER encodings a self-signed certificate needs, and reading one element back (to take the PKCS#1
 * key out of the PKCS#8 wrapping the JDK gives). The JDK parses certificates but has no public way to build one.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Der() {
    }

    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... items) {
        return element(SEQUENCE, concat(items));
    }

    static byte[] set(byte[]... items) {
        return element(SET, concat(items));
    }

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    static byte[] octetString(byte[] content) {
        return element(OCTET_STRING, content);
    }

    static byte[] bitString(byte[] content) {
        byte[] withUnusedBits = new byte[content.length + 1];
        System.arraycopy(content, 0, withUnusedBits, 1, content.length);
        return element(0x03, withUnusedBits);
    }

    static byte[] utf8(String text) {
        return element(0x0c, text.getBytes(StandardCharsets.UTF_8));
    }

    /** X.509's Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5). */
    static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        return year < 2050 ? element(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII))
                : element(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }

    /** A context-specific constructed tag {@code [n]} around DER elements (explicit tagging). */
    static byte[] explicit(int n, byte[]... content) {
        return element(0xa0 | n, concat(content));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            byte[] base128 = new byte[10];
            int n = 0;
            do {
                base128[n++] = (byte) (arc & 0x7f);
                arc >>>= 7;
            } while (arc > 0);
            for (int j = n - 1; j >= 0; j--) {
                out.write(base128[j] | (j > 0 ? 0x80 : 0));
            }
        }
        return element(0x06, out.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads DER elements one after another. */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        /** The content of the next element, which must have {@code tag}. */
        byte[] next(int tag) {
            if (position + 2 > data.length || (data[position] & 0xff) != tag) {
                throw new IllegalArgumentException("DER: expected tag " + tag + " at " + position);
            }
            position++;
            int length = data[position++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 4 || position + bytes > data.length) {
                    throw new IllegalArgumentException("DER: bad length at " + position);
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[position++] & 0xff);
                }
            }
            if (length < 0 || position + length > data.length) {
                throw new IllegalArgumentException("DER: element runs past the end");
            }
            byte[] content = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return content;
        }

        void skip(int tag) {
            Arrays.fill(next(tag), (byte) 0);
        }
    }
}
