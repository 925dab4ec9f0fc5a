package org.novalab.api.compute.keypair;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaTime;

/** Key pairs as Nova's view builder shows them: {@code type} from 2.2, the row's fields in a show. */
final class KeyPairView {
    private KeyPairView() {
    }

    static JsonObject created(KeyPairEntity k, Optional<String> privateKey, Microversion v) {
        JsonObject o = new JsonObject();
        privateKey.ifPresent(p -> o.put("private_key", p));
        if (v.atLeast(2)) {
            o.put("type", k.type().value());
        }
        return o.put("name", k.name()).put("public_key", k.publicKey()).put("fingerprint", k.fingerprint())
                .put("user_id", k.userId());
    }

    static JsonObject listed(KeyPairEntity k, Microversion v) {
        JsonObject o = new JsonObject().put("name", k.name()).put("public_key", k.publicKey())
                .put("fingerprint", k.fingerprint());
        if (v.atLeast(2)) {
            o.put("type", k.type().value());
        }
        return o;
    }

    static JsonObject shown(KeyPairEntity k, Microversion v) {
        JsonObject o = new JsonObject().put("name", k.name()).put("public_key", k.publicKey())
                .put("fingerprint", k.fingerprint()).put("user_id", k.userId())
                .put("created_at", NovaTime.micros(k.createdAt())).put("deleted", false).putNull("deleted_at")
                .put("id", k.id()).putNull("updated_at");
        if (v.atLeast(2)) {
            o.put("type", k.type().value());
        }
        return o;
    }
}
