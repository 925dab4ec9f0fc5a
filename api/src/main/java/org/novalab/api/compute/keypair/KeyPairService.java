package org.novalab.api.compute.keypair;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Constraints;
import org.novalab.api.persistence.Database;

/**
 * Nova's {@code KeypairAPI}: a user's key pairs, imported (the public key checked and fingerprinted) or generated
 * (the private key handed back once and never kept). Each call passes Nova's policy first: a user acts on their
 * own key pairs, an admin on anyone's.
 */
public final class KeyPairService {
    public static final String POLICY = "os_compute_api:os-keypairs:";
    /** The public_key column's length. */
    static final int PUBLIC_KEY_MAX = 65535;

    private final Database db;
    private final KeyGeneration generation;
    private final Clock clock;
    private final KeyPairQuota quota;

    public KeyPairService(Database db, Clock clock, KeyPairQuota quota) {
        this.db = db;
        this.generation = new KeyGeneration(clock);
        this.clock = clock;
        this.quota = quota;
    }

    /** What a key pair create answers: the stored pair, and the private key when novalab generated it. */
    public record Created(KeyPairEntity keyPair, Optional<String> privateKey) {
        @Override
        public String toString() {
            return "Created[" + keyPair.name() + "]";
        }
    }

    /** The limit on a user's key pairs; checked before a pair is made and again once it is stored. */
    @FunctionalInterface
    public interface KeyPairQuota {
        /** @throws ApiException (403) when {@code userId} may not have {@code count} key pairs */
        void check(AuthContext caller, String userId, long count);
    }

    public Created create(AuthContext caller, KeyPairRequest request) {
        String userId = request.userId().orElse(caller.userId());
        NovaPolicy.adminOrUser(caller, userId, POLICY + "create");
        quota.check(caller, userId, count(userId) + 1);
        Optional<String> privateKey = Optional.empty();
        String publicKey;
        String fingerprint;
        if (request.publicKey().isPresent()) {
            publicKey = request.publicKey().get();
            fingerprint = request.type() == KeyType.SSH ? SshPublicKey.fingerprint(publicKey)
                    : X509Certificates.fingerprint(publicKey);
        } else {
            KeyGeneration.Generated generated = request.type() == KeyType.SSH ? generation.ssh()
                    : generation.x509(userId);
            publicKey = generated.publicKey();
            fingerprint = generated.fingerprint();
            privateKey = Optional.of(generated.privateKey());
        }
        KeyPairEntity row = new KeyPairEntity(userId, request.name(), request.type(), fingerprint, publicKey,
                clock.instant());
        try {
            db.run(s -> {
                if (find(s, userId, request.name()) != null) {
                    throw exists(request.name());
                }
                s.persist(row);
            });
        } catch (RuntimeException e) {
            if (!(e instanceof ApiException) && Constraints.violated(e)) {
                throw exists(request.name());
            }
            throw e;
        }
        try {
            // Nova's recheck: two creates racing past the first check may not both stay
            quota.check(caller, userId, count(userId));
        } catch (ApiException overQuota) {
            db.run(s -> s.createMutationQuery("delete from KeyPairEntity k where k.id = :id")
                    .setParameter("id", row.id()).executeUpdate());
            throw overQuota;
        }
        return new Created(row, privateKey);
    }

    public List<KeyPairEntity> list(AuthContext caller, Optional<String> user, Integer limit, String marker) {
        String userId = user.orElse(caller.userId());
        NovaPolicy.adminOrUser(caller, userId, POLICY + "index");
        return db.read(s -> {
            String after = null;
            if (marker != null) {
                KeyPairEntity m = find(s, userId, marker);
                if (m == null) {
                    throw ApiException.badRequest("Marker " + marker + " could not be found.");
                }
                after = m.name();
            }
            var q = s.createSelectionQuery("from KeyPairEntity k where k.userId = :user"
                    + (after == null ? "" : " and k.name > :after") + " order by k.name, k.id", KeyPairEntity.class)
                    .setParameter("user", userId);
            if (after != null) {
                q.setParameter("after", after);
            }
            if (limit != null) {
                q.setMaxResults(limit);
            }
            return limit != null && limit == 0 ? List.of() : q.list();
        });
    }

    public KeyPairEntity get(AuthContext caller, Optional<String> user, String name) {
        String userId = user.orElse(caller.userId());
        NovaPolicy.adminOrUser(caller, userId, POLICY + "show");
        KeyPairEntity found = db.read(s -> find(s, userId, name));
        if (found == null) {
            throw notFound(name, userId);
        }
        return found;
    }

    public void delete(AuthContext caller, Optional<String> user, String name) {
        String userId = user.orElse(caller.userId());
        NovaPolicy.adminOrUser(caller, userId, POLICY + "delete");
        int deleted = db.write(s -> s.createMutationQuery(
                "delete from KeyPairEntity k where k.userId = :user and k.name = :name")
                .setParameter("user", userId).setParameter("name", name).executeUpdate());
        if (deleted == 0) {
            throw notFound(name, userId);
        }
    }

    /** The key pair a server create names: the user's own (Nova's 400 "Invalid key_name provided." otherwise). */
    public Optional<KeyPairEntity> find(String userId, String name) {
        return Optional.ofNullable(db.read(s -> find(s, userId, name)));
    }

    public long count(String userId) {
        return db.read(s -> s.createSelectionQuery("select count(k) from KeyPairEntity k where k.userId = :user",
                Long.class).setParameter("user", userId).getSingleResult());
    }

    private static KeyPairEntity find(org.hibernate.Session s, String userId, String name) {
        return s.createSelectionQuery("from KeyPairEntity k where k.userId = :user and k.name = :name",
                KeyPairEntity.class).setParameter("user", userId).setParameter("name", name).uniqueResult();
    }

    private static ApiException exists(String name) {
        return ApiException.conflict("Key pair '" + name + "' already exists.");
    }

    private static ApiException notFound(String name, String userId) {
        return ApiException.notFound("Keypair " + name + " not found for user " + userId);
    }
}
