package org.novalab.compute.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.backend.RbdVolumeStat;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.disk.MapEntry;

/**
 * What an operator can see of one instance on its host, the way the seed looked: {@code tree} of the instances
 * dir, {@code qemu-img info} of each file of the disk's chain, {@code qemu-img map} of the disk, the domain XML,
 * the secret's metadata (never its value) and the serial console. Plain values, so it can travel to the classroom.
 *
 * @param clusters     the disk's extents; empty when they cannot be read without a key this host will not give out
 * @param secretUuid   the secret the domain's {@code <encryption>} names
 * @param secret       that secret as the host's secret store defines it (empty when it is not defined)
 * @param domainXml    the live domain's XML, or {@code libvirt.xml} when the domain is not defined
 * @param console      the end of console.log
 * @param disks        every disk of the domain, the boot disk first (attached volumes follow it)
 * @param volumes      what the RBD pool holds of each network disk, by {@code pool/name} (absent: not in the pool)
 * @param secrets      the secret store's definition of each disk's secret, by uuid (absent: not defined)
 */
public record InstanceEvidence(UUID uuid, String domainName, String status, Path instancesDir, String tree,
                               DiskDefinition bootDisk, List<ChainLayer> chain, Optional<List<MapEntry>> clusters,
                               Optional<UUID> secretUuid, Optional<SecretDefinition> secret, String domainXml,
                               String console, List<DiskDefinition> disks, Map<String, RbdVolumeStat> volumes,
                               Map<UUID, SecretDefinition> secrets) {
    public InstanceEvidence {
        chain = List.copyOf(chain);
        clusters = clusters.map(List::copyOf);
        disks = List.copyOf(disks);
        volumes = Map.copyOf(volumes);
        secrets = Map.copyOf(secrets);
    }
}
