package org.novalab.compute.rpc.remote;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.compute.ComputeException;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.HypervisorError;
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
 * a secret); the few whose constructor words the message get back the value it names. Anything else (a bug, a
 * library's exception) crosses only as {@value #UNEXPECTED}, without its words, which may name files and internals:
 * the host logs it, the API answers its generic fault, as it does for the same failure in one process.
 */
final class RemoteErrors {
    static final String UNEXPECTED = "Unexpected";
    private static final Pattern UUID_IN = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern NEEDS = Pattern.compile("to show: (.*) needs one\\.$");

    /** type, (message, detail) -> the exception; detail is PasswordNotSet's kind, else empty. */
    private static final Map<String, BiFunction<String, String, RuntimeException>> TYPES = Map.ofEntries(
            Map.entry("InvalidRequest", (m, d) -> new InvalidRequest(m)),
            Map.entry("EncryptionNotSupported", (m, d) -> new EncryptionNotSupported(m)),
            Map.entry("HypervisorError", (m, d) -> new HypervisorError(m)),
            Map.entry("InvalidXml", (m, d) -> new InvalidXml(m)),
            Map.entry("SecretException", (m, d) -> new SecretException(m)),
            Map.entry("SecretNotFound", (m, d) -> new SecretNotFound(m)),
            Map.entry("SecretUsageConflict", (m, d) -> new SecretUsageConflict(m)),
            Map.entry("SnapshotFailed", (m, d) -> new SnapshotFailed(m)),
            Map.entry("InstanceNotFound", (m, d) -> uuid(m).<RuntimeException>map(InstanceNotFound::new)
                    .orElseGet(() -> new ComputeException(m))),
            Map.entry("SecretPrivate", (m, d) -> uuid(m).<RuntimeException>map(SecretPrivate::new)
                    .orElseGet(() -> new SecretException(m))),
            Map.entry("DomainNotFound", (m, d) -> {
                Matcher q = QUOTED.matcher(m);
                return q.find() ? new DomainNotFound(q.group(1)) : new HypervisorError(m);
            }),
            Map.entry("PasswordNotSet", (m, d) -> PasswordNotSet.answered(PasswordNotSet.Kind.valueOf(d), m)));

    private RemoteErrors() {
    }

    /** The wire's name of {@code e}, and the detail it needs to be made again. */
    static Encoded encode(RuntimeException e) {
        if (!e.getClass().getName().startsWith("org.novalab.")) {
            return new Encoded(UNEXPECTED, "the compute host failed unexpectedly", "");
        }
        String detail = e instanceof PasswordNotSet p ? p.kind().name() : "";
        return new Encoded(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), detail);
    }

    record Encoded(String type, String message, String detail) {
    }

    /** The exception the host answered, as the caller throws it; {@code host} is the host that was called. */
    static RuntimeException decode(Encoded e, String host) {
        if (e.type().equals(UNEXPECTED)) {
            return new UnexpectedHostFailure(host);
        }
        if (e.type().equals("NoSuchHost")) {
            return new NoSuchHost(host);
        }
        if (e.type().equals("HostHasNoHypervisor")) {
            Matcher m = NEEDS.matcher(e.message());
            return m.find() ? new HostHasNoHypervisor(host, m.group(1)) : new ComputeException(e.message());
        }
        BiFunction<String, String, RuntimeException> make = TYPES.get(e.type());
        try {
            return make == null ? new ComputeException(e.message()) : make.apply(e.message(), e.detail());
        } catch (IllegalArgumentException bad) { // an unknown PasswordNotSet kind
            return new ComputeException(e.message());
        }
    }

    private static java.util.Optional<UUID> uuid(String message) {
        Matcher m = UUID_IN.matcher(message);
        return m.find() ? java.util.Optional.of(UUID.fromString(m.group())) : java.util.Optional.empty();
    }
}
