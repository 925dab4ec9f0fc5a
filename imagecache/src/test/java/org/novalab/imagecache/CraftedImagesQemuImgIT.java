package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.inspect.CraftedImages;
import org.novalab.image.inspect.CraftedImages.Hostile;
import org.novalab.image.inspect.Qcow2Allocation;
import org.novalab.testing.RealTools;

/**
 * The crafted qcow2 corpus against the real qemu-img: where {@code qemu-img check} calls an image corrupt (or will
 * not open it), the gate refuses it too; the two that QEMU's check passes are shown for what they are (a bomb that
 * {@code qemu-img measure} says expands to 4 GiB, a zero flag QEMU refuses only when it reads it). And images the
 * real qemu-img writes (compressed, with internal snapshots) pass the gate and the conversion limit.
 */
@Tag("integration")
class CraftedImagesQemuImgIT {
    @TempDir
    Path dir;
    final SafetyGate gate = new SafetyGate(CacheConfig.ONE_TIB);

    record Run(int exit, String output) {
    }

    private Run qemuImg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(RealTools.require("qemu-img", "qemu-utils").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static Stream<Hostile> corrupt() {
        return CraftedImages.hostileQcow2().stream().filter(h -> h.qemuImgCheck() != null);
    }

    private Path write(Hostile crafted) throws IOException {
        return Files.write(dir.resolve("crafted.qcow2"), crafted.image());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrupt")
    void qemu_img_check_calls_it_corrupt_and_the_gate_refuses_it(Hostile crafted) throws Exception {
        Path image = write(crafted);

        Run check = qemuImg("check", "-f", "qcow2", image.getFileName().toString());

        // 2: corruptions found; 1: the check could not run (QEMU would not even open the image)
        assertThat(check.exit()).as(check.output()).isIn(1, 2);
        assertThat(check.output()).containsIgnoringCase(crafted.qemuImgCheck());
        assertThatThrownBy(() -> gate.check("img", "qcow2", image)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining(crafted.refusal());
    }

    @Test
    void the_disk_fill_bomb_is_a_valid_qcow2_that_qemu_img_would_expand_to_4_gib() throws Exception {
        Path bomb = Files.write(dir.resolve("bomb.qcow2"), CraftedImages.qcow2DiskFillBomb());

        Run check = qemuImg("check", "-f", "qcow2", "bomb.qcow2");
        Run measure = qemuImg("measure", "-f", "qcow2", "-O", "raw", "bomb.qcow2");

        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(measure.output()).contains("required size: 4294967296");
        assertThat(Files.size(bomb)).isEqualTo(384 * 1024);
        assertThat(Qcow2Allocation.of(bomb).rawBytes()).isEqualTo(4L << 30);
        assertThat(gate.check("img", "qcow2", bomb).isSafe()).isTrue();
    }

    @Test
    void a_version_2_zero_flag_passes_qemu_img_check_but_qemu_will_not_read_it_and_nor_does_the_gate()
            throws Exception {
        Path image = Files.write(dir.resolve("v2.qcow2"), CraftedImages.qcow2Version2ZeroFlag());

        assertThat(qemuImg("check", "-f", "qcow2", "v2.qcow2").exit()).isZero();
        Run convert = qemuImg("convert", "-f", "qcow2", "-O", "raw", "v2.qcow2", "v2.raw");

        assertThat(convert.exit()).isNotZero();
        assertThat(convert.output()).contains("Zero cluster entry found in pre-v3 image");
        assertThatThrownBy(() -> gate.check("img", "qcow2", image)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("Zero cluster entry found in pre-v3 image");
    }

    @Test
    void qemu_img_images_with_compressed_clusters_and_internal_snapshots_pass() throws Exception {
        FixtureGuest.write(dir.resolve("guest.raw"));
        assertThat(qemuImg("convert", "-c", "-f", "raw", "-O", "qcow2", "guest.raw", "packed.qcow2").exit()).isZero();
        assertThat(qemuImg("snapshot", "-c", "first", "packed.qcow2").exit()).isZero();
        assertThat(qemuImg("snapshot", "-c", "second", "packed.qcow2").exit()).isZero();
        Path packed = dir.resolve("packed.qcow2");

        assertThat(gate.check("img", "qcow2", packed).isSafe()).isTrue();
        Qcow2Allocation mapped = Qcow2Allocation.of(packed);
        assertThat(mapped.rawBytes()).isPositive().isLessThanOrEqualTo(FixtureGuest.SIZE);
        assertThat((double) mapped.rawBytes() / Files.size(packed)).isLessThan(
                CacheConfig.DEFAULT_MAX_CONVERSION_RATIO);
    }
}
