package org.novalab.api.compute.rebuild;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.IpAddressText;
import org.novalab.api.compute.MetadataItems;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.UserData;
import org.novalab.api.http.ApiException;

/**
 * A {@code rebuild} action's body, read as Nova's schema for the microversion reads it: {@code imageRef} (a uuid,
 * required), {@code name}, {@code adminPass}, {@code metadata} (replaces the server's), {@code preserve_ephemeral},
 * {@code OS-DCF:diskConfig}, {@code accessIPv4}/{@code accessIPv6}; from 2.19 {@code description} (null removes
 * it), from 2.54 {@code key_name} (null removes the key), from 2.57 {@code user_data} (null removes it), from 2.63
 * {@code trusted_image_certificates}, from 2.90 {@code hostname}. A field not given leaves the server's as it is.
 * Nova takes {@code personality} until 2.56; novalab injects no files, and refuses it as a create does.
 */
public record RebuildBody(String imageRef, Optional<String> name, Optional<String> adminPass,
        Optional<Map<String, String>> metadata, boolean preserveEphemeral, Optional<String> diskConfig,
        Optional<String> accessIpV4, Optional<String> accessIpV6, boolean hasDescription, String description,
        boolean hasKeyName, String keyName, boolean hasUserData, String userData, Optional<String> hostname) {
    private static final String ACTION = "rebuild";
    private static final Set<String> FIELDS = Set.of("imageRef", "name", "adminPass", "metadata", "preserve_ephemeral",
            "OS-DCF:diskConfig", "accessIPv4", "accessIPv6");

    public static RebuildBody parse(JsonObject body, Microversion v) {
        JsonObject r = NovaSchema.object(body.getValue(ACTION), ACTION);
        Set<String> fields = new HashSet<>(FIELDS);
        add(fields, v, 19, "description");
        add(fields, v, 54, "key_name");
        add(fields, v, 57, "user_data");
        add(fields, v, 63, "trusted_image_certificates");
        add(fields, v, 90, "hostname");
        NovaSchema.allowOnly(r, fields, ACTION);
        NovaSchema.require(r, "imageRef", ACTION);
        String image = NovaSchema.uuid(r.getValue("imageRef"), "imageRef");
        if (r.containsKey("trusted_image_certificates") && r.getValue("trusted_image_certificates") != null) {
            trustedCertificates(r.getValue("trusted_image_certificates"));
            throw ApiException.badRequest("Image certificate validation is not supported: novalab verifies no "
                    + "image signatures, so trusted_image_certificates can only be null.");
        }
        return new RebuildBody(image,
                optional(r, "name", value -> NovaSchema.name(value, "name")),
                optional(r, "adminPass", value -> NovaSchema.string(value, "adminPass", 0, Integer.MAX_VALUE)),
                optional(r, "metadata", value -> MetadataItems.parse(value, "metadata")),
                optional(r, "preserve_ephemeral", value -> NovaSchema.bool(value, "preserve_ephemeral")).orElse(false),
                optional(r, "OS-DCF:diskConfig",
                        value -> NovaSchema.oneOf(value, "OS-DCF:diskConfig", List.of("AUTO", "MANUAL"))),
                optional(r, "accessIPv4", value -> IpAddressText.accessIp(value, "accessIPv4", true)),
                optional(r, "accessIPv6", value -> IpAddressText.accessIp(value, "accessIPv6", false)),
                r.containsKey("description"), NovaSchema.description(r.getValue("description"), "description", 255),
                r.containsKey("key_name"), r.getValue("key_name") == null ? null
                        : NovaSchema.name(r.getValue("key_name"), "key_name"),
                r.containsKey("user_data"), r.getValue("user_data") == null ? null : UserData.check(r.getValue("user_data")),
                optional(r, "hostname", value -> NovaSchema.hostname(value, "hostname")));
    }

    /** Never the administrator password (nor the user data, which may hold secrets of its own). */
    @Override
    public String toString() {
        return "RebuildBody[imageRef=" + imageRef + ", name=" + name.orElse("-") + ", preserveEphemeral="
                + preserveEphemeral + "]";
    }

    private static void add(Set<String> fields, Microversion v, int since, String field) {
        if (v.atLeast(since)) {
            fields.add(field);
        }
    }

    private static <T> Optional<T> optional(JsonObject r, String field, java.util.function.Function<Object, T> check) {
        return r.containsKey(field) ? Optional.of(check.apply(r.getValue(field))) : Optional.empty();
    }

    /** Nova's {@code trusted_certs}: 1 to 50 unique non-empty strings. */
    private static void trustedCertificates(Object value) {
        JsonArray certs = NovaSchema.array(value, "trusted_image_certificates");
        if (certs.isEmpty() || certs.size() > 50) {
            throw NovaSchema.invalid("trusted_image_certificates", value, NovaSchema.repr(value)
                    + (certs.isEmpty() ? " is too short" : " is too long"));
        }
        for (Object cert : certs) {
            NovaSchema.string(cert, "trusted_image_certificates", 1, Integer.MAX_VALUE);
        }
    }
}
