package org.novalab.disk.info;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which qemu 7.2 prints a QDict: its members live in 512 hash buckets (tdb hash of the key) and are
 * printed bucket by bucket, the most recently inserted first within a bucket. qemu-img info's JSON and its
 * "Format specific information" text both follow it, so reproducing it reproduces qemu-img's output.
 */
public final class QDictOrder {
    private static final int BUCKETS = 512;

    private QDictOrder() {
    }

    static int bucket(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int value = 0x238F13AF * k.length;
        for (int i = 0; i < k.length; i++) {
            value = value + ((k[i] & 0xff) << (i * 5 % 24));
        }
        int hash = 1103515243 * value + 12345;
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /** {@code members} in insertion (QAPI declaration) order, returned in the order qemu prints them. */
    public static <V> LinkedHashMap<String, V> order(Map<String, V> members) {
        List<String> keys = new ArrayList<>(members.keySet());
        List<String> insertion = List.copyOf(keys);
        keys.sort(Comparator.comparingInt(QDictOrder::bucket)
                .thenComparing(Comparator.comparingInt(insertion::indexOf).reversed()));
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        for (String k : keys) {
            out.put(k, members.get(k));
        }
        return out;
    }
}
