package org.novalab.api.identity.appcred;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.ApplicationCredentialEntity;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.IdentityService;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.Lookup;
import org.novalab.api.identity.PasswordHash;

/**
 * Keystone's application credentials of a user: made from a project-scoped token of that user, for that project and
 * some or all of the token's roles; the secret is shown once and kept only as its hash. A token made from a
 * restricted credential may not make or delete credentials (it could otherwise outlive or widen its own).
 */
public final class ApplicationCredentials {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final IdentityStore store;
    private final Clock clock;

    public ApplicationCredentials(IdentityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A credential just made, with the secret its maker sees once. */
    record Created(ApplicationCredentialEntity credential, String secret) {
    }

    /** {@code body} is the request's JSON, checked here against Keystone's schema. */
    Created create(AuthContext caller, String userId, io.vertx.core.json.JsonObject body) {
        refuseRestricted(caller);
        ApplicationCredentialRequest request = ApplicationCredentialRequest.parse(body, clock.instant());
        if (!caller.userId().equals(userId)) {
            throw ApiException.forbidden("Cannot create an application credential for another user.");
        }
        if (!caller.scoped()) {
            throw ApiException.forbidden("An application credential is made with a project-scoped token: it "
                    + "delegates the token's roles on that project.");
        }
        List<String> roleIds = roles(caller, request.roles());
        String secret = request.secret() != null ? request.secret() : generatedSecret();
        return store.change(s -> {
            Lookup.requireUser(s, userId);
            if (Lookup.applicationCredential(s, userId, request.name()) != null) {
                throw ApiException.conflict("Conflict occurred attempting to store application_credential - "
                        + "Duplicate entry: the user has an application credential named " + request.name() + ".");
            }
            ApplicationCredentialEntity credential = new ApplicationCredentialEntity(IdentityService.newId(),
                    request.name(), request.description(), userId, caller.projectId(), PasswordHash.hash(secret),
                    roleIds, request.unrestricted(), request.expiresAt());
            s.persist(credential);
            return new Created(credential, secret);
        });
    }

    List<ApplicationCredentialEntity> list(String userId, String name) {
        return store.read(s -> {
            Lookup.requireUser(s, userId);
            var query = s.createSelectionQuery("from ApplicationCredentialEntity c where c.userId = :u"
                    + (name == null ? "" : " and c.name = :n") + " order by c.name", ApplicationCredentialEntity.class)
                    .setParameter("u", userId);
            return (name == null ? query : query.setParameter("n", name)).getResultList();
        });
    }

    ApplicationCredentialEntity get(String userId, String id) {
        return store.read(s -> require(s, userId, id));
    }

    /** Deletes the credential and every token made from it. */
    void delete(AuthContext caller, String userId, String id) {
        refuseRestricted(caller);
        store.change(s -> {
            ApplicationCredentialEntity credential = require(s, userId, id);
            s.createMutationQuery("delete from TokenEntity t where t.applicationCredentialId = :c")
                    .setParameter("c", credential.id()).executeUpdate();
            s.remove(credential);
            return null;
        });
    }

    /** The roles asked for, each one the token holds; all of the token's when none were asked for. */
    private static List<String> roles(AuthContext caller, List<ApplicationCredentialRequest.RoleName> asked) {
        if (asked.isEmpty()) {
            return caller.roles().stream().map(AuthContext.Ref::id).toList();
        }
        List<String> ids = new ArrayList<>();
        for (ApplicationCredentialRequest.RoleName role : asked) {
            String id = caller.roles().stream().filter(r -> role.matches(r.id(), r.name())).map(AuthContext.Ref::id)
                    .findFirst().orElseThrow(() -> ApiException.badRequest("Invalid application credential: the user "
                            + caller.userId() + " holds no role " + role + " on project " + caller.projectId() + "."));
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static void refuseRestricted(AuthContext caller) {
        if (caller.restrictedApplicationCredential()) {
            throw ApiException.forbidden("Using method 'application_credential' is not allowed for managing "
                    + "additional application credentials.");
        }
    }

    private static ApplicationCredentialEntity require(Session s, String userId, String id) {
        Lookup.requireUser(s, userId);
        ApplicationCredentialEntity credential = s.get(ApplicationCredentialEntity.class, id);
        if (credential == null || !credential.userId().equals(userId)) {
            throw ApiException.notFound("Could not find Application Credential: " + id + ".");
        }
        return credential;
    }


    /** Keystone's: 64 random bytes, URL-safe base64 without padding. */
    private static String generatedSecret() {
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
