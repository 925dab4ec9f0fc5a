package org.novalab.api.identity.credential;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Filter;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.KeystoneValidation;
import org.novalab.api.identity.Lookup;

/**
 * Keystone's credentials: blobs of a type that belong to a user (and, for EC2 ones, to a project), sealed at rest.
 * An EC2 credential's id is the SHA-256 of its access key, so that the key finds it; its blob must be a JSON object
 * with an {@code access}. They go with their user or project.
 */
public final class Credentials {
    static final String EC2 = "ec2";
    private static final String KIND = "credential";
    /** What a delegation bound an EC2 blob to: never changed by an update (Keystone's rule). */
    private static final List<String> BOUND_KEYS = List.of("trust_id", "app_cred_id", "access_token_id", "access_id");
    private final IdentityStore store;
    private final CredentialSeal seal;

    public Credentials(IdentityStore store, CredentialSeal seal) {
        this.store = store;
        this.seal = seal;
    }

    /** A credential as the API shows it: its blob opened. */
    record Credential(String id, String userId, String projectId, String type, String blob, JsonObject extra) {
    }

    List<Credential> list(String userId, String type) {
        return store.read(s -> Filter.of("userId", userId, "type", type).list(s, CredentialEntity.class, "id")
                .stream().map(this::opened).toList());
    }

    Credential credential(String id) {
        return store.read(s -> opened(require(s, id)));
    }

    Credential create(CredentialFields f) {
        if (f.blob() == null) {
            throw ApiException.badRequest("'blob' is a required property");
        }
        if (f.type() == null) {
            throw ApiException.badRequest("'type' is a required property");
        }
        if (f.userId() == null) {
            throw ApiException.badRequest("'user_id' is a required property");
        }
        boolean ec2 = EC2.equalsIgnoreCase(f.type());
        if (ec2 && f.projectId() == null) {
            throw ApiException.badRequest("'project_id' is a required property");
        }
        String id = ec2 ? IdentityService.sha256(String.valueOf(ec2Blob(f.blob()).getValue("access"))) : IdentityService.newId();
        return store.change(s -> {
            requireOwners(s, f);
            if (s.get(CredentialEntity.class, id) != null) {
                throw ApiException.conflict("Conflict occurred attempting to store credential - Duplicate ID, "
                        + id + ".");
            }
            CredentialEntity c = new CredentialEntity(id, f.userId(), f.projectId(), f.type(),
                    seal.seal(KIND, id, f.blob()), f.extra());
            s.persist(c);
            return opened(c);
        });
    }

    Credential update(String id, CredentialFields f) {
        return store.change(s -> {
            CredentialEntity c = require(s, id);
            Credential current = opened(c);
            String type = f.type() != null ? f.type() : c.type();
            if (EC2.equalsIgnoreCase(type)) {
                String project = f.projectGiven() ? f.projectId() : c.projectId();
                if (project == null) {
                    throw KeystoneValidation.expecting("project_id", "credential");
                }
                // what an EC2 credential becomes must be one: the OS-EC2 routes read its access key
                JsonObject after = ec2Blob(f.blob() != null ? f.blob() : current.blob());
                if (EC2.equalsIgnoreCase(c.type()) && f.blob() != null) {
                    requireSameBindings(ec2Blob(current.blob()), after);
                }
            }
            requireOwners(s, f);
            c.update(f, f.blob() == null ? null : seal.seal(KIND, id, f.blob()));
            return opened(c);
        });
    }

    void delete(String id) {
        store.change(s -> {
            s.remove(require(s, id));
            return null;
        });
    }

    private Credential opened(CredentialEntity c) {
        return new Credential(c.id(), c.userId(), c.projectId(), c.type(),
                seal.open(KIND, c.id(), c.encryptedBlob()), c.extra());
    }

    static CredentialEntity require(Session s, String id) {
        CredentialEntity c = id == null ? null : s.get(CredentialEntity.class, id);
        if (c == null) {
            throw ApiException.notFound("Could not find credential: " + id + ".");
        }
        return c;
    }

    /** Keystone's checks of an EC2 blob: JSON, an object, with an access key. */
    static JsonObject ec2Blob(String blob) {
        Object parsed;
        try {
            parsed = new JsonObject("{\"b\":" + blob + "}").getValue("b");
        } catch (DecodeException e) {
            throw ApiException.badRequest("Invalid blob in credential");
        }
        if (!(parsed instanceof JsonObject object) || object.isEmpty()) {
            throw KeystoneValidation.expecting("blob", "credential");
        }
        if (object.getValue("access") == null) {
            throw KeystoneValidation.expecting("access", "credential");
        }
        return object;
    }

    private static void requireSameBindings(JsonObject before, JsonObject after) {
        for (String key : BOUND_KEYS) {
            if (!Objects.equals(before.getValue(key), after.getValue(key))) {
                throw ApiException.badRequest(key + " can not be updated for credential");
            }
        }
    }

    /** The user and project a credential names exist (the database would refuse them otherwise). */
    private static void requireOwners(Session s, CredentialFields f) {
        if (f.userId() != null) {
            Lookup.requireUser(s, f.userId());
        }
        if (f.projectId() != null) {
            Lookup.requireProject(s, f.projectId());
        }
    }
}
