package org.novalab.compute.volume;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The backends of one block storage service, by {@code volume_backend_name}; a type without that extra spec gets
 * the default one (the RBD pool), as a Cinder with one backend schedules every volume there.
 */
public final class VolumeBackends {
    private final Map<String, VolumeBackend> byName;
    private final VolumeBackend fallback;

    public VolumeBackends(VolumeBackend fallback, List<VolumeBackend> others) {
        this.fallback = fallback;
        this.byName = java.util.stream.Stream.concat(java.util.stream.Stream.of(fallback), others.stream())
                .collect(Collectors.toUnmodifiableMap(VolumeBackend::name, Function.identity()));
    }

    /** The backend {@code volumeBackendName} names, the default for none; empty for a name no backend has. */
    public Optional<VolumeBackend> forName(String volumeBackendName) {
        if (volumeBackendName == null || volumeBackendName.isBlank()) {
            return Optional.of(fallback);
        }
        return Optional.ofNullable(byName.get(volumeBackendName));
    }

    /** The backend a volume was recorded on. */
    public VolumeBackend get(String name) {
        VolumeBackend backend = byName.get(name);
        if (backend == null) {
            throw new VolumeBackendException("no volume backend '" + name + "' is configured");
        }
        return backend;
    }

    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }
}
