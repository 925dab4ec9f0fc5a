package org.novalab.compute;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.snapshot.EncryptedImages;
import org.novalab.disk.EncryptionFormat;

/**
 * Whether, and how, the root disk is encrypted. Resolved like Nova's ephemeral encryption from the flavor's extra
 * specs and the image's properties:
 * <ul>
 *   <li>{@value #FLAVOR_ENABLED} / {@value #IMAGE_ENABLED}: {@code true|false}; either one {@code true} enables,
 *       one {@code true} and the other {@code false} is a conflict;</li>
 *   <li>{@value #FLAVOR_FORMAT} / {@value #IMAGE_FORMAT}: {@code luks} (default) or {@code qcow} (legacy qcow AES,
 *       for the lab); two different explicit formats are a conflict.</li>
 * </ul>
 */
public record EncryptionChoice(Optional<EncryptionFormat> format) {
    public static final String FLAVOR_ENABLED = "hw:ephemeral_encryption";
    public static final String FLAVOR_FORMAT = "hw:ephemeral_encryption_format";
    public static final String IMAGE_ENABLED = "hw_ephemeral_encryption";
    public static final String IMAGE_FORMAT = "hw_ephemeral_encryption_format";
    /** novalab's lab knob (flavor extra spec or image property): {@code backing_file} or {@code convert}. */
    public static final String DISK_CREATION = "novalab:disk_creation";
    /** The same knob spelled as an image property. */
    public static final String IMAGE_DISK_CREATION = "novalab_disk_creation";

    public static final EncryptionChoice NONE = new EncryptionChoice(Optional.empty());

    public EncryptionChoice {
        format = format == null ? Optional.empty() : format;
    }

    public static EncryptionChoice luks() {
        return new EncryptionChoice(Optional.of(EncryptionFormat.LUKS));
    }

    public static EncryptionChoice legacyAes() {
        return new EncryptionChoice(Optional.of(EncryptionFormat.AES));
    }

    public boolean enabled() {
        return format.isPresent();
    }

    /** The operator's word for it in logs and messages: {@code none}, {@code luks} or {@code qcow} (legacy AES). */
    @Override
    public String toString() {
        return libvirtFormat().orElse("none");
    }

    /** libvirt's name of the format in {@code <encryption format=…>}: {@code luks} or {@code qcow}. */
    public Optional<String> libvirtFormat() {
        return format.map(EncryptionChoice::libvirtName);
    }

    public static String libvirtName(EncryptionFormat f) {
        return f == EncryptionFormat.AES ? "qcow" : "luks";
    }

    /** The choice libvirt's name of its format stands for ({@link #libvirtName}): {@code luks} or {@code qcow}. */
    public static EncryptionChoice ofLibvirtName(String name) {
        return new EncryptionChoice(format("encryption format", name));
    }

    /**
     * The deployment's ephemeral encryption policy, Nova's {@code [ephemeral_storage_encryption]}: {@code enabled}
     * encrypts every root disk whose flavor and image say nothing (an explicit {@code false} still wins), and
     * {@code default_format} is the format when neither names one.
     */
    public record Defaults(boolean encryptAll, EncryptionFormat format) {
        /** Nova's defaults: encrypt only when asked, with LUKS. */
        public static final Defaults NOVA = new Defaults(false, EncryptionFormat.LUKS);

        public Defaults {
            java.util.Objects.requireNonNull(format, "format");
        }
    }

    public static EncryptionChoice resolve(Map<String, String> extraSpecs, Map<String, String> imageProperties) {
        return resolve(extraSpecs, imageProperties, Defaults.NOVA);
    }

    public static EncryptionChoice resolve(Map<String, String> extraSpecs, Map<String, String> imageProperties,
                                           Defaults defaults) {
        Map<String, String> specs = extraSpecs == null ? Map.of() : extraSpecs;
        Map<String, String> props = imageProperties == null ? Map.of() : imageProperties;
        Optional<Boolean> flavorOn = bool(FLAVOR_ENABLED, specs.get(FLAVOR_ENABLED));
        Optional<Boolean> imageOn = bool(IMAGE_ENABLED, props.get(IMAGE_ENABLED));
        if (flavorOn.isPresent() && imageOn.isPresent() && !flavorOn.equals(imageOn)) {
            throw new InvalidRequest("Conflicting ephemeral encryption settings: the flavor has " + FLAVOR_ENABLED + "="
                    + flavorOn.get() + " but the image has " + IMAGE_ENABLED + "=" + imageOn.get());
        }
        Optional<EncryptionFormat> flavorFormat = format(FLAVOR_FORMAT, specs.get(FLAVOR_FORMAT));
        Optional<EncryptionFormat> imageFormat = format(IMAGE_FORMAT, props.get(IMAGE_FORMAT));
        if (flavorFormat.isPresent() && imageFormat.isPresent() && flavorFormat.get() != imageFormat.get()) {
            throw new InvalidRequest("Conflicting ephemeral encryption formats: the flavor has " + FLAVOR_FORMAT + "="
                    + libvirtName(flavorFormat.get()) + " but the image has " + IMAGE_FORMAT + "="
                    + libvirtName(imageFormat.get()));
        }
        if (EncryptedImages.encrypted(props)) {
            return forEncryptedImage(flavorOn, imageOn, flavorFormat.or(() -> imageFormat));
        }
        boolean said = flavorOn.isPresent() || imageOn.isPresent();
        boolean on = said ? flavorOn.orElse(false) || imageOn.orElse(false) : defaults.encryptAll();
        if (!on) {
            return NONE;
        }
        return new EncryptionChoice(Optional.of(flavorFormat.or(() -> imageFormat).orElse(defaults.format())));
    }

    /**
     * Nova's spec for an encrypted source image ({@code os_encrypt_key_id}): the server's disk is encrypted whatever
     * the flavor and image leave unsaid; asking for no encryption is a conflict; the format is the one asked for,
     * else LUKS (the image's own {@code os_encrypt_format}).
     */
    private static EncryptionChoice forEncryptedImage(Optional<Boolean> flavorOn, Optional<Boolean> imageOn,
                                                      Optional<EncryptionFormat> asked) {
        if (flavorOn.equals(Optional.of(false)) || imageOn.equals(Optional.of(false))) {
            throw new InvalidRequest("The image is encrypted (" + EncryptedImages.KEY_ID + " is set) but the flavor or "
                    + "image asks for no ephemeral encryption: an encrypted image boots only onto an encrypted disk");
        }
        return new EncryptionChoice(Optional.of(asked.orElse(EncryptionFormat.LUKS)));
    }

    private static Optional<Boolean> bool(String key, String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return Optional.of(true);
            case "false", "no", "0", "off":
                return Optional.of(false);
            default:
                throw new InvalidRequest("Invalid value '" + value + "' for " + key + ": expected true or false");
        }
    }

    private static Optional<EncryptionFormat> format(String key, String value) {
        if (value == null) {
            return Optional.empty();
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "luks":
                return Optional.of(EncryptionFormat.LUKS);
            case "qcow", "aes":
                return Optional.of(EncryptionFormat.AES);
            default:
                throw new InvalidRequest("Invalid value '" + value + "' for " + key + ": expected luks or qcow");
        }
    }
}
