package org.novalab.disk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.cli.UsageError;
import org.novalab.disk.Passphrase;

/**
 * qemu's {@code --object secret,id=ID,data=VALUE|file=PATH[,format=raw|base64]}: named secrets that
 * {@code key-secret} options refer to. Values are held as {@link Passphrase} and closed with this object. A
 * {@code data=} value comes in as a command-line String (as with qemu, {@code file=} is the way for real secrets).
 */
final class SecretObjects implements AutoCloseable {
    private final Map<String, Passphrase> secrets = new HashMap<>();

    static SecretObjects parse(List<String> objects) {
        SecretObjects out = new SecretObjects();
        for (String object : objects) {
            Map<String, String> o = QemuOptions.parse(object);
            String type = o.containsKey("qom-type") ? o.get("qom-type") : object.split(",", 2)[0];
            if (!"secret".equals(type)) {
                throw new UsageError("Unsupported --object type '" + type + "' (only secret)");
            }
            String id = o.get("id");
            if (id == null) {
                throw new UsageError("Parameter 'id' is missing");
            }
            byte[] value;
            if (o.containsKey("data") == o.containsKey("file")) {
                throw new UsageError("secret '" + id + "': exactly one of 'data' and 'file' is required");
            }
            if (o.containsKey("data")) {
                value = o.get("data").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                try {
                    value = Files.readAllBytes(Path.of(o.get("file")));
                } catch (IOException e) {
                    throw new UsageError("Unable to read " + o.get("file") + ": " + e.getMessage());
                }
            }
            try {
                out.secrets.put(id, "base64".equals(o.get("format")) ? fromBase64(id, value) : Passphrase.of(value));
            } catch (RuntimeException e) {
                out.close();
                throw e;
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        }
        return out;
    }

    /** Base64 text, surrounding whitespace ignored, decoded without a String of it; every copy is zeroed. */
    private static Passphrase fromBase64(String id, byte[] text) {
        int start = 0;
        int end = text.length;
        while (start < end && Character.isWhitespace(text[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(text[end - 1])) {
            end--;
        }
        byte[] trimmed = Arrays.copyOfRange(text, start, end);
        byte[] decoded = null;
        try {
            decoded = Base64.getDecoder().decode(trimmed);
            return Passphrase.of(decoded);
        } catch (IllegalArgumentException e) {
            throw new UsageError("secret '" + id + "': the value is not valid base64");
        } finally {
            Arrays.fill(trimmed, (byte) 0);
            if (decoded != null) {
                Arrays.fill(decoded, (byte) 0);
            }
        }
    }

    Optional<Passphrase> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Passphrase p = secrets.get(id);
        if (p == null) {
            throw new UsageError("No secret with id '" + id + "'");
        }
        return Optional.of(p.copy());
    }

    @Override
    public void close() {
        secrets.values().forEach(Passphrase::close);
    }
}
