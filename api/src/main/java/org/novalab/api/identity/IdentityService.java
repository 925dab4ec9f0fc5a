package org.novalab.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.Assignment.Actor;
import org.novalab.api.identity.Assignment.Target;
import org.novalab.api.identity.AuthContext.Ref;
import org.novalab.api.identity.Refs.DomainRef;
import org.novalab.api.identity.Refs.ProjectRef;
import org.novalab.api.identity.Refs.Scope;
import org.novalab.api.identity.Refs.UserRef;
import org.novalab.api.persistence.Database;

/**
 * Keystone's tokens in novalab: users prove themselves with a password or a token and get a random token, stored
 * only as its hash, scoped to a project, a domain or the system (or to nothing), that expires or is revoked. A token
 * stops working when its user, project or their domain is deleted or disabled, and a scoped one when no role is left
 * to its user where it is scoped (its own, its groups', inherited or implied).
 */
public final class IdentityService {
    public static final String DOMAIN_ID = "default";
    public static final String DOMAIN_NAME = "Default";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REQUIRES_AUTHENTICATION = "The request you have made requires authentication.";

    private final Database db;
    private final Duration tokenTtl;
    private final Clock clock;
    private final ValidatedTokens validated;
    private final IdentityStore store;

    public IdentityService(Database db, Duration tokenTtl, Clock clock) {
        this.db = db;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
        this.validated = new ValidatedTokens(clock);
        this.store = new IdentityStore(db, validated);
    }

    /** The clock tokens and application credentials expire by. */
    public Clock clock() {
        return clock;
    }

    /** An issued token: its text (shown once, in X-Subject-Token) and what it grants. */
    public record IssuedToken(String token, AuthContext context) {
    }

    /** The identity tables, for the services beside this one: every change through it clears the token cache. */
    public IdentityStore store() {
        return store;
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
            UserEntity admin = Lookup.userNamed(s, "admin", DOMAIN_ID);
            if (admin != null) {
                if (adminPassword != null) {
                    admin.rehash(PasswordHash.hash(adminPassword));
                }
                return Optional.<String>empty();
            }
            String password = adminPassword != null ? adminPassword : randomText(12);
            ProjectEntity demo = new ProjectEntity(newId(), "demo", DOMAIN_ID, "novalab's default project");
            s.persist(demo);
            UserEntity user = new UserEntity(newId(), "admin", DOMAIN_ID, PasswordHash.hash(password), demo.id());
            s.persist(user);
            s.persist(new AssignmentEntity(new Assignment(Actor.user(user.id()), Target.project(demo.id()),
                    Role.ADMIN.id(), false)));
            return adminPassword != null ? Optional.<String>empty() : Optional.of(password);
        });
    }

    public IssuedToken authenticatePassword(UserRef userRef, String password, Scope scope) {
        return db.write(s -> {
            UserEntity user = Lookup.user(s, userRef);
            if (user == null || password == null || !PasswordHash.matches(password, user.passwordHash())
                    || !active(s, user)) {
                throw ApiException.unauthorized(REQUIRES_AUTHENTICATION);
            }
            return issue(s, user, scope, List.of("password"), null, null);
        });
    }

    /**
     * Keystone's {@code application_credential} method: the credential named by id (or by name and user) proves
     * itself with its secret and gets a token scoped to its project with its roles, expiring no later than it does.
     * It fails as a bad password fails when the credential is unknown, expired, its user or project is disabled, or
     * its user no longer holds every role it delegates. A scope may be asked for only if it is the credential's own
     * project (the openstack client sends the project of its environment along).
     */
    public IssuedToken authenticateApplicationCredential(String id, String name, UserRef owner, String secret,
            Scope scope) {
        return db.write(s -> {
            ApplicationCredentialEntity credential = id != null ? s.get(ApplicationCredentialEntity.class, id)
                    : applicationCredentialNamed(s, name, owner);
            if (credential == null || secret == null || !PasswordHash.matches(secret, credential.secretHash())) {
                throw ApiException.unauthorized(REQUIRES_AUTHENTICATION);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            UserEntity user = s.get(UserEntity.class, credential.userId());
            ProjectEntity project = s.get(ProjectEntity.class, credential.projectId());
            if (credential.expired(clock.instant()) || !active(s, user) || !active(s, project)
                    || !new RoleAssignments(s).roleIdsOn(user.id(), Target.project(project.id()))
                            .containsAll(credential.roleIds())) {
                throw ApiException.unauthorized(REQUIRES_AUTHENTICATION);
            }
            ProjectEntity asked = scope == null || scope.project() == null ? null : Lookup.project(s, scope.project());
            if (scope != null && !scope.none() && (asked == null || !asked.id().equals(project.id()))) {
                throw ApiException.unauthorized("An application credential gives tokens scoped to its own project "
                        + "only.");
            }
            Instant expires = now.plus(tokenTtl);
            if (credential.expiresAt() != null && credential.expiresAt().isBefore(expires)) {
                expires = credential.expiresAt();
            }
            String token = randomText(32);
            TokenEntity entity = new TokenEntity(sha256(token), credential, randomText(16), now, expires);
            s.persist(entity);
            return new IssuedToken(token, context(s, entity, user));
        });
    }

    private static ApplicationCredentialEntity applicationCredentialNamed(Session s, String name, UserRef owner) {
        UserEntity user = owner == null ? null : Lookup.user(s, owner);
        if (user == null || name == null) {
            return null;
        }
        return Lookup.applicationCredential(s, user.id(), name);
    }

    /** Keystone's rescoping: a new token for the same user, the methods and expiry of the one it came from. */
    public IssuedToken authenticateToken(String token, Scope scope) {
        AuthContext current = validate(token);
        if (current.applicationCredential() != null) {
            // a new token from it would carry all the user's roles, not only the credential's
            throw ApiException.forbidden("A token made from an application credential cannot be rescoped or renewed; "
                    + "authenticate with the application credential again.");
        }
        return db.write(s -> {
            UserEntity user = s.get(UserEntity.class, current.userId());
            Scope wanted = scope != null && !scope.none() ? scope : scopeOf(current);
            // Keystone's order: the method just used, then those that proved the original token
            List<String> methods = new ArrayList<>(List.of("token"));
            current.methods().stream().filter(m -> !m.equals("token")).forEach(methods::add);
            return issue(s, user, wanted, methods, current.expiresAt(), current.auditId());
        });
    }

    private IssuedToken issue(Session s, UserEntity user, Scope scope, List<String> methods, Instant expiresAt,
            String parentAuditId) {
        Target target = scopeTarget(s, user, scope);
        String token = randomText(32);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TokenEntity entity = new TokenEntity(sha256(token), user.id(), target, String.join(",", methods),
                randomText(16), now, expiresAt != null ? expiresAt : now.plus(tokenTtl));
        s.persist(entity);
        return new IssuedToken(token, context(s, entity, user));
    }

    /** The scope a rescoping without one keeps: the current token's. */
    private static Scope scopeOf(AuthContext current) {
        if (current.scoped()) {
            return new Scope(ProjectRef.byId(current.projectId()), null, false);
        }
        if (current.domainScoped()) {
            return new Scope(null, new DomainRef(current.domain().id(), null), false);
        }
        return current.systemScoped() ? new Scope(null, null, true) : Scope.NONE;
    }

    /** What a new token is scoped to; null for an unscoped one. */
    private Target scopeTarget(Session s, UserEntity user, Scope scope) {
        RoleAssignments assignments = new RoleAssignments(s);
        if (scope == null || scope.none()) {
            // Keystone: the default project when the user may use it, otherwise an unscoped token
            ProjectEntity fallback = user.defaultProjectId() == null ? null
                    : s.get(ProjectEntity.class, user.defaultProjectId());
            return fallback != null && active(s, fallback)
                    && !assignments.roleIdsOn(user.id(), Target.project(fallback.id())).isEmpty()
                    ? Target.project(fallback.id()) : null;
        }
        if (scope.system()) {
            if (assignments.roleIdsOn(user.id(), Target.SYSTEM).isEmpty()) {
                throw ApiException.unauthorized("User " + user.id() + " has no access to the system.");
            }
            return Target.SYSTEM;
        }
        if (scope.domain() != null) {
            DomainEntity domain = Lookup.domain(s, scope.domain());
            if (domain == null || assignments.roleIdsOn(user.id(), Target.domain(domain.id())).isEmpty()) {
                throw ApiException.unauthorized("User " + user.id() + " has no access to domain " + scope.domain()
                        + ".");
            }
            if (!domain.enabled()) {
                throw ApiException.unauthorized("Domain " + domain.id() + " is disabled.");
            }
            return Target.domain(domain.id());
        }
        ProjectEntity project = Lookup.project(s, scope.project());
        if (project == null || assignments.roleIdsOn(user.id(), Target.project(project.id())).isEmpty()) {
            throw ApiException.unauthorized("User " + user.id() + " has no access to project " + scope.project() + ".");
        }
        if (!active(s, project)) {
            throw ApiException.unauthorized("Project " + project.id() + " is disabled.");
        }
        return Target.project(project.id());
    }

    /**
     * The caller behind a token.
     *
     * @throws ApiException 401 when the token is unknown, revoked, expired, or its user or project is gone or disabled
     */
    public AuthContext validate(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized(REQUIRES_AUTHENTICATION);
        }
        String hash = sha256(token);
        AuthContext context = validated.get(hash);
        if (context == null) {
            context = db.read(s -> {
                TokenEntity t = s.get(TokenEntity.class, hash);
                if (t == null) {
                    return null;
                }
                UserEntity user = s.get(UserEntity.class, t.userId());
                if (user == null || !active(s, user) || !active(s, t.scope())) {
                    return null;
                }
                AuthContext found = context(s, t, user);
                // Keystone: a scoped token whose user has no role left where it is scoped is no longer valid
                return !found.unscoped() && found.roles().isEmpty() ? null : found;
            });
            if (context == null) {
                throw ApiException.unauthorized(REQUIRES_AUTHENTICATION);
            }
            validated.put(hash, context);
        }
        if (!clock.instant().isBefore(context.expiresAt())) {
            validated.remove(hash);
            throw ApiException.unauthorized("The token has expired; authenticate again.");
        }
        return context;
    }

    /** Revokes a token ({@code DELETE /v3/auth/tokens}): from now on it is refused everywhere. */
    public void revoke(String token) {
        String hash = sha256(token);
        db.run(s -> s.createMutationQuery("delete from TokenEntity t where t.tokenHash = :h")
                .setParameter("h", hash).executeUpdate());
        validated.remove(hash);
    }

    private AuthContext context(Session s, TokenEntity t, UserEntity user) {
        Target scope = t.scope();
        List<Ref> roles = new ArrayList<>();
        Ref projectRef = null;
        Ref projectDomain = null;
        Ref domainRef = null;
        AuthContext.ApplicationCredential applicationCredential = null;
        if (scope != null) {
            if (scope.isProject()) {
                ProjectEntity project = s.get(ProjectEntity.class, scope.id());
                projectRef = new Ref(project.id(), project.name());
                projectDomain = ref(s.get(DomainEntity.class, project.domainId()));
            } else if (scope.isDomain()) {
                domainRef = ref(s.get(DomainEntity.class, scope.id()));
            }
            // a token from an application credential carries the credential's roles the user still holds
            ApplicationCredentialEntity credential = t.applicationCredentialId() == null ? null
                    : s.get(ApplicationCredentialEntity.class, t.applicationCredentialId());
            for (String roleId : new RoleAssignments(s).roleIdsOn(user.id(), scope)) {
                if (t.applicationCredentialId() == null || credential != null && credential.roleIds().contains(roleId)) {
                    RoleEntity role = s.get(RoleEntity.class, roleId);
                    roles.add(new Ref(role.id(), role.name()));
                }
            }
            applicationCredential = credential == null ? null : credential.asTokenRef();
        }
        return new AuthContext(new Ref(user.id(), user.name()), ref(s.get(DomainEntity.class, user.domainId())),
                projectRef, projectDomain, domainRef, scope != null && scope.isSystem(), roles, t.issuedAt(),
                t.expiresAt(), t.auditId(), Arrays.asList(t.methods().split(",")), applicationCredential);
    }

    private static Ref ref(DomainEntity d) {
        return new Ref(d.id(), d.name());
    }

    private static boolean active(Session s, UserEntity user) {
        DomainEntity domain = s.get(DomainEntity.class, user.domainId());
        return user.enabled() && domain != null && domain.enabled();
    }

    private static boolean active(Session s, ProjectEntity project) {
        DomainEntity domain = s.get(DomainEntity.class, project.domainId());
        return project.enabled() && domain != null && domain.enabled();
    }

    /** Whether a token's scope still stands: its project or domain is there and enabled (unscoped: yes). */
    private static boolean active(Session s, Target scope) {
        if (scope == null || scope.isSystem()) {
            return true;
        }
        if (scope.isProject()) {
            ProjectEntity project = s.get(ProjectEntity.class, scope.id());
            return project != null && active(s, project);
        }
        DomainEntity domain = s.get(DomainEntity.class, scope.id());
        return domain != null && domain.enabled();
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String randomText(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project with this id, for services that name projects (Nova's quota sets). */
    public Optional<ProjectEntity> project(String id) {
        return Optional.ofNullable(db.read(s -> s.get(ProjectEntity.class, id)));
    }
}
