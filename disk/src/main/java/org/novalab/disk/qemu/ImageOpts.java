package org.novalab.disk.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.ImageFormat;

/**
 * The {@code --image-opts} string that opens an image with its secrets: {@code driver=qcow2,file.filename=X,
 * encrypt.key-secret=sec0,backing.encrypt.key-secret=sec1}. QEMU takes one key secret per encrypted layer of a
 * backing chain; {@code layerSecretIds.get(d)} names the secret of the layer at depth {@code d} (null: plain).
 */
public record ImageOpts(ImageFormat driver, Path file, List<String> layerSecretIds) {
    public ImageOpts {
        layerSecretIds = java.util.Collections.unmodifiableList(new ArrayList<>(layerSecretIds));
    }

    public static ImageOpts plain(ImageFormat driver, Path file) {
        return new ImageOpts(driver, file, List.of());
    }

    public boolean hasSecrets() {
        return layerSecretIds.stream().anyMatch(java.util.Objects::nonNull);
    }

    public String render() {
        StringBuilder out = new StringBuilder("driver=").append(driver.qemuName())
                .append(",file.filename=").append(QemuOptionValue.escape(file.toString()));
        for (int depth = 0; depth < layerSecretIds.size(); depth++) {
            String id = layerSecretIds.get(depth);
            if (id == null) {
                continue;
            }
            String prefix = "backing.".repeat(depth);
            // a raw LUKS container takes its secret as key-secret; qcow2 as encrypt.key-secret
            String key = depth == 0 && driver == ImageFormat.LUKS ? "key-secret" : "encrypt.key-secret";
            out.append(',').append(prefix).append(key).append('=').append(id);
        }
        return out.toString();
    }
}
