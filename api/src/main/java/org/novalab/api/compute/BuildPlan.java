package org.novalab.api.compute;

import java.util.Map;
import java.util.UUID;
import org.novalab.compute.BackendKind;

/** Everything the driver needs to build one instance. */
public record BuildPlan(UUID uuid, long instanceNumber, String name, FlavorSpec flavor, String imageId,
        Map<String, String> imageProperties, long imageSize, BackendKind backend, int rootGb) {

    /** The flavor as the driver sees it. */
    public record FlavorSpec(String id, String name, int vcpus, int ramMb, int rootGb, Map<String, String> extraSpecs) {
        static FlavorSpec of(FlavorEntity f) {
            return new FlavorSpec(f.id(), f.name(), f.vcpus(), f.ramMb(), f.rootGb(), f.extraSpecs());
        }
    }
}
