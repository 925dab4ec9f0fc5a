package org.novalab.compute.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where a disk's bytes live: a file (Qcow2/Flat backends) or an RBD image in a pool (Rbd backend). */
public sealed interface DiskSource {
    /** libvirt's disk type attribute: {@code file} or {@code network}. */
    String libvirtType();

    record File(Path path) implements DiskSource {
        @Override
        public String libvirtType() {
            return "file";
        }
    }

    /**
     * An rbd network disk: {@code <source protocol='rbd' name='pool/image'>} with the cluster's monitors as
     * {@code <host>} elements, and {@code <auth>} when QEMU must authenticate with cephx (Nova writes both from
     * {@code RBDDriver.get_mon_addrs}, {@code rbd_user} and {@code rbd_secret_uuid}). The emulated pool has neither.
     */
    record Rbd(String pool, String image, List<MonHost> hosts, Optional<CephAuth> auth) implements DiskSource {
        public Rbd {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            auth = auth == null ? Optional.empty() : auth;
        }

        public Rbd(String pool, String image) {
            this(pool, image, List.of(), Optional.empty());
        }

        @Override
        public String libvirtType() {
            return "network";
        }

        /** libvirt's source name: {@code pool/image}. */
        public String name() {
            return pool + "/" + image;
        }
    }

    /** A Ceph monitor as {@code <host name=… port=…/>}; without a port QEMU uses Ceph's default. */
    record MonHost(String name, Optional<Integer> port) {
        public MonHost {
            if (name == null || name.isBlank()) {
                throw new InvalidXml("an rbd <host> needs a name");
            }
            port = port == null ? Optional.empty() : port;
        }
    }

    /**
     * {@code <auth username='…'><secret type='ceph' uuid='…'/></auth>}: the cephx user (without {@code client.})
     * and the libvirt secret of usage type ceph that holds its key.
     */
    record CephAuth(String username, UUID secretUuid) {
        public CephAuth {
            if (username == null || username.isBlank() || secretUuid == null) {
                throw new InvalidXml("an rbd <auth> needs a username and a ceph secret's uuid");
            }
        }
    }
}
