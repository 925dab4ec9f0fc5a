package org.novalab.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Keystone's job in novalab: projects, users with hashed passwords, role assignments, and tokens that are
 * random, stored only as hashes, and expire.
 */
public final class IdentityService {
    public static final String DOMAIN_ID = "default";
    public static final String DOMAIN_NAME = "Default";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Duration tokenTtl;
    private final Clock clock;
    /** Validated tokens by hash: tokens are never revoked early, so a hit stays true until it expires. */
    private final Map<String, AuthContext> validated = new ConcurrentHashMap<>();

    public IdentityService(Database db, Duration tokenTtl, Clock clock) {
        this.db = db;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /** An issued token: its text (shown once, in X-Subject-Token) and what it grants. */
    public record IssuedToken(String token, AuthContext context) {
    }

    /**
     * On first start creates project {@code demo} and user {@code admin} (role admin). Returns the admin password
     * when it was generated here, so the caller can print it once; a given password replaces the stored one.
     */
    public Optional<String> bootstrap(String adminPassword) {
        return db.write(s -> {
            // Expired tokens are useless; drop them at each start so the table does not grow forever.
            s.createMutationQuery("delete from TokenEntity t where t.expiresAt < :now")
                    .setParameter("now", clock.instant()).executeUpdate();
            UserEntity admin = findUser(s, "admin");
            if (admin != null) {
                if (adminPassword != null) {
                    s.createMutationQuery("update UserEntity u set u.passwordHash = :h where u.id = :id")
                            .setParameter("h", PasswordHash.hash(adminPassword)).setParameter("id", admin.id())
                            .executeUpdate();
                }
                return Optional.<String>empty();
            }
            String password = adminPassword != null ? adminPassword : randomText(12);
            ProjectEntity demo = new ProjectEntity(newId(), "demo", DOMAIN_ID, "novalab's default project");
            s.persist(demo);
            UserEntity user = new UserEntity(newId(), "admin", DOMAIN_ID, PasswordHash.hash(password), demo.id());
            s.persist(user);
            s.persist(new RoleAssignmentEntity(demo.id(), user.id(), Role.ADMIN));
            return adminPassword != null ? Optional.<String>empty() : Optional.of(password);
        });
    }

    public IssuedToken authenticatePassword(UserRef userRef, String password, ProjectRef scope) {
        UserEntity user = db.read(s -> resolveUser(s, userRef));
        if (user == null || !user.enabled() || password == null || !PasswordHash.matches(password, user.passwordHash())) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        return issue(user, scope, "password");
    }

    public IssuedToken authenticateToken(String token, ProjectRef scope) {
        AuthContext current = validate(token);
        UserEntity user = db.read(s -> s.get(UserEntity.class, current.userId()));
        ProjectRef effective = scope != null ? scope : ProjectRef.byId(current.projectId());
        return issue(user, effective, "token");
    }

    private IssuedToken issue(UserEntity user, ProjectRef scope, String method) {
        return db.write(s -> {
            ProjectRef wanted = scope != null ? scope
                    : user.defaultProjectId() == null ? null : ProjectRef.byId(user.defaultProjectId());
            if (wanted == null) {
                throw ApiException.badRequest("A project scope is required: novalab issues project-scoped tokens only");
            }
            ProjectEntity project = resolveProject(s, wanted);
            Set<Role> roles = project == null ? Set.of() : rolesOf(s, project.id(), user.id());
            if (roles.isEmpty()) {
                throw ApiException.unauthorized("User " + user.id() + " has no access to the requested project.");
            }
            String token = randomText(32);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            TokenEntity entity = new TokenEntity(sha256(token), user.id(), project.id(), method, randomText(16),
                    now, now.plus(tokenTtl));
            s.persist(entity);
            return new IssuedToken(token, new AuthContext(user.id(), user.name(), project.id(), project.name(), roles,
                    entity.issuedAt(), entity.expiresAt(), entity.auditId(), method));
        });
    }

    /** @throws ApiException 401 when the token is unknown or expired */
    public AuthContext validate(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("The request you have made requires authentication.");
        }
        String hash = sha256(token);
        AuthContext cached = validated.get(hash);
        if (cached == null) {
            cached = db.read(s -> {
                TokenEntity t = s.get(TokenEntity.class, hash);
                if (t == null) {
                    return null;
                }
                UserEntity user = s.get(UserEntity.class, t.userId());
                ProjectEntity project = s.get(ProjectEntity.class, t.projectId());
                return new AuthContext(user.id(), user.name(), project.id(), project.name(),
                        rolesOf(s, project.id(), user.id()), t.issuedAt(), t.expiresAt(), t.auditId(), t.methods());
            });
            if (cached == null) {
                throw ApiException.unauthorized("The request you have made requires authentication.");
            }
            if (validated.size() > 10_000) {
                validated.clear();
            }
            validated.put(hash, cached);
        }
        if (!clock.instant().isBefore(cached.expiresAt())) {
            validated.remove(hash);
            throw ApiException.unauthorized("The token has expired; authenticate again.");
        }
        return cached;
    }

    public ProjectEntity createProject(String name, String description) {
        return db.write(s -> {
            if (resolveProject(s, ProjectRef.byName(name, DOMAIN_NAME)) != null) {
                throw ApiException.conflict("Conflict occurred attempting to store project - Duplicate entry: " + name);
            }
            ProjectEntity p = new ProjectEntity(newId(), name, DOMAIN_ID, description);
            s.persist(p);
            return p;
        });
    }

    public UserEntity createUser(String name, String password, String defaultProjectId) {
        return db.write(s -> {
            if (findUser(s, name) != null) {
                throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry: " + name);
            }
            if (defaultProjectId != null && s.get(ProjectEntity.class, defaultProjectId) == null) {
                throw ApiException.badRequest("Could not find project: " + defaultProjectId);
            }
            UserEntity u = new UserEntity(newId(), name, DOMAIN_ID, PasswordHash.hash(password), defaultProjectId);
            s.persist(u);
            return u;
        });
    }

    public void assignRole(String projectId, String userId, String roleName) {
        db.run(s -> {
            if (s.get(ProjectEntity.class, projectId) == null) {
                throw ApiException.notFound("Could not find project: " + projectId);
            }
            if (s.get(UserEntity.class, userId) == null) {
                throw ApiException.notFound("Could not find user: " + userId);
            }
            if (!Role.exists(roleName)) {
                throw ApiException.notFound("Could not find role: " + roleName);
            }
            Role role = Role.of(roleName);
            if (s.get(RoleAssignmentEntity.class, new RoleAssignmentEntity.Key(projectId, userId, role.id())) == null) {
                s.persist(new RoleAssignmentEntity(projectId, userId, role));
            }
        });
        validated.clear();
    }

    public List<ProjectEntity> projects() {
        return db.read(s -> s.createSelectionQuery("from ProjectEntity order by name", ProjectEntity.class).list());
    }

    public Optional<ProjectEntity> project(String id) {
        return Optional.ofNullable(db.read(s -> s.get(ProjectEntity.class, id)));
    }

    private static Set<Role> rolesOf(Session s, String projectId, String userId) {
        List<RoleAssignmentEntity> rows = s.createSelectionQuery(
                "from RoleAssignmentEntity r where r.key.projectId = :p and r.key.userId = :u", RoleAssignmentEntity.class)
                .setParameter("p", projectId).setParameter("u", userId).list();
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        rows.forEach(r -> roles.add(r.role()));
        // Keystone's implied roles: admin implies member implies reader.
        if (roles.contains(Role.ADMIN)) {
            roles.add(Role.MEMBER);
        }
        if (roles.contains(Role.MEMBER)) {
            roles.add(Role.READER);
        }
        return Set.copyOf(roles);
    }

    private static UserEntity findUser(Session s, String name) {
        return s.createSelectionQuery("from UserEntity where name = :n and domainId = :d", UserEntity.class)
                .setParameter("n", name).setParameter("d", DOMAIN_ID).uniqueResult();
    }

    private static UserEntity resolveUser(Session s, UserRef ref) {
        if (ref.id() != null) {
            return s.get(UserEntity.class, ref.id());
        }
        if (!isDefaultDomain(ref.domain())) {
            return null;
        }
        return findUser(s, ref.name());
    }

    private static ProjectEntity resolveProject(Session s, ProjectRef ref) {
        if (ref.id() != null) {
            return s.get(ProjectEntity.class, ref.id());
        }
        if (!isDefaultDomain(ref.domain())) {
            return null;
        }
        return s.createSelectionQuery("from ProjectEntity where name = :n and domainId = :d", ProjectEntity.class)
                .setParameter("n", ref.name()).setParameter("d", DOMAIN_ID).uniqueResult();
    }

    private static boolean isDefaultDomain(String domain) {
        return domain == null || domain.equals(DOMAIN_ID) || domain.equals(DOMAIN_NAME);
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String randomText(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user named by id, or by name within a domain (id or name). */
    public record UserRef(String id, String name, String domain) {
    }

    /** A project scope named by id, or by name within a domain (id or name). */
    public record ProjectRef(String id, String name, String domain) {
        public static ProjectRef byId(String id) {
            return new ProjectRef(id, null, null);
        }

        public static ProjectRef byName(String name, String domain) {
            return new ProjectRef(null, name, domain);
        }
    }
}
