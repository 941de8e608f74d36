package org.macronet.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs data-parallel workers: task 0 on the calling thread, the others on daemon threads of a shared pool,
 * each computing on tensors of its own scope (a thread of its own starts out recording gradients: see
 * {@link Autograd}). How many workers a workload gets is {@link TensorEngine#workers}'s choice.
 */
public final class Workers {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "macronet-worker");
        t.setDaemon(true);
        return t;
    });

    private Workers() {}

    /**
     * The results of {@code task(0)}, …, {@code task(n − 1)}, in that order, run at the same time; once all
     * have ended, the first failure (in task order) is rethrown.
     */
    public static <T> List<T> run(int n, IntFunction<T> task) {
        List<Future<T>> others = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            int w = k;
            others.add(POOL.submit(() -> {
                TensorEngine.joinThread();
                return task.apply(w);
            }));
        }
        List<T> results = new ArrayList<>(n);
        Throwable failed = null;
        try {
            results.add(task.apply(0));
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        for (Future<T> f : others) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                failed = failed != null ? failed : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = failed != null ? failed : e;
            }
        }
        if (failed instanceof RuntimeException r) {
            throw r;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException("a worker failed: " + failed, failed);
        }
        return results;
    }
}
