package org.novalab.api.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ipv4} and {@code ipv6} formats of Nova's JSON schemas (Python's {@code ipaddress}, strictly): dotted
 * quads without leading zeros; eight hextets of one to four hex digits, one {@code ::} standing for at least one of
 * them, an IPv4 address as the last two; no zone index. Parsed by hand: {@code InetAddress} would resolve a name.
 */
public final class IpAddressText {
    private static final int HEXTETS = 8;

    private IpAddressText() {
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
