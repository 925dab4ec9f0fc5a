package org.novalab.imagecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.image.inspect.CraftedImages;
import org.novalab.image.inspect.DetectedFormat;
import org.novalab.image.inspect.Inspection;

class SafetyGateTest {
    static final long GIB = 1L << 30;
    @TempDir
    Path dir;
    final SafetyGate gate = new SafetyGate(1L << 40);

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "image", ".bin"), bytes);
    }

    private Inspection check(String diskFormat, byte[] bytes) throws IOException {
        return gate.check("img-1", diskFormat, file(bytes));
    }

    @Test
    void a_plain_qcow2_passes_with_its_virtual_size() throws IOException {
        Inspection inspection = check("qcow2", CraftedImages.qcow2(GIB));
        assertThat(inspection.format()).isEqualTo(DetectedFormat.QCOW2);
        assertThat(inspection.virtualSize()).isEqualTo(GIB);
    }

    @Test
    void a_qcow2_with_a_backing_file_is_refused_naming_the_file() {
        assertThatThrownBy(() -> check("qcow2", CraftedImages.qcow2(GIB, "/etc/shadow", false, null)))
                .isInstanceOf(UnsafeImage.class).hasMessageContaining("img-1")
                .hasMessageContaining("backing file ('/etc/shadow')");
    }

    @Test
    void a_qcow2_with_the_external_data_file_bit_is_refused() {
        assertThatThrownBy(() -> check("qcow2", CraftedImages.qcow2(GIB, null, true, null)))
                .isInstanceOf(UnsafeImage.class).hasMessageContaining("external data file");
    }

    @Test
    void a_qcow2_with_a_data_file_name_extension_is_refused() {
        assertThatThrownBy(() -> check("qcow2", CraftedImages.qcow2(GIB, null, false, "/dev/sda")))
                .isInstanceOf(UnsafeImage.class).hasMessageContaining("'/dev/sda'");
    }

    @Test
    void a_qcow2_uploaded_as_raw_is_refused() {
        assertThatThrownBy(() -> check("raw", CraftedImages.qcow2(GIB)))
                .isInstanceOf(UnsafeImage.class)
                .hasMessage("image img-1 claims disk_format raw but is a qcow2 image; refused");
    }

    @Test
    void a_huge_virtual_size_is_refused_as_too_large() {
        assertThatThrownBy(() -> check("qcow2", CraftedImages.qcow2(1L << 50)))
                .isInstanceOfSatisfying(ImageTooLarge.class, e -> {
                    assertThat(e.virtualSize()).isEqualTo(1L << 50);
                    assertThat(e.limit()).isEqualTo(1L << 40);
                });
    }

    @Test
    void a_monolithic_sparse_vmdk_naming_only_itself_passes() throws IOException {
        byte[] vmdk = CraftedImages.vmdkSparse(2048, CraftedImages.descriptor("monolithicSparse",
                "RW 2048 SPARSE \"disk.vmdk\""));
        Inspection inspection = check("vmdk", vmdk);
        assertThat(inspection.format()).isEqualTo(DetectedFormat.VMDK);
        assertThat(inspection.virtualSize()).isEqualTo(2048 * 512L);
    }

    @Test
    void a_vmdk_whose_descriptor_names_a_flat_extent_in_another_file_is_refused() {
        byte[] vmdk = CraftedImages.vmdkSparse(2048, CraftedImages.descriptor("monolithicSparse",
                "RW 2048 SPARSE \"disk.vmdk\"", "RW 2048 FLAT \"/etc/passwd\" 0"));
        assertThatThrownBy(() -> check("vmdk", vmdk)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("FLAT extent in another file ('/etc/passwd')");
    }

    @Test
    void a_vmdk_of_a_multi_file_create_type_is_refused() {
        byte[] vmdk = CraftedImages.vmdkSparse(2048, CraftedImages.descriptor("twoGbMaxExtentSparse",
                "RW 2048 SPARSE \"disk-s001.vmdk\""));
        assertThatThrownBy(() -> check("vmdk", vmdk)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("createType 'twoGbMaxExtentSparse'");
    }

    @Test
    void a_bare_vmdk_descriptor_file_is_refused() {
        byte[] text = CraftedImages.descriptor("monolithicFlat", "RW 2048 FLAT \"/dev/vda\" 0")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> check("vmdk", text)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("descriptor file").hasMessageContaining("/dev/vda");
        assertThatThrownBy(() -> check("raw", text)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("claims disk_format raw but is a vmdk");
    }

    @Test
    void luks_is_refused_even_when_claimed_raw() {
        assertThatThrownBy(() -> check("raw", CraftedImages.luks())).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("luks");
    }

    @Test
    void a_vhdx_reports_the_virtual_size_of_its_metadata_and_a_differencing_one_is_refused() throws IOException {
        assertThat(check("vhdx", CraftedImages.vhdx(5 * GIB, false)).virtualSize()).isEqualTo(5 * GIB);
        assertThatThrownBy(() -> check("vhdx", CraftedImages.vhdx(GIB, true))).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("differencing");
        assertThatThrownBy(() -> check("raw", CraftedImages.vhdx(GIB, false))).isInstanceOf(UnsafeImage.class);
    }

    @Test
    void a_fixed_vhd_passes_and_a_differencing_one_is_refused() throws IOException {
        assertThat(check("vhd", CraftedImages.vhdFixed(8192, 2)).virtualSize()).isEqualTo(8192);
        assertThatThrownBy(() -> check("vhd", CraftedImages.vhdFixed(8192, 4))).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("parent");
    }

    @Test
    void raw_bytes_pass_as_raw_and_an_iso_passes_as_iso_or_raw() throws IOException {
        assertThat(check("raw", CraftedImages.raw(4096)).virtualSize()).isEqualTo(4096);
        assertThat(check("iso", CraftedImages.iso(64 * 1024)).format()).isEqualTo(DetectedFormat.ISO);
        assertThat(check("raw", CraftedImages.iso(64 * 1024)).format()).isEqualTo(DetectedFormat.ISO);
    }

    @Test
    void a_format_mismatch_is_refused_either_way() {
        assertThatThrownBy(() -> check("qcow2", CraftedImages.raw(4096))).isInstanceOf(UnsafeImage.class)
                .hasMessage("image img-1 claims disk_format qcow2 but is a raw image; refused");
        assertThatThrownBy(() -> check("vmdk", CraftedImages.qcow2(GIB))).isInstanceOf(UnsafeImage.class);
    }

    @Test
    void an_unknown_disk_format_is_refused() {
        assertThatThrownBy(() -> check("ploop", CraftedImages.raw(4096))).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("disk_format 'ploop'");
    }

    @Test
    void a_polyglot_matching_two_formats_is_refused() {
        byte[] both = CraftedImages.qcow2(GIB);
        byte[] footer = CraftedImages.vhdFixed(65536 - 512, 2);
        System.arraycopy(footer, footer.length - 512, both, both.length - 512, 512);
        assertThatThrownBy(() -> check("qcow2", both)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("several formats");
    }
}
