package org.novalab.api.compute.keypair;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaSchema;

/**
 * A {@code POST /os-keypairs} body, checked by Nova's schema for the microversion: a name of letters, digits,
 * {@code _ -} and spaces (and a valid name: printable, no space at either end), a {@code public_key} to import,
 * {@code type} from 2.2, {@code user_id} (an admin's, for someone else) from 2.10.
 */
public record KeyPairRequest(String name, Optional<String> publicKey, KeyType type, Optional<String> userId) {
    private static final Pattern NAME = Pattern.compile("[_\\- a-zA-Z0-9]+");

    public static KeyPairRequest parse(JsonObject body, Microversion version) {
        NovaSchema.allowOnly(body, Set.of("keypair"), null);
        NovaSchema.require(body, "keypair", null);
        JsonObject keypair = NovaSchema.object(body.getValue("keypair"), "keypair");
        Set<String> fields = new HashSet<>(List.of("name", "public_key"));
        if (version.atLeast(2)) {
            fields.add("type");
        }
        if (version.atLeast(10)) {
            fields.add("user_id");
        }
        NovaSchema.allowOnly(keypair, fields, "keypair");
        NovaSchema.require(keypair, "name", "keypair");
        String name = NovaSchema.name(keypair.getValue("name"), "name");
        if (!NAME.matcher(name).matches()) {
            throw NovaSchema.invalid("name", name, NovaSchema.repr(name) + " does not match "
                    + NovaSchema.repr("^" + NAME.pattern() + "$"));
        }
        KeyType type = KeyType.SSH;
        if (keypair.containsKey("type")) {
            String t = NovaSchema.oneOf(keypair.getValue("type"), "type", List.of("ssh", "x509"));
            type = KeyType.of(t);
        }
        Optional<String> publicKey = Optional.empty();
        if (keypair.containsKey("public_key")) {
            publicKey = Optional.of(NovaSchema.storedText(keypair.getValue("public_key"), "public_key",
                    KeyPairService.PUBLIC_KEY_MAX));
        }
        Optional<String> userId = Optional.empty();
        if (keypair.containsKey("user_id")) {
            // an empty user_id is no user_id: Nova falls back to the caller
            userId = Optional.of(NovaSchema.string(keypair.getValue("user_id"), "user_id", 0, 64))
                    .filter(u -> !u.isEmpty());
        }
        return new KeyPairRequest(name, publicKey, type, userId);
    }
}
