package io.kavsak.hub.parsing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes whoever waits on a job on this hub (a synchronous call, an SSE stream) as soon as the job's
 * new state is committed. Waiters also re-read the database periodically, since another replica may
 * have finished the job.
 */
@Component
public class JobWatch {

    private final Map<UUID, CopyOnWriteArrayList<Consumer<UUID>>> listeners = new ConcurrentHashMap<>();

    public Runnable listen(UUID jobId, Consumer<UUID> listener) {
        listeners.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(jobId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void changedAfterCommit(UUID jobId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changed(jobId);
                }
            });
        } else {
            changed(jobId);
        }
    }

    void changed(UUID jobId) {
        var list = listeners.get(jobId);
        if (list != null) {
            list.forEach(listener -> listener.accept(jobId));
        }
    }
}
