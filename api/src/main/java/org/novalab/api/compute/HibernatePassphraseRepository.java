package org.novalab.api.compute;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.persistence.Database;
import org.novalab.compute.secret.PassphraseRecord;
import org.novalab.compute.secret.PassphraseRepository;

/** Compute's passphrase table in novalab's database: rows reference their instance by foreign key. */
public final class HibernatePassphraseRepository implements PassphraseRepository {
    private final Database db;

    public HibernatePassphraseRepository(Database db) {
        this.db = db;
    }

    @Override
    public void save(PassphraseRecord r) {
        db.run(s -> {
            s.createMutationQuery("delete from PassphraseEntity p where p.secretUuid = :secret and p.id <> :id")
                    .setParameter("secret", r.secretUuid().toString()).setParameter("id", r.id().toString())
                    .executeUpdate();
            PassphraseEntity e = s.get(PassphraseEntity.class, r.id().toString());
            boolean fresh = e == null;
            if (fresh) {
                e = new PassphraseEntity(r.id().toString());
            }
            e.instanceUuid = r.instanceUuid().toString();
            e.diskPath = r.diskPath();
            e.secretUuid = r.secretUuid().toString();
            e.ciphertext = Base64.getEncoder().encodeToString(r.ciphertext());
            e.createdAt = r.created();
            if (fresh) {
                s.persist(e);
            }
        });
    }

    @Override
    public Optional<PassphraseRecord> findBySecret(UUID secretUuid) {
        return db.read(s -> s.createSelectionQuery("from PassphraseEntity where secretUuid = :s", PassphraseEntity.class)
                .setParameter("s", secretUuid.toString()).uniqueResultOptional().map(HibernatePassphraseRepository::record));
    }

    @Override
    public List<PassphraseRecord> findByInstance(UUID instanceUuid) {
        return db.read(s -> s.createSelectionQuery("from PassphraseEntity where instanceUuid = :i order by createdAt",
                PassphraseEntity.class).setParameter("i", instanceUuid.toString()).list().stream()
                .map(HibernatePassphraseRepository::record).toList());
    }

    @Override
    public int deleteByInstance(UUID instanceUuid) {
        return db.write(s -> s.createMutationQuery("delete from PassphraseEntity where instanceUuid = :i")
                .setParameter("i", instanceUuid.toString()).executeUpdate());
    }

    @Override
    public List<PassphraseRecord> all() {
        return db.read(s -> s.createSelectionQuery("from PassphraseEntity order by createdAt", PassphraseEntity.class)
                .list().stream().map(HibernatePassphraseRepository::record).toList());
    }

    private static PassphraseRecord record(PassphraseEntity e) {
        return new PassphraseRecord(UUID.fromString(e.id), UUID.fromString(e.instanceUuid), e.diskPath,
                UUID.fromString(e.secretUuid), Base64.getDecoder().decode(e.ciphertext), e.createdAt);
    }
}
