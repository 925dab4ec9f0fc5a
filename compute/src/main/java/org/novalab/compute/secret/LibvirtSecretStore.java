package org.novalab.compute.secret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.LibvirtException;
import org.libvirt.Secret;
import org.novalab.compute.hypervisor.LibvirtConnection;
import org.novalab.compute.hypervisor.LibvirtErrors;
import org.novalab.disk.Passphrase;

/** Real libvirt secrets ({@code virSecretDefineXML}, {@code virSecretSetValue}, ...): QEMU gets the value from libvirt. */
public final class LibvirtSecretStore implements SecretStore {
    private final LibvirtConnection connection;

    public LibvirtSecretStore(LibvirtConnection connection) {
        this.connection = connection;
    }

    /** True when this connection has a secret driver ({@code test:///default} has none). */
    public static boolean supported(LibvirtConnection connection) {
        try {
            connection.connect().numOfSecrets();
            return true;
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSupport(e)) {
                return false;
            }
            throw new SecretException(LibvirtErrors.message(e), e);
        }
    }

    @Override
    public synchronized void define(SecretDefinition definition) {
        try {
            free(connection.connect().secretDefineXML(SecretXml.write(definition)));
        } catch (LibvirtException e) {
            throw translate(e);
        }
    }

    @Override
    public synchronized void setValue(UUID uuid, Passphrase value) {
        Secret s = find(uuid);
        byte[] bytes = value.bytes();
        try {
            s.setValue(bytes);
        } catch (LibvirtException e) {
            throw translate(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            free(s);
        }
    }

    @Override
    public synchronized Passphrase value(UUID uuid) {
        Secret s = find(uuid);
        byte[] bytes = null;
        try {
            bytes = s.getByteValue();
            return Passphrase.of(bytes);
        } catch (LibvirtException e) {
            if (LibvirtErrors.isPrivateSecret(e)) {
                throw new SecretPrivate(uuid);
            }
            throw translate(e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
            free(s);
        }
    }

    @Override
    public synchronized Optional<SecretDefinition> lookup(UUID uuid) {
        Secret s;
        try {
            s = connection.connect().secretLookupByUUIDString(uuid.toString());
        } catch (LibvirtException e) {
            if (LibvirtErrors.isNoSecret(e)) {
                return Optional.empty();
            }
            throw translate(e);
        }
        try {
            return Optional.of(SecretXml.parse(s.getXMLDesc()));
        } catch (LibvirtException e) {
            throw translate(e);
        } finally {
            free(s);
        }
    }

    @Override
    public synchronized List<SecretDefinition> list() {
        try {
            List<SecretDefinition> out = new ArrayList<>();
            for (String u : connection.connect().listSecrets()) {
                lookup(UUID.fromString(u)).ifPresent(out::add);
            }
            return out;
        } catch (LibvirtException e) {
            throw translate(e);
        }
    }

    @Override
    public synchronized void undefine(UUID uuid) {
        Secret s = find(uuid);
        try {
            s.undefine();
        } catch (LibvirtException e) {
            throw translate(e);
        } finally {
            free(s);
        }
    }

    @Override
    public boolean isLibvirt() {
        return true;
    }

    private Secret find(UUID uuid) {
        try {
            return connection.connect().secretLookupByUUIDString(uuid.toString());
        } catch (LibvirtException e) {
            throw translate(e);
        }
    }

    private static SecretException translate(LibvirtException e) {
        String m = LibvirtErrors.message(e);
        if (LibvirtErrors.isNoSecret(e)) {
            return new SecretNotFound(m);
        }
        if (m.contains("already defined for use with")) {
            return new SecretUsageConflict(m);
        }
        return new SecretException(m, e);
    }

    private static void free(Secret s) {
        if (s != null) {
            try {
                s.free();
            } catch (LibvirtException ignored) {
                // only drops our reference
            }
        }
    }
}
