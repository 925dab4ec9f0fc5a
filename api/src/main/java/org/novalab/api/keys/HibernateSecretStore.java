package org.novalab.api.keys;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.persistence.Database;
import org.novalab.keys.SealedSecret;
import org.novalab.keys.SealedSecretStore;
import org.novalab.keys.SecretOwner;

/** The key manager's sealed secrets in novalab's database ({@code passphrases}), shared by every host. */
public final class HibernateSecretStore implements SealedSecretStore {
    private final Database db;

    public HibernateSecretStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(SealedSecret secret) {
        db.run(s -> {
            PassphraseEntity e = s.get(PassphraseEntity.class, secret.id().toString());
            boolean fresh = e == null;
            if (fresh) {
                e = new PassphraseEntity(secret.id().toString());
            }
            e.ownerType = secret.owner().kind().wireName();
            e.ownerId = secret.owner().id();
            e.ciphertext = Base64.getEncoder().encodeToString(secret.ciphertext());
            e.legacyDiskPath = secret.legacyDiskPath().orElse(null);
            e.createdAt = secret.created();
            if (fresh) {
                s.persist(e);
            }
        });
    }

    @Override
    public Optional<SealedSecret> find(UUID id) {
        return Optional.ofNullable(db.read(s -> s.get(PassphraseEntity.class, id.toString())))
                .map(HibernateSecretStore::secretOf);
    }

    @Override
    public List<SealedSecret> byOwner(SecretOwner owner) {
        return db.read(s -> s.createSelectionQuery("from PassphraseEntity where ownerType = :t and ownerId = :o "
                        + "order by createdAt", PassphraseEntity.class)
                .setParameter("t", owner.kind().wireName()).setParameter("o", owner.id()).list()).stream()
                .map(HibernateSecretStore::secretOf).toList();
    }

    @Override
    public boolean delete(UUID id) {
        return db.write(s -> s.createMutationQuery("delete from PassphraseEntity where id = :id")
                .setParameter("id", id.toString()).executeUpdate() == 1);
    }

    @Override
    public List<SealedSecret> all() {
        return db.read(s -> s.createSelectionQuery("from PassphraseEntity order by createdAt", PassphraseEntity.class)
                .list()).stream().map(HibernateSecretStore::secretOf).toList();
    }

    private static SealedSecret secretOf(PassphraseEntity e) {
        return new SealedSecret(UUID.fromString(e.id), new SecretOwner(SecretOwner.Kind.fromWireName(e.ownerType),
                e.ownerId), Base64.getDecoder().decode(e.ciphertext), Optional.ofNullable(e.legacyDiskPath),
                e.createdAt);
    }
}
