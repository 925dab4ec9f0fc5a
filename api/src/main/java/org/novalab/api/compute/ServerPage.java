package org.novalab.api.compute;

import java.util.List;
import java.util.Map;

/** One page of servers with their faults; {@code more} when the page was cut at the limit. */
public record ServerPage(List<InstanceEntity> servers, Map<Long, FaultEntity> faults, boolean more) {
}
