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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.image.inspect.DetectedFormat;
import org.novalab.image.inspect.Inspection;
import org.novalab.testing.RealTools;

/** The inspector against files the real qemu-img writes: formats, virtual sizes, and what must be refused. */
@Tag("integration")
class FormatInspectorQemuImgIT {
    static final long SIZE = 64L << 20;
    @TempDir
    Path dir;
    final SafetyGate gate = new SafetyGate(1L << 40);

    private Path qemuImg(String... args) throws IOException, InterruptedException {
        Path tool = RealTools.require("qemu-img", "qemu-utils");
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return dir.resolve(args[args.length - 2].startsWith("-") ? args[args.length - 1]
                : args[args.length - 2]);
    }

    private Path create(String format, String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format));
        for (String o : options) {
            args.add("-o");
            args.add(o);
        }
        args.add(name);
        args.add(Long.toString(SIZE));
        qemuImg(args.toArray(String[]::new));
        return dir.resolve(name);
    }

    @Test
    void qemu_img_formats_are_recognised_with_their_virtual_size() throws Exception {
        assertThat(gate.check("q", "qcow2", create("qcow2", "a.qcow2"))).isEqualTo(
                Inspection.safe(DetectedFormat.QCOW2, SIZE));
        assertThat(gate.check("v", "vmdk", create("vmdk", "a.vmdk")).virtualSize()).isEqualTo(SIZE);
        assertThat(gate.check("s", "vmdk", create("vmdk", "s.vmdk", "subformat=streamOptimized")).virtualSize())
                .isEqualTo(SIZE);
        assertThat(gate.check("x", "vhdx", create("vhdx", "a.vhdx")).virtualSize()).isEqualTo(SIZE);
        assertThat(gate.check("d", "vdi", create("vdi", "a.vdi")).virtualSize()).isEqualTo(SIZE);
        Inspection vpc = gate.check("h", "vhd", create("vpc", "a.vhd", "subformat=fixed"));
        assertThat(vpc.format()).isEqualTo(DetectedFormat.VHD);
        assertThat(vpc.virtualSize()).isPositive();
        assertThat(gate.check("r", "raw", create("raw", "a.raw")).virtualSize()).isEqualTo(SIZE);
    }

    @Test
    void a_qemu_img_overlay_with_a_backing_file_is_refused() throws Exception {
        create("raw", "base.raw");
        Path overlay = create("qcow2", "overlay.qcow2", "backing_file=base.raw", "backing_fmt=raw");
        assertThatThrownBy(() -> gate.check("o", "qcow2", overlay)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("backing file ('base.raw')");
    }

    @Test
    void a_qemu_img_qcow2_with_an_external_data_file_is_refused() throws Exception {
        Path image = create("qcow2", "ext.qcow2", "data_file=ext.data");
        assertThatThrownBy(() -> gate.check("e", "qcow2", image)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("external data file").hasMessageContaining("ext.data");
    }

    @Test
    void a_qemu_img_split_or_flat_vmdk_is_refused() throws Exception {
        Path flat = create("vmdk", "flat.vmdk", "subformat=monolithicFlat");
        assertThatThrownBy(() -> gate.check("f", "vmdk", flat)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("flat.vmdk").hasMessageContaining("-flat.vmdk");
        Path split = create("vmdk", "split.vmdk", "subformat=twoGbMaxExtentSparse");
        assertThatThrownBy(() -> gate.check("s", "vmdk", split)).isInstanceOf(UnsafeImage.class);
    }

    @Test
    void a_qemu_img_luks_container_is_refused_as_raw() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "123456");
        // LUKS creation fails now and then with "Unable to get accurate CPU usage" in this VM: retry.
        for (int attempt = 1; ; attempt++) {
            try {
                qemuImg("create", "-q", "--object", "secret,id=s0,file=" + secret, "-f", "luks", "-o",
                        "key-secret=s0,iter-time=10", "a.luks", "16M");
                break;
            } catch (AssertionError e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("accurate CPU usage")) {
                    throw e;
                }
            }
        }
        assertThatThrownBy(() -> gate.check("l", "raw", dir.resolve("a.luks"))).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("luks");
    }
}
