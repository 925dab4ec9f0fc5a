package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.novalab.disk.DiskException;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/** Damaged LUKS headers: parsing either succeeds with a consistent header or says what is wrong, nothing else. */
class LuksHeaderFuzzTest {
    private static byte[] valid;

    @BeforeContainer
    static void formatOnce() {
        try (LuksVolume volume = Luks1.format(Passphrase.of("fuzz"), LuksParams.withIterations(1000))) {
            valid = Arrays.copyOf(volume.headerBytes(), LuksHeader.LENGTH);
        }
    }

    @Property(tries = 2000)
    void aDamagedHeaderParsesOrFailsWithADiskError(@ForAll("damage") int[] positionsAndValues) {
        byte[] bytes = valid.clone();
        for (int i = 0; i + 1 < positionsAndValues.length; i += 2) {
            bytes[positionsAndValues[i] % LuksHeader.LENGTH] = (byte) positionsAndValues[i + 1];
        }
        Throwable failure = catchThrowable(() -> {
            LuksHeader header = LuksHeader.parse(bytes);
            assertThat(header.payloadOffsetSectors()).isLessThanOrEqualTo(LuksHeader.MAX_PAYLOAD_OFFSET_SECTORS);
            for (LuksKeySlot slot : header.keySlots()) {
                assertThat(slot.keyMaterialOffset() + slot.keyMaterialBytes(header.keyBytes()))
                        .isLessThanOrEqualTo(header.payloadOffset());
            }
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(DiskException.class);
        }
    }

    @Property(tries = 300)
    void truncatedHeadersAreCorrupt(@ForAll("lengths") int length) {
        assertThat(catchThrowable(() -> LuksHeader.parse(Arrays.copyOf(valid, length))))
                .isInstanceOf(org.novalab.disk.CorruptImage.class);
    }

    @Provide
    Arbitrary<int[]> damage() {
        return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofMinSize(2).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, LuksHeader.LENGTH - 1);
    }
}
