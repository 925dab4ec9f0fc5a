package org.novalab.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.cli.UsageError;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

class SecretObjectsTest {
    @TempDir
    Path dir;

    @Test
    void a_secret_comes_from_data_or_a_file_raw_or_base64() throws Exception {
        Path raw = Files.write(dir.resolve("raw"), "123456".getBytes());
        Path b64 = Files.write(dir.resolve("b64"), " MTIzNDU2\n".getBytes());
        try (SecretObjects s = SecretObjects.parse(List.of("secret,id=d,data=123456", "secret,id=r,file=" + raw,
                "secret,id=b,file=" + b64 + ",format=base64", "secret,id=e,data=MTIzNDU2,format=base64"));
             Passphrase expected = Passphrase.of("123456")) {
            for (String id : List.of("d", "r", "b", "e")) {
                try (Passphrase p = s.get(id).orElseThrow()) {
                    assertThat(p.matches(expected)).as(id).isTrue();
                }
            }
        }
        assertThatThrownBy(() -> SecretObjects.parse(List.of("secret,id=x,data=***,format=base64")))
                .isInstanceOf(UsageError.class).hasMessageContaining("base64");
    }

    @Test
    void a_base64_key_file_leaves_no_copy_of_its_text_or_value_behind() throws Exception {
        Masked secret = Masked.random(32);
        byte[] raw = secret.reveal();
        byte[] text = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        Path file = Files.write(dir.resolve("key.b64"), text);
        Arrays.fill(text, (byte) 0);

        System.gc(); // from here on, what is garbage was made by the parse
        try (SecretObjects s = SecretObjects.parse(List.of("secret,id=k,file=" + file + ",format=base64"))) {
            // every object, unreachable ones too: neither the file's text nor the decoded value may linger
            HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.ALL);

            assertThat(dump.find(Needle.formsOf("key", secret.reveal()))).isEmpty();
            assertThat(s.get("k")).isPresent();
        }
    }
}
