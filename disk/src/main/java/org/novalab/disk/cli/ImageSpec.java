package org.novalab.disk.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.cli.UsageError;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.layer.Layer;

/**
 * The image a verb works on: a plain file name with an optional {@code -f}, or qemu's {@code --image-opts}
 * string ({@code driver=qcow2,file.filename=X,encrypt.key-secret=ID}, and {@code backing.encrypt.key-secret=ID},
 * {@code backing.backing....} for encrypted backing files).
 */
record ImageSpec(Path path, ImageFormat format, List<String> keySecretByDepth) {
    static ImageSpec of(String argument, String format, boolean imageOpts) {
        if (!imageOpts) {
            return new ImageSpec(Path.of(argument), format == null ? null : ImageFormat.fromQemuName(format),
                    List.of());
        }
        if (format != null) {
            throw new UsageError("--image-opts and -f are mutually exclusive");
        }
        Map<String, String> o = QemuOptions.parse(argument);
        String file = o.get("file.filename");
        if (file == null) {
            throw new UsageError("--image-opts needs file.filename=FILE");
        }
        String driver = o.get("driver");
        List<String> keys = new ArrayList<>();
        String prefix = "";
        for (int depth = 0; depth < ImageChain.MAX_DEPTH; depth++) {
            String direct = o.get(prefix + "encrypt.key-secret");
            if (direct == null && depth == 0 && o.containsKey("key-secret")) {
                direct = o.get("key-secret");
            }
            keys.add(direct);
            prefix += "backing.";
        }
        while (!keys.isEmpty() && keys.get(keys.size() - 1) == null) {
            keys.remove(keys.size() - 1);
        }
        return new ImageSpec(Path.of(file), driver == null ? null : ImageFormat.fromQemuName(driver), keys);
    }

    /** Passphrases per file of the chain: the n-th key-secret goes to the n-th file. */
    KeyLookup keys(SecretObjects secrets) {
        if (keySecretByDepth.isEmpty()) {
            return KeyLookup.NONE;
        }
        Map<Path, String> byFile = new HashMap<>();
        try (ImageChain chain = ImageChain.open(path, format, KeyLookup.NONE, false, false)) {
            List<Layer> layers = chain.layers();
            for (int i = 0; i < layers.size() && i < keySecretByDepth.size(); i++) {
                if (keySecretByDepth.get(i) != null) {
                    byFile.put(layers.get(i).path().toAbsolutePath().normalize(), keySecretByDepth.get(i));
                }
            }
        }
        return image -> {
            String id = byFile.get(image.toAbsolutePath().normalize());
            Optional<Passphrase> p = secrets.get(id);
            return p;
        };
    }
}
