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
 * {@code key-secret} options refer to. Values are held as {@link Passphrase} and closed with this object.
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
            if ("base64".equals(o.get("format"))) {
                value = Base64.getDecoder().decode(new String(value, java.nio.charset.StandardCharsets.US_ASCII)
                        .trim());
            }
            out.secrets.put(id, Passphrase.of(value));
            Arrays.fill(value, (byte) 0);
        }
        return out;
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
