package org.novalab.compute.rpc.remote;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.ComputeException;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.InstanceInvalidState;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.domain.InvalidXml;
import org.novalab.compute.hypervisor.DomainNotFound;
import org.novalab.compute.manager.HostHasNoHypervisor;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.rpc.NoSuchHost;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretNotFound;
import org.novalab.compute.secret.SecretPrivate;
import org.novalab.compute.secret.SecretUsageConflict;
import org.novalab.compute.snapshot.SnapshotFailed;

/**
 * The compute errors a call may answer with, made again on the caller's side with their own type, so the API maps
 * an answer from a remote host to the same HTTP error as one from this process. Only the types listed here are
 * made from the wire (a message never names a class to load); any other of novalab's own comes back as a
 * {@link ComputeException} with its message. Their messages are the host's own, written to be shown (they never hold
 * a secret); the values a type is built from (an instance's uuid, a refusal's kind) cross as named fields, never
 * parsed out of the words. Anything else (a bug, a library's exception) crosses only as {@value #UNEXPECTED},
 * without its words, which may name files and internals: the host logs it, the API answers its generic fault, as it
 * does for the same failure in one process.
 */
final class RemoteErrors {
    static final String UNEXPECTED = "Unexpected";

    /** How one type crosses: the fields it is made from, and how it is made again from them. */
    private record Crossing<E extends RuntimeException>(Class<E> type, Fields<E> fields, Make make) {
        String name() {
            return type.getSimpleName();
        }

        Map<String, String> fieldsOf(RuntimeException e) {
            return fields.of(type.cast(e));
        }
    }

    private interface Fields<E> {
        Map<String, String> of(E e);
    }

    /** (message, fields, the host called) -> the exception; a missing or malformed field throws. */
    private interface Make {
        RuntimeException of(String message, Map<String, String> fields, String host);
    }

    private static <E extends RuntimeException> Crossing<E> byMessage(Class<E> type, Make make) {
        return new Crossing<>(type, e -> Map.of(), make);
    }

    // most specific first: encode takes the first whose type the exception is
    private static final List<Crossing<?>> CROSSINGS = List.of(
            new Crossing<>(InstanceInvalidState.class, e -> Map.of("instance", e.instance().toString(),
                    "attribute", e.attribute(), "state", e.state(), "method", e.method()),
                    (m, f, h) -> new InstanceInvalidState(UUID.fromString(f.get("instance")), f.get("attribute"),
                            f.get("state"), f.get("method"))),
            new Crossing<>(InstanceNotFound.class, e -> Map.of("instance", e.uuid().toString()),
                    (m, f, h) -> new InstanceNotFound(UUID.fromString(f.get("instance")))),
            new Crossing<>(PasswordNotSet.class, e -> Map.of("kind", e.kind().name()),
                    (m, f, h) -> PasswordNotSet.answered(PasswordNotSet.Kind.valueOf(f.get("kind")), m)),
            new Crossing<>(HostHasNoHypervisor.class, e -> Map.of("needs", e.what()),
                    (m, f, h) -> new HostHasNoHypervisor(h, f.get("needs"))),
            new Crossing<>(NoSuchHost.class, e -> Map.of(), (m, f, h) -> new NoSuchHost(h)),
            new Crossing<>(SecretPrivate.class, e -> Map.of("secret", e.uuid().toString()),
                    (m, f, h) -> new SecretPrivate(UUID.fromString(f.get("secret")))),
            new Crossing<>(DomainNotFound.class, e -> Map.of("domain", e.name()),
                    (m, f, h) -> new DomainNotFound(f.get("domain"))),
            byMessage(SecretNotFound.class, (m, f, h) -> new SecretNotFound(m)),
            byMessage(SecretUsageConflict.class, (m, f, h) -> new SecretUsageConflict(m)),
            byMessage(SecretException.class, (m, f, h) -> new SecretException(m)),
            byMessage(InvalidXml.class, (m, f, h) -> new InvalidXml(m)),
            byMessage(HypervisorError.class, (m, f, h) -> new HypervisorError(m)),
            byMessage(EncryptionNotSupported.class, (m, f, h) -> new EncryptionNotSupported(m)),
            byMessage(InvalidRequest.class, (m, f, h) -> new InvalidRequest(m)),
            byMessage(SnapshotFailed.class, (m, f, h) -> new SnapshotFailed(m)));

    private RemoteErrors() {
    }

    /** The wire's form of {@code e}: its type's name, its message and the fields it is made again from. */
    static Encoded encode(RuntimeException e) {
        if (!e.getClass().getName().startsWith("org.novalab.")) {
            return new Encoded(UNEXPECTED, "the compute host failed unexpectedly", Map.of());
        }
        for (Crossing<?> c : CROSSINGS) {
            if (c.type().isInstance(e)) {
                return new Encoded(c.name(), String.valueOf(e.getMessage()), c.fieldsOf(e));
            }
        }
        return new Encoded(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), Map.of());
    }

    /** An error on the wire; {@code fields} may be absent in an answer from an older host. */
    record Encoded(String type, String message, Map<String, String> fields) {
        Encoded {
            fields = fields == null ? Map.of() : Map.copyOf(fields);
        }
    }

    /** The exception the host answered, as the caller throws it; {@code host} is the host that was called. */
    static RuntimeException decode(Encoded e, String host) {
        if (e.type().equals(UNEXPECTED)) {
            return new UnexpectedHostFailure(host);
        }
        Optional<Crossing<?>> crossing = CROSSINGS.stream().filter(c -> c.name().equals(e.type())).findFirst();
        if (crossing.isEmpty()) {
            return new ComputeException(e.message());
        }
        try {
            return crossing.get().make().of(e.message(), e.fields(), host);
        } catch (NullPointerException | IllegalArgumentException missingOrBad) { // a field absent or malformed
            return new ComputeException(e.message());
        }
    }
}
