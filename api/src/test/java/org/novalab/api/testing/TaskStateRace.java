package org.novalab.api.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/**
 * Two "processes" (each a database handle of its own on one database) race for one instance's task state, eight
 * threads each, all let go at once; returns what each attempt got.
 */
public final class TaskStateRace {
    private TaskStateRace() {
    }

    public static List<HibernateInstanceStore.Refusal> run(Database one, Database two, UUID instance) throws Exception {
        List<HibernateInstanceStore> processes = List.of(new HibernateInstanceStore(one, Clock.systemUTC()),
                new HibernateInstanceStore(two, Clock.systemUTC()));
        CyclicBarrier together = new CyclicBarrier(16);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<HibernateInstanceStore.Refusal>> outcomes = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                HibernateInstanceStore store = processes.get(t % 2);
                TaskState task = t % 3 == 0 ? TaskState.REBOOTING : TaskState.POWERING_OFF;
                outcomes.add(threads.submit(() -> {
                    together.await();
                    return store.beginTask(instance, Set.of(VmState.ACTIVE), task);
                }));
            }
            List<HibernateInstanceStore.Refusal> results = new ArrayList<>();
            for (Future<HibernateInstanceStore.Refusal> o : outcomes) {
                results.add(o.get());
            }
            return results;
        } finally {
            threads.shutdown();
        }
    }
}
