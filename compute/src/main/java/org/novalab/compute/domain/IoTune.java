package org.novalab.compute.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A disk's {@code <iotune>}: libvirt's per-disk I/O limits, each a whole number (operations or bytes per second).
 * Only the keys libvirt knows are taken, and never a total beside its read or write limit (libvirt refuses that
 * pair), so what reaches the XML is what libvirt will accept.
 */
public record IoTune(Map<String, Long> limits) {
    /** libvirt's element names, in the order its schema lists them. */
    public static final List<String> KEYS = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max", "size_iops_sec");
    /** No limits (after KEYS: the constructor reads them). */
    public static final IoTune NONE = new IoTune(Map.of());

    public IoTune {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String key : KEYS) {
            if (limits.containsKey(key)) {
                long value = limits.get(key);
                if (value < 0) {
                    throw new InvalidXml("iotune " + key + " must not be negative, not " + value);
                }
                ordered.put(key, value);
            }
        }
        for (String key : limits.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidXml("unsupported iotune setting '" + key + "'");
            }
        }
        for (String kind : List.of("bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max")) {
            if (ordered.containsKey("total_" + kind)
                    && (ordered.containsKey("read_" + kind) || ordered.containsKey("write_" + kind))) {
                throw new InvalidXml("total and read/write " + kind + " cannot be set at the same time");
            }
        }
        limits = java.util.Collections.unmodifiableMap(ordered);
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }
}
