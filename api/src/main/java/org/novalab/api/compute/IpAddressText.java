package org.novalab.api.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ipv4} and {@code ipv6} formats of Nova's JSON schemas (Python's {@code ipaddress}, strictly): dotted
 * quads without leading zeros; eight hextets of one to four hex digits, one {@code ::} standing for at least one of
 * them, an IPv4 address as the last two; no zone index. Parsed by hand: {@code InetAddress} would resolve a name.
 * Nova keeps an access address as its {@code IPAddress} object prints it ({@link #canonical}): a server shows
 * {@code 0000:0000:0000:0000:0000:babe:220.12.22.2} as {@code ::babe:dc0c:1602}.
 */
public final class IpAddressText {
    private static final int HEXTETS = 8;

    private IpAddressText() {
    }

    /**
     * An {@code accessIPv4}/{@code accessIPv6} of a request body: checked against the schema's format (Nova's
     * words otherwise), and answered as Nova keeps it ({@link #canonical}).
     */
    public static String accessIp(Object value, String field, boolean v4) {
        String text = NovaSchema.string(value, field, 0, Integer.MAX_VALUE);
        if (!(v4 ? isIpv4(text) : isIpv6(text))) {
            throw NovaSchema.invalid(field, value, NovaSchema.repr(value) + " is not a '" + (v4 ? "ipv4" : "ipv6") + "'");
        }
        return v4 ? text : canonicalIpv6(text);
    }

    /**
     * How netaddr prints an IPv6 address (Nova stores access addresses through it, and Tempest compares with it):
     * lower-case hextets without leading zeros, the longest run of two or more zero hextets (the first of equal
     * ones) as {@code ::}; an IPv4-compatible ({@code ::a.b.c.d} above {@code ::ffff}) or IPv4-mapped
     * ({@code ::ffff:a.b.c.d}) address keeps its dotted tail.
     */
    public static String canonicalIpv6(String text) {
        int[] h = hextets(text);
        boolean zero96 = h[0] == 0 && h[1] == 0 && h[2] == 0 && h[3] == 0 && h[4] == 0;
        if (zero96 && h[5] == 0 && (h[6] != 0)) {
            return "::" + dotted(h[6], h[7]);
        }
        if (zero96 && h[5] == 0xffff) {
            return "::ffff:" + dotted(h[6], h[7]);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < HEXTETS; ) {
            int j = i;
            while (j < HEXTETS && h[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < HEXTETS; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(h[i]));
        }
        return out.toString();
    }

    private static String dotted(int high, int low) {
        return (high >> 8) + "." + (high & 0xff) + "." + (low >> 8) + "." + (low & 0xff);
    }

    /** The eight hextets of an address {@link #isIpv6} accepts. */
    private static int[] hextets(String text) {
        if (!isIpv6(text)) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        List<Integer> values = new ArrayList<>();
        List<String> parts = new ArrayList<>(Arrays.asList(text.split(":", -1)));
        String tail = parts.get(parts.size() - 1);
        List<Integer> tailValues = new ArrayList<>();
        if (tail.contains(".")) {
            String[] o = tail.split("\\.");
            tailValues.add(Integer.parseInt(o[0]) << 8 | Integer.parseInt(o[1]));
            tailValues.add(Integer.parseInt(o[2]) << 8 | Integer.parseInt(o[3]));
            parts.remove(parts.size() - 1);
        }
        int gap = -1;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isEmpty()) {
                if (gap < 0) {
                    gap = values.size();
                }
                continue;
            }
            values.add(Integer.parseInt(part, 16));
        }
        values.addAll(tailValues);
        int[] h = new int[HEXTETS];
        int missing = HEXTETS - values.size();
        for (int i = 0, k = 0; i < HEXTETS; i++) {
            h[i] = gap >= 0 && i >= gap && i < gap + missing ? 0 : values.get(k++);
        }
        return h;
    }

    public static boolean isIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || octet.length() > 1 && octet.charAt(0) == '0' || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    public static boolean isIpv6(String text) {
        if (text.indexOf('%') >= 0) {
            return false;
        }
        List<String> parts = new ArrayList<>(Arrays.asList(text.split(":", -1)));
        if (parts.size() < 3) {
            return false;
        }
        String tail = parts.get(parts.size() - 1);
        if (tail.contains(".")) {
            if (!isIpv4(tail)) {
                return false;
            }
            parts.set(parts.size() - 1, "0");
            parts.add("0");
        }
        if (parts.size() > HEXTETS + 1) {
            return false;
        }
        int last = parts.size() - 1;
        int skip = -1;
        for (int i = 1; i < last; i++) {
            if (parts.get(i).isEmpty()) {
                if (skip >= 0) {
                    return false;
                }
                skip = i;
            }
        }
        if (skip < 0) {
            return parts.size() == HEXTETS && parts.stream().allMatch(IpAddressText::isHextet);
        }
        boolean leading = parts.get(0).isEmpty();
        boolean trailing = parts.get(last).isEmpty();
        // an empty first or last part is only the other half of a "::" at that end
        if (leading && skip != 1 || trailing && skip != last - 1) {
            return false;
        }
        int written = parts.size() - 1 - (leading ? 1 : 0) - (trailing ? 1 : 0);
        if (HEXTETS - written < 1) {
            return false;
        }
        for (int i = 0; i <= last; i++) {
            boolean elided = i == skip || i == 0 && leading || i == last && trailing;
            if (!elided && !isHextet(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHextet(String part) {
        return !part.isEmpty() && part.length() <= 4 && part.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
    }
}
