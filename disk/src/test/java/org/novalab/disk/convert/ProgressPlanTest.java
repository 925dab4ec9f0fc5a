package org.novalab.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.novalab.disk.map.MapExtent;

/** What convert -p counts: the source's data only, in 2 MiB pieces from each data range's start. */
class ProgressPlanTest {
    private static final long MIB = 1 << 20;

    private static MapExtent data(long start, long length) {
        return new MapExtent(start, length, 0, true, false, true, start, "f", false);
    }

    private static MapExtent hole(long start, long length) {
        return new MapExtent(start, length, 0, true, true, false, start, "f", false);
    }

    @Test
    void dataRangesAreCountedInTwoMibPiecesAndHolesForNothing() {
        List<Float> deltas = new ArrayList<>();
        ProgressPlan plan = ProgressPlan.of(List.of(data(0, 5 * MIB), hole(5 * MIB, 10 * MIB),
                data(15 * MIB, 3 * MIB)), deltas::add);
        plan.copiedUpTo(4 * MIB);
        assertThat(deltas).containsExactly(25f, 25f);
        plan.copiedUpTo(14 * MIB);
        assertThat(deltas).containsExactly(25f, 25f, 12.5f);
        plan.copiedUpTo(18 * MIB);
        assertThat(deltas).containsExactly(25f, 25f, 12.5f, 25f, 12.5f);
        plan.copiedUpTo(18 * MIB);
        assertThat(deltas).hasSize(5);
    }

    @Test
    void aSourceWithoutDataReportsNothingOnTheWay() {
        List<Float> deltas = new ArrayList<>();
        ProgressPlan plan = ProgressPlan.of(List.of(hole(0, 8 * MIB)), deltas::add);
        plan.copiedUpTo(8 * MIB);
        assertThat(deltas).isEmpty();
    }
}
