package org.novalab.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qcow2.TestDisks;

/** {@code novalab img} in-process, with qemu-img's own command lines. */
class ImgCommandsTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    private Run imgWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        String[] full = new String[args.length + 1];
        full[0] = "img";
        System.arraycopy(args, 0, full, 1, args.length);
        int status = new Cli(List.of(new ImgCommands()), List.of()).run(full, console);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run img(String... args) {
        return imgWithInput("", args);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void createPrintsQemuImgsFormattingLineAndInfoDescribesTheOverlay() {
        TestDisks.raw(dir.resolve("b.raw"), 1L << 30);
        Run create = img("create", "-f", "qcow2", "-b", p("b.raw"), "-F", "raw", p("o.qcow2"));
        assertThat(create.status()).as(create.err()).isZero();
        assertThat(create.out()).isEqualTo("Formatting '" + p("o.qcow2") + "', fmt=qcow2 cluster_size=65536 "
                + "extended_l2=off compression_type=zlib size=1073741824 backing_file=" + p("b.raw")
                + " backing_fmt=raw lazy_refcounts=off refcount_bits=16\n");

        Run info = img("info", p("o.qcow2"));
        assertThat(info.out()).startsWith("image: " + p("o.qcow2") + "\nfile format: qcow2\n"
                + "virtual size: 1 GiB (1073741824 bytes)\n").contains("backing file: " + p("b.raw") + "\n");
        Run json = img("info", "--output=json", p("o.qcow2"));
        assertThat(json.out()).startsWith("{\n    \"backing-filename-format\": \"raw\",\n");
        // Nova's own spellings: qemu-img info PATH --force-share --output=json, convert -t none -O raw -f qcow2
        assertThat(img("info", p("o.qcow2"), "--force-share", "--output=json").out()).isEqualTo(json.out());
        img("create", "-f", "qcow2", p("small.qcow2"), "1M");
        Run convert = img("convert", "-t", "none", "-O", "raw", "-f", "qcow2", p("small.qcow2"), p("flat.raw"));
        assertThat(convert.status()).as(convert.err()).isZero();
        assertThat(dir.resolve("flat.raw")).hasSize(1L << 20);
    }

    @Test
    void theSeedsOptionSpellingsWork() {
        Run create = img("create", "-f", "qcow2", "-o", "backing_file=" + p("b.raw") + ",backing_fmt=raw,size=64M",
                p("x.qcow2"));
        assertThat(create.status()).as("backing file missing: %s", create.err()).isEqualTo(1);
        assertThat(create.err()).contains("No such file or directory");
        assertThat(dir.resolve("x.qcow2")).doesNotExist();

        TestDisks.raw(dir.resolve("b.raw"), 64 << 20);
        create = img("create", "-f", "qcow2", "-o", "backing_file=" + p("b.raw") + ",backing_fmt=raw,size=64M",
                p("x.qcow2"));
        assertThat(create.status()).as(create.err()).isZero();
        assertThat(img("info", p("x.qcow2")).out()).contains("virtual size: 64 MiB (67108864 bytes)");
    }

    @Test
    void encryptionOnWithoutASecretAsksForThePasswordAndConvertUsesIt() {
        Path base = TestDisks.raw(dir.resolve("b.raw"), 1 << 20);
        TestDisks.poke(base, 0, TestDisks.pattern(1 << 20, 3));

        Run convert = imgWithInput("s3cret\n", "convert", "-f", "raw", "-O", "qcow2", "-o", "encryption=on", p("b.raw"),
                p("e.qcow2"));
        assertThat(convert.status()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("Disk image '" + p("e.qcow2") + "' is encrypted.");
        assertThat(img("info", p("e.qcow2")).out()).contains("encrypted: yes").contains("format: aes");
        assertThat(TestDisks.read(dir.resolve("e.qcow2"), KeyLookup.always(Passphrase.of("s3cret")), 0, 1 << 20))
                .isEqualTo(TestDisks.pattern(1 << 20, 3));
    }

    @Test
    void createWithEncryptionOnAsksNoPasswordLikeTheSeedsQemuImg() {
        Path base = TestDisks.raw(dir.resolve("base.raw"), 1 << 20);
        TestDisks.poke(base, 0, TestDisks.pattern(1 << 20, 5));
        Run create = img("create", "-f", "qcow2", "-o", "backing_file=" + base + ",encryption=on,size=1073741824",
                p("encry3.qcow2"));
        assertThat(create.status()).as(create.err()).isZero();
        assertThat(create.out()).doesNotContain("password").startsWith("Formatting '" + p("encry3.qcow2")
                + "', fmt=qcow2 encryption=on cluster_size=65536");
        assertThat(img("info", p("encry3.qcow2")).out()).contains("encrypted: yes")
                .contains("virtual size: 1 GiB (1073741824 bytes)").contains("backing file: " + base);

        // the key comes with the first write: the overlay is encrypted, the base is not
        KeyLookup any = KeyLookup.always(Passphrase.of("whatever"));
        TestDisks.write(dir.resolve("encry3.qcow2"), any, 0, new byte[] {1});
        assertThat(TestDisks.read(dir.resolve("encry3.qcow2"), any, 0, 2)).containsExactly(1,
                TestDisks.pattern(2, 5)[1]);
        assertThat(TestDisks.read(dir.resolve("encry3.qcow2"), any, 65536, 100))
                .isEqualTo(java.util.Arrays.copyOfRange(TestDisks.pattern(1 << 20, 5), 65536, 65636));
    }

    @Test
    void secretsComeFromObjectsAndImageOptsNameThem() throws Exception {
        Path base = TestDisks.raw(dir.resolve("b.raw"), 1 << 20);
        TestDisks.poke(base, 4096, TestDisks.pattern(9000, 4));
        Path keyFile = Files.writeString(dir.resolve("key"), "pw-from-file");
        Run create = img("convert", "--object", "secret,id=sec0,file=" + keyFile, "-O", "qcow2", "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-count=1000", p("b.raw"), p("l.qcow2"));
        assertThat(create.status()).as(create.err()).isZero();

        Run back = img("convert", "--object", "secret,id=sec0,data=pw-from-file", "--image-opts",
                "driver=qcow2,file.filename=" + p("l.qcow2") + ",encrypt.key-secret=sec0", "-O", "raw",
                p("back.raw"));
        assertThat(back.status()).as(back.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back.raw"))).isEqualTo(Files.readAllBytes(base));

        Run wrong = img("convert", "--object", "secret,id=sec0,data=nope", "--image-opts",
                "driver=qcow2,file.filename=" + p("l.qcow2") + ",encrypt.key-secret=sec0", "-O", "raw",
                p("wrong.raw"));
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.err()).contains("Invalid password, cannot unlock any keyslot").doesNotContain("nope");
        assertThat(dir.resolve("wrong.raw")).doesNotExist();

        Run noKey = img("convert", "-O", "raw", p("l.qcow2"), p("nokey.raw"));
        assertThat(noKey.err()).contains("Parameter 'encrypt.key-secret' is required for cipher");
    }

    @Test
    void checkMapAndResizeSpeakQemuImg() {
        img("create", "-f", "qcow2", p("c.qcow2"), "1G");
        TestDisks.write(dir.resolve("c.qcow2"), KeyLookup.NONE, 0, TestDisks.pattern(131072, 1));

        Run check = img("check", p("c.qcow2"));
        assertThat(check.status()).isZero();
        assertThat(check.out()).isEqualTo("No errors were found on the image.\n"
                + "2/16384 = 0.01% allocated, 0.00% fragmented, 0.00% compressed clusters\n"
                + "Image end offset: 458752\n");

        Run map = img("map", "--output=json", p("c.qcow2"));
        assertThat(map.out()).isEqualTo("[{ \"start\": 0, \"length\": 131072, \"depth\": 0, \"present\": true, "
                + "\"zero\": false, \"data\": true, \"offset\": 327680},\n{ \"start\": 131072, \"length\": 1073610752, "
                + "\"depth\": 0, \"present\": false, \"zero\": true, \"data\": false}]\n");
        assertThat(img("map", p("c.qcow2")).out()).isEqualTo("Offset          Length          Mapped to       File\n"
                + "0               0x20000         0x50000         " + p("c.qcow2") + "\n");

        Run grow = img("resize", p("c.qcow2"), "+1G");
        assertThat(grow.out()).isEqualTo("Image resized.\n");
        assertThat(img("info", p("c.qcow2")).out()).contains("virtual size: 2 GiB (2147483648 bytes)");
        Run shrink = img("resize", p("c.qcow2"), "1G");
        assertThat(shrink.status()).isNotZero();
        assertThat(shrink.err()).contains("Use the --shrink option to perform a shrink operation.");
    }

    @Test
    void badInputGetsOneClearLine() {
        assertThat(img("info", p("missing.qcow2")).err())
                .isEqualTo("novalab: Could not open '" + p("missing.qcow2") + "': No such file or directory\n");
        assertThat(img("create", "-f", "qcow2", p("q.qcow2"), "1x").err()).contains("Invalid image size specified");
        assertThat(img("create", "-f", "qcow2", "-o", "cluster_size=1000", p("q.qcow2"), "1M").err())
                .contains("Cluster size must be a power of two");
        assertThat(img("create", "-f", "qcow2", "-o", "clustersize=64k", p("q.qcow2"), "1M").err())
                .contains("Invalid parameter 'clustersize'");
        assertThat(img("create", "-f", "qcow2", "-o", "compat=0.10", p("q.qcow2"), "1M").err())
                .contains("compat=1.1");
        assertThat(dir.toFile().list()).isEmpty();
    }
}
