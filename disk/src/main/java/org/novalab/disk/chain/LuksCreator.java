package org.novalab.disk.chain;

import java.nio.file.Path;
import java.util.Arrays;
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
        createOpen(file, options).close();
    }

    /** Like {@link #create}, returning the container open for writing with the new volume's key. */
    public static LuksLayer createOpen(Path file, CreateOptions options) {
        if (options.encryption() == null || options.encryption().passphrase() == null) {
            throw new PassphraseRequired("Parameter 'key-secret' is required for cipher");
        }
        LuksVolume volume = Luks1.format(options.encryption().passphrase(), options.encryption().luks());
        RawLayer raw = null;
        try {
            raw = RawLayer.open(file, true);
            byte[] header = volume.headerBytes();
            raw.resize(header.length + options.size());
            raw.write(0, header, 0, header.length, null);
            Arrays.fill(header, (byte) 0);
            raw.flush();
            return LuksLayer.ofNewVolume(raw, volume);
        } catch (RuntimeException e) {
            volume.close();
            if (raw != null) {
                raw.close();
            }
            throw e;
        }
    }
}
