package org.novalab.api.compute.host;

import java.util.Optional;

/**
 * What a service update asks for: enable, or disable with an optional reason; and (from 2.11) forced down or not.
 * An empty field leaves that part as it is.
 */
public record ServiceChange(Optional<Boolean> disabled, Optional<String> disabledReason, Optional<Boolean> forcedDown) {
    boolean isEmpty() {
        return disabled.isEmpty() && forcedDown.isEmpty();
    }

    void applyTo(ServiceEntity service) {
        disabled.ifPresent(d -> {
            if (d) {
                service.disable(disabledReason.orElse(null));
            } else {
                service.enable();
            }
        });
        forcedDown.ifPresent(service::forceDown);
    }
}
