package org.novalab.disk.cli;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;

/**
 * The encryption part of {@code -o}: {@code encryption=on} (legacy AES), {@code encrypt.format=aes|luks},
 * {@code encrypt.key-secret=ID}, {@code encrypt.iter-time=MS}, {@code encrypt.cipher-alg=aes-128|aes-256},
 * {@code encrypt.hash-alg}, and novalab's {@code encrypt.iter-count=N} (explicit PBKDF2 iterations). For
 * {@code -f luks} the same keys come without the {@code encrypt.} prefix. Without a key secret the password is
 * asked on the terminal when data must be encrypted now (convert, LUKS), as the old qemu-img did.
 */
final class EncryptionOptions {
    private EncryptionOptions() {
    }

    /**
     * @param needsKeyNow false for {@code create}: a legacy AES image stores nothing about its key, so the old
     *                    qemu-img created it without asking (the key is given when data is first written)
     */
    static EncryptionSpec from(Map<String, String> o, ImageFormat format, String target, SecretObjects secrets,
                               Console console, boolean needsKeyNow) {
        String prefix = format == ImageFormat.LUKS ? "" : "encrypt.";
        boolean legacyOn = QemuOptions.flag(o, "encryption");
        String fmt = o.get(prefix + "format");
        if (format == ImageFormat.LUKS) {
            fmt = "luks";
        }
        if (fmt == null && legacyOn) {
            fmt = "aes";
        }
        if (fmt == null) {
            if (o.containsKey(prefix + "key-secret")) {
                throw new UsageError("encrypt.key-secret needs encrypt.format=aes|luks (or encryption=on)");
            }
            return null;
        }
        EncryptionFormat ef = EncryptionFormat.fromQemuName(fmt);
        String secretId = o.get(prefix + "key-secret");
        if (secretId == null && ef == EncryptionFormat.AES && !needsKeyNow) {
            return EncryptionSpec.aes(null);
        }
        Passphrase passphrase = secrets.get(secretId).orElseGet(() -> prompt(target, console));
        LuksParams params = LuksParams.QEMU_DEFAULT;
        if (ef == EncryptionFormat.LUKS) {
            int bits = switch (o.getOrDefault(prefix + "cipher-alg", "aes-256")) {
                case "aes-256" -> 512;
                case "aes-128" -> 256;
                default -> throw new UsageError("Unsupported cipher-alg '" + o.get(prefix + "cipher-alg")
                        + "' (aes-128, aes-256)");
            };
            String mode = o.getOrDefault(prefix + "cipher-mode", "xts");
            String ivgen = o.getOrDefault(prefix + "ivgen-alg", "plain64");
            if (!"xts".equals(mode) || !"plain64".equals(ivgen)) {
                throw new UsageError("only cipher-mode=xts with ivgen-alg=plain64 is supported");
            }
            String hash = o.getOrDefault(prefix + "hash-alg", "sha256");
            Integer iterCount = intOption(o, prefix + "iter-count");
            Integer iterTime = intOption(o, prefix + "iter-time");
            params = new LuksParams(bits, hash, iterCount, iterCount != null ? null
                    : iterTime != null ? iterTime : 2000);
        }
        return new EncryptionSpec(ef, passphrase, params);
    }

    private static Integer intOption(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new UsageError("Parameter '" + key + "' expects a number");
        }
    }

    private static Passphrase prompt(String target, Console console) {
        console.out().println("Disk image '" + target + "' is encrypted.");
        console.out().flush();
        try {
            char[] typed = console.readSecret("password: ");
            byte[] bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(typed)).array();
            Arrays.fill(typed, '\0');
            int len = 0;
            while (len < bytes.length && bytes[len] != 0) {
                len++;
            }
            Passphrase p = Passphrase.of(Arrays.copyOf(bytes, len));
            Arrays.fill(bytes, (byte) 0);
            if (p.length() == 0) {
                throw new UsageError("No password given");
            }
            return p;
        } catch (IOException e) {
            throw new UsageError("No password given");
        }
    }
}
