package org.novalab.api.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/** Flavors: the defaults a fresh novalab offers, and what an admin adds. */
public final class FlavorService {
    private final Database db;

    public FlavorService(Database db) {
        this.db = db;
    }

    /** Creates the default flavors when the store has none (first start). */
    public void bootstrap() {
        db.run(s -> {
            Long count = s.createSelectionQuery("select count(f) from FlavorEntity f", Long.class).getSingleResult();
            if (count > 0) {
                return;
            }
            s.persist(new FlavorEntity("1", "m1.tiny", 1, 512, 1, 0, 0, true, null, Map.of()));
            s.persist(new FlavorEntity("2", "m1.small", 1, 2048, 20, 0, 0, true, null, Map.of()));
            s.persist(new FlavorEntity("101", "m1.tiny.luks", 1, 512, 1, 0, 0, true,
                    "m1.tiny with a LUKS-encrypted root disk",
                    Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "luks")));
            s.persist(new FlavorEntity("102", "m1.tiny.qcow", 1, 512, 1, 0, 0, true,
                    "m1.tiny with a legacy qcow AES-encrypted root disk (the seed's encryption=on)",
                    Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "qcow")));
        });
    }

    public List<FlavorEntity> list() {
        return db.read(s -> s.createSelectionQuery("from FlavorEntity order by ramMb, rootGb, id", FlavorEntity.class)
                .list());
    }

    /**
     * Nova's flavor list: public flavors and those given to {@code project} ({@code publicOnes} true), only private
     * ones (false) or all (null); at least {@code minRamMb} and {@code minRootGb}; sorted by {@code sortKey} (a flavors
     * column, ties in creation order) and paged after the flavor {@code marker}.
     */
    public List<FlavorEntity> list(String project, Boolean publicOnes, Integer minRamMb, Integer minRootGb,
            String sortKey, boolean descending, Integer limit, String marker) {
        return db.read(s -> {
            List<FlavorEntity> all = s.createSelectionQuery("from FlavorEntity", FlavorEntity.class).list();
            java.util.Comparator<FlavorEntity> order = java.util.Comparator.comparing(
                    (FlavorEntity f) -> sortValue(f, sortKey), java.util.Comparator.nullsFirst(
                            java.util.Comparator.naturalOrder()));
            if (descending) {
                order = order.reversed();
            }
            order = order.thenComparing(FlavorEntity::createdAt).thenComparing(FlavorEntity::id);
            List<FlavorEntity> matching = all.stream()
                    .filter(f -> publicOnes == null || (publicOnes ? f.isPublic() || f.projects().contains(project)
                            : !f.isPublic()))
                    .filter(f -> minRamMb == null || f.ramMb() >= minRamMb)
                    .filter(f -> minRootGb == null || f.rootGb() >= minRootGb)
                    .sorted(order).toList();
            int start = 0;
            if (marker != null) {
                int at = -1;
                for (int n = 0; n < matching.size(); n++) {
                    if (matching.get(n).id().equals(marker)) {
                        at = n;
                    }
                }
                if (at < 0) {
                    throw ApiException.badRequest("marker [" + marker + "] not found");
                }
                start = at + 1;
            }
            int from = Math.min(start, matching.size());
            int to = limit == null ? matching.size() : (int) Math.min(matching.size(), (long) from + limit);
            return List.copyOf(matching.subList(from, to));
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable sortValue(FlavorEntity f, String key) {
        return switch (key) {
            case "name" -> f.name();
            case "memory_mb" -> f.ramMb();
            case "root_gb" -> f.rootGb();
            case "ephemeral_gb" -> f.ephemeralGb();
            case "swap" -> f.swapMb();
            case "vcpus" -> f.vcpus();
            case "is_public" -> f.isPublic();
            case "description" -> f.description();
            case "created_at", "updated_at", "id" -> f.createdAt();
            // the same for every flavor: the ties decide
            case "disabled", "rxtx_factor", "vcpu_weight" -> 0;
            default -> f.id();
        };
    }

    /** The flavor when {@code caller} may see it: public, given to its project, or any for an admin. */
    public Optional<FlavorEntity> findVisible(org.novalab.api.identity.AuthContext caller, String id) {
        return find(id).filter(f -> caller.isAdmin() || f.visibleTo(caller.projectId()));
    }

    public FlavorEntity getVisible(org.novalab.api.identity.AuthContext caller, String id) {
        return findVisible(caller, id).orElseThrow(() -> ApiException.notFound("Flavor " + id + " could not be found."));
    }

    /** Nova's flavor delete: the flavor goes, the servers made of it keep their copy of it. */
    public void delete(String id) {
        db.run(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            s.remove(f);
        });
    }

    public FlavorEntity describe(String id, String description) {
        return db.write(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            f.describe(description);
            return f;
        });
    }

    /** Gives a private flavor to a project: Nova's 409s for a public flavor and for a project that has it. */
    public FlavorEntity addAccess(String id, String project, boolean refusePublic) {
        return db.write(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            if (refusePublic && f.isPublic()) {
                throw ApiException.conflict("Can not add access to a public flavor.");
            }
            if (!f.addProject(project)) {
                throw ApiException.conflict("Flavor access already exists for flavor " + id + " and project " + project
                        + " combination.");
            }
            return f;
        });
    }

    public FlavorEntity removeAccess(String id, String project) {
        return db.write(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            if (!f.removeProject(project)) {
                throw ApiException.notFound("Flavor access not found for " + id + " / " + project + " combination.");
            }
            return f;
        });
    }

    public Optional<FlavorEntity> find(String id) {
        return Optional.ofNullable(db.read(s -> s.get(FlavorEntity.class, id)));
    }

    public FlavorEntity get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("Flavor " + id + " could not be found."));
    }

    public FlavorEntity create(FlavorEntity flavor) {
        return db.write(s -> {
            if (s.get(FlavorEntity.class, flavor.id()) != null) {
                throw ApiException.conflict("Flavor with ID " + flavor.id() + " already exists.");
            }
            Long sameName = s.createSelectionQuery("select count(f) from FlavorEntity f where f.name = :n", Long.class)
                    .setParameter("n", flavor.name()).getSingleResult();
            if (sameName > 0) {
                throw ApiException.conflict("Flavor with name " + flavor.name() + " already exists.");
            }
            s.persist(flavor);
            return flavor;
        });
    }

    public Map<String, String> putExtraSpecs(String id, Map<String, String> specs) {
        return db.write(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            f.putExtraSpecs(specs);
            return f.extraSpecs();
        });
    }

    public void deleteExtraSpec(String id, String key) {
        db.run(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            if (!f.extraSpecs().containsKey(key)) {
                throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
            }
            f.removeExtraSpec(key);
        });
    }
}
