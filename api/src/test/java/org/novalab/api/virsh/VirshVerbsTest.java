package org.novalab.api.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.LogCapture;
import org.novalab.api.virsh.cli.VirshGroup;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;

/**
 * The seed's appendix, verb by verb, with {@code novalab virsh} against a live server: secret-define and
 * secret-set-value, define a domain whose disk is the seed's encry2 (converted with 123456), start it and read
 * console.log, dumpxml, destroy, undefine, secret-undefine; and virsh's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirshVerbsTest {
    @TempDir
    static Path dir;
    LabServer lab;
    String token;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(dir.resolve("state"));
        token = lab.admin().token();
        Path base = dir.resolve("cirros.raw");
        FixtureGuest.write(base);
        try (Passphrase pw = Passphrase.of("123456")) {
            Disks.java().convert(base, ImageFormat.RAW, KeyLookup.NONE, dir.resolve("encry2.qcow2"),
                    CreateOptions.qcow2(1L << 30).withEncryption(EncryptionSpec.aes(pw.copy())));
        }
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    private Run virsh(String... args) {
        List<String> all = new ArrayList<>(List.of("virsh"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", lab.baseUrl(), "--token", token));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(List.of(new VirshGroup()), List.of()).run(all.toArray(String[]::new),
                new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                        StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String defineSecret(String password) throws Exception {
        Path xml = dir.resolve("secret-" + password + ".xml");
        Files.writeString(xml, "<secret ephemeral='no' private='yes'>\n  <usage type='volume'><volume>"
                + dir.resolve("encry2.qcow2-" + password) + "</volume></usage>\n</secret>\n");
        Run defined = virsh("secret-define", xml.toString());
        assertThat(defined.status()).as(defined.err()).isZero();
        assertThat(defined.out()).matches("Secret [0-9a-f-]{36} created\\n\\n");
        String uuid = defined.out().split(" ")[1];
        Run set = virsh("secret-set-value", uuid, Base64.getEncoder().encodeToString(password.getBytes()));
        assertThat(set.out()).isEqualTo("Secret value set\n\n");
        return uuid;
    }

    private Path domainXml(String name, String secretUuid) throws Exception {
        Path console = dir.resolve(name + ".console.log");
        Files.deleteIfExists(console);
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='KiB'>65536</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                      <encryption format='qcow'>
                        <secret type='passphrase' uuid='%s'/>
                      </encryption>
                    </disk>
                    <serial type='file'><source path='%s'/><target port='0'/></serial>
                  </devices>
                </domain>
                """.formatted(name, dir.resolve("encry2.qcow2"), secretUuid, console));
        return xml;
    }

    @Test
    void the_appendix_right_secret_boots_the_converted_disk_and_everything_is_cleaned_up() throws Exception {
        LogCapture logs = new LogCapture();
        String secret;
        try {
            secret = appendix();
        } finally {
            logs.close();
        }
        // one INFO line per virsh action that changed something, and never the secret's value
        for (String done : List.of("virsh secret-define: secret " + secret + " defined",
                "virsh secret-set-value: secret " + secret + " given a value", "virsh define: domain encry2 defined",
                "virsh start: domain encry2 started, now running", "virsh destroy: domain encry2 powered off",
                "virsh undefine: domain encry2 undefined", "virsh secret-undefine: secret " + secret + " undefined")) {
            assertThat(logs.text().lines().filter(l -> l.contains(done) && l.contains("INFO"))).as(done).hasSize(1);
        }
        assertThat(logs.text() + logs.json()).doesNotContain("123456").doesNotContain("MTIzNDU2");
    }

    private String appendix() throws Exception {
        String secret = defineSecret("123456");
        assertThat(virsh("secret-list").out()).contains(" " + secret + "   volume ");

        Path xml = domainXml("encry2", secret);
        Run define = virsh("define", xml.toString());
        assertThat(define.out()).as(define.err()).isEqualTo("Domain 'encry2' defined from " + xml + "\n\n");
        assertThat(virsh("list", "--all").out()).contains(" -    encry2   shut off");
        assertThat(virsh("list").out()).doesNotContain("encry2");

        Run start = virsh("start", "encry2");
        assertThat(start.out()).as(start.err()).isEqualTo("Domain 'encry2' started\n\n");
        assertThat(Files.readString(dir.resolve("encry2.console.log"))).contains("novalab fixture guest: booted from disk");
        assertThat(virsh("list").out()).containsPattern(" [0-9]+ +encry2   running");
        assertThat(virsh("dumpxml", "encry2").out()).contains("<encryption format='qcow'>", "uuid='" + secret + "'")
                .doesNotContain("123456");

        assertThat(virsh("destroy", "encry2").out()).isEqualTo("Domain 'encry2' destroyed\n\n");
        assertThat(virsh("undefine", "encry2").out()).isEqualTo("Domain 'encry2' has been undefined\n\n");
        assertThat(virsh("secret-undefine", secret).out()).isEqualTo("Secret " + secret + " deleted\n\n");
        assertThat(virsh("list", "--all").out()).doesNotContain("encry2");
        assertThat(virsh("secret-list").out()).doesNotContain(secret);
        return secret;
    }

    @Test
    void the_appendix_other_secret_starts_the_domain_but_the_guest_finds_no_bootable_device() throws Exception {
        String other = defineSecret("not-the-password");
        virsh("define", domainXml("encry2-other", other).toString());
        Run start = virsh("start", "encry2-other");
        assertThat(start.status()).isZero();
        assertThat(Files.readString(dir.resolve("encry2-other.console.log"))).contains("No bootable device.")
                .doesNotContain("booted from disk");
        virsh("destroy", "encry2-other");
        virsh("undefine", "encry2-other");
        virsh("secret-undefine", other);
    }

    @Test
    void errors_print_virshs_two_lines_and_exit_1() {
        Run start = virsh("start", "no-such-domain");
        assertThat(start.status()).isEqualTo(1);
        assertThat(start.err()).startsWith("error: Failed to start domain 'no-such-domain'\nerror: ");
        Run undefine = virsh("secret-undefine", "3f8475e9-868c-4543-a510-7f668ba83d46");
        assertThat(undefine.status()).isEqualTo(1);
        assertThat(undefine.err()).contains("error: Secret not found");
        Run bad = virsh("secret-set-value", "3f8475e9-868c-4543-a510-7f668ba83d46", "***");
        assertThat(bad.status()).isEqualTo(1);
    }

    @Test
    void a_missing_file_or_argument_is_a_usage_error() {
        assertThat(virsh("define", dir.resolve("nope.xml").toString()).status()).isEqualTo(2);
        assertThat(virsh("start").status()).isEqualTo(2);
        assertThat(virsh("start").err()).contains("missing DOMAIN");
    }

    @Test
    void a_bad_token_is_refused() {
        token = "not-a-token";
        try {
            Run r = virsh("list", "--all");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("error: failed to list domains");
        } finally {
            token = lab.admin().token();
        }
    }
}
