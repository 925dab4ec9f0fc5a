package org.novalab.api.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.http.ApiException;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

class SecretValueBodyTest {
    @TempDir
    Path dir;

    @Test
    void reads_the_value_the_base64_field_holds_and_ignores_the_rest() {
        Buffer body = Buffer.buffer("{\"other\": {\"base64\": \"AAAA\"}, \"base64\": \" MTIzNDU2 \", \"n\": [1]}");
        try (Passphrase p = SecretValueBody.read(body); Passphrase expected = Passphrase.of("123456")) {
            assertThat(p.matches(expected)).isTrue();
        }
    }

    @Test
    void refuses_a_body_without_the_value_a_value_that_is_not_base64_and_what_is_not_json() {
        assertThatThrownBy(() -> SecretValueBody.read(Buffer.buffer("{\"value\": \"MTIz\"}")))
                .isInstanceOf(ApiException.class).hasMessage("secret-set-value needs {\"base64\": VALUE}");
        assertThatThrownBy(() -> SecretValueBody.read(Buffer.buffer("{\"base64\": 12}")))
                .isInstanceOf(ApiException.class).hasMessage("secret-set-value needs {\"base64\": VALUE}");
        assertThatThrownBy(() -> SecretValueBody.read(null))
                .isInstanceOf(ApiException.class).hasMessage("secret-set-value needs {\"base64\": VALUE}");
        assertThatThrownBy(() -> SecretValueBody.read(Buffer.buffer("{\"base64\": \"***\"}")))
                .isInstanceOf(ApiException.class).hasMessage("invalid argument: the secret value is not base64");
        assertThatThrownBy(() -> SecretValueBody.read(Buffer.buffer("{\"base64\": \"MTIz\"")))
                .isInstanceOf(ApiException.class).hasMessage("Malformed request body: not valid JSON");
    }

    @Test
    void zeroes_the_request_body_once_read_and_when_refused() {
        Buffer body = Buffer.buffer("{\"base64\": \"MTIzNDU2\"}");
        SecretValueBody.read(body).close();
        assertThat(body.getBytes()).containsOnly(0);

        Buffer refused = Buffer.buffer("{\"base64\": \"MTIz***\"}");
        assertThatThrownBy(() -> SecretValueBody.read(refused)).isInstanceOf(ApiException.class);
        assertThat(refused.getBytes()).containsOnly(0);
    }

    @Test
    void leaves_no_form_of_the_value_on_the_heap() {
        Masked secret = Masked.random(32);
        byte[] value = secret.reveal();
        byte[] text = Base64.getEncoder().encode(value);
        Arrays.fill(value, (byte) 0);
        Buffer body = Buffer.buffer().appendString("{\"base64\": \"").appendBytes(text).appendString("\"}");
        Arrays.fill(text, (byte) 0);

        try (Passphrase p = SecretValueBody.read(body)) {
            HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE);

            assertThat(dump.find(Needle.formsOf("secret value", secret.reveal()))).isEmpty();
            assertThat(p.bytes()).isEqualTo(secret.reveal());
            assertThat(body.length()).as("the body buffer was still reachable").isPositive();
        }
    }
}
