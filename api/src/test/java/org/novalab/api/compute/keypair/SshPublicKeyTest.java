package org.novalab.api.compute.keypair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Public key lines are taken or refused as pyca/cryptography's {@code load_ssh_public_key} (which Nova calls) takes
 * or refuses them; each refusal below is one that library gives (its reason in the comment).
 */
class SshPublicKeyTest {
    static String key(String name) throws Exception {
        return Files.readString(Path.of(SshPublicKeyTest.class.getResource("/keypairs/" + name).toURI())).strip();
    }

    static byte[] blob(String line) {
        return Base64.getDecoder().decode(line.split(" ")[1]);
    }

    static byte[] sshString(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(p.length).array());
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String line(String type, byte[] blob) {
        return type + " " + Base64.getEncoder().encodeToString(blob) + " c";
    }

    static void refused(String line) {
        assertThatThrownBy(() -> SshPublicKey.fingerprint(line)).as(line).isInstanceOf(InvalidKeyPair.class)
                .hasMessage("Keypair data is invalid: failed to generate fingerprint");
    }

    @Test
    void an_openssh_certificate_is_read_for_its_key_and_fingerprinted_whole() throws Exception {
        assertThat(SshPublicKey.fingerprint(key("ed25519-cert.pub"))).isEqualTo("15:8f:db:d9:26:1b:95:53:96:8a:e7:f8:73:6f:bc:8b");
    }

    @Test
    void the_comment_is_optional_and_not_hashed() throws Exception {
        String rsa = key("rsa2048.pub");
        String[] fields = rsa.split(" ");
        assertThat(SshPublicKey.fingerprint(fields[0] + " " + fields[1])).isEqualTo("bb:29:dc:5b:a4:dd:95:b6:95:01:da:78:30:a2:18:5c");
        assertThat(SshPublicKey.fingerprint(rsa + "\n")).isEqualTo("bb:29:dc:5b:a4:dd:95:b6:95:01:da:78:30:a2:18:5c");
    }

    @Test
    void malformed_lines_and_blobs_are_refused() throws Exception {
        String rsa = key("rsa2048.pub");
        byte[] rsaBlob = blob(rsa);
        byte[] ecBlob = blob(key("ecdsa256.pub"));
        refused("ssh-rsa JUNK nova@ubuntu");                 // Invalid data
        refused("ssh-rsa " + "A".repeat(2048) + " x");      // Invalid key format
        refused(" ");                                        // Invalid line format
        refused(" " + rsa);                                  // Invalid line format
        refused(line("ssh-ed25519", rsaBlob));               // Invalid key format: the blob names ssh-rsa
        refused(line("ecdsa-sha2-nistp384", ecBlob));        // Invalid key format
        byte[] trailing = java.util.Arrays.copyOf(rsaBlob, rsaBlob.length + 1);
        refused(line("ssh-rsa", trailing));                  // Corrupt data: unparsed data
        byte[] offCurve = ecBlob.clone();
        offCurve[offCurve.length - 1] ^= 1;
        refused(line("ecdsa-sha2-nistp256", offCurve));      // Invalid EC key
        refused(line("ssh-ed25519", sshString("ssh-ed25519".getBytes(StandardCharsets.US_ASCII), new byte[31])));
        byte[] bigN = new byte[257];
        java.util.Arrays.fill(bigN, 1, 257, (byte) 0xff);
        refused(line("ssh-rsa", sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII), new byte[] {2}, bigN)));
        refused(line("ssh-rsa", sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII), new byte[] {3}, new byte[] {3})));
        refused(line("ssh-rsa", sshString("ssh-rsa".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81}, bigN)));
        refused("ssh-rsa " + rsa.split(" ")[1].substring(0, rsa.split(" ")[1].length() - 4) + " x"); // Invalid data
        refused(rsa.replaceFirst(" ", "\t"));                // Nova hashes the second space-separated field
        refused(line("ssh-xmss@openssh.com", sshString("ssh-xmss@openssh.com".getBytes(StandardCharsets.US_ASCII))));
    }
}
