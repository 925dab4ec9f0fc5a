package org.novalab.dist.crash;

import java.util.EnumMap;
import java.util.Map;

/** How many kills landed in the middle of each operation, by the evidence the round left. */
final class KillCounts {
    enum Operation { UPLOAD, FETCH, SPAWN, DELETE, BURST }

    private final Map<Operation, Integer> counts = new EnumMap<>(Operation.class);

    void landed(Operation op) {
        counts.merge(op, 1, Integer::sum);
    }

    int of(Operation op) {
        return counts.getOrDefault(op, 0);
    }

    boolean allAtLeast(int n) {
        for (Operation op : Operation.values()) {
            if (of(op) < n) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Operation op : Operation.values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(op.name().toLowerCase()).append(' ').append(of(op));
        }
        return sb.toString();
    }
}
