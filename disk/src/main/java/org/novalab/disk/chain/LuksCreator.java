package org.novalab.disk.chain;

import java.nio.file.Path;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.layer.RawLayer;

/** {@code qemu-img create -f luks}: a LUKS1 header and key material, then the (sparse) payload. */
public final class LuksCreator {
    private LuksCreator() {
    }

    public static void create(Path file, CreateOptions options) {
        if (options.encryption() == null) {
            throw new PassphraseRequired("Parameter 'key-secret' is required for cipher");
        }
        try (LuksVolume volume = Luks1.format(options.encryption().passphrase(), options.encryption().luks());
             RawLayer raw = RawLayer.open(file, true)) {
            byte[] header = volume.headerBytes();
            raw.resize(header.length + options.size());
            raw.write(0, header, 0, header.length, null);
            raw.flush();
        }
    }
}
