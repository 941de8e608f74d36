package org.macronet.system.reaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs many independent simulations on a fixed pool of worker threads (one simulation per thread at a
 * time: each is sequential, so results never depend on the thread count or the scheduling).
 */
public final class BatchRunner implements AutoCloseable {

    /** Receives each finished task, on the worker thread that ran it; may throw to abort the batch. */
    @FunctionalInterface
    public interface Listener<T> {
        void done(int index, T result);
    }

    private final int threads;
    private final ExecutorService pool;

    /** A runner with {@code threads} workers (≥ 1). */
    public BatchRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be ≥ 1");
        }
        this.threads = threads;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "reaction-batch-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of available processors: the default thread count. */
    public static int allCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /** Simulates every configuration from its seeded initial condition; results in input order. */
    public List<SimulationResult> simulate(List<SimulationConfig> configs, Listener<SimulationResult> listener) {
        return map(configs.size(), i -> ExplicitEulerSimulator.run(configs.get(i)), listener);
    }

    /**
     * Computes task(0..count−1) in parallel, calling {@code listener} as each finishes; returns the results in
     * index order. If a task or the listener throws, the tasks not yet started are dropped, running ones are
     * interrupted (simulations stop at their next check), and once none is running any more the first failure
     * is rethrown (unchecked exceptions as they are). No listener call happens after this method returns.
     */
    public <T> List<T> map(int count, IntFunction<T> task, Listener<T> listener) {
        Gate gate = new Gate();
        List<Future<T>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                if (!gate.enter()) {
                    throw new CancellationException("batch aborted");
                }
                try {
                    T r = task.apply(index);
                    if (listener != null) {
                        listener.done(index, r);
                    }
                    return r;
                } finally {
                    gate.leave();
                }
            }));
        }
        List<T> out = new ArrayList<>(count);
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            gate.abort(futures);
            Thread.currentThread().interrupt();
            throw new CancellationException("batch interrupted");
        } catch (ExecutionException e) {
            gate.abort(futures);
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
        return out;
    }

    /** Admits tasks until aborted, and counts the running ones. */
    private static final class Gate {
        private boolean aborted;
        private int running;

        synchronized boolean enter() {
            if (aborted) {
                return false;
            }
            running++;
            return true;
        }

        synchronized void leave() {
            running--;
            notifyAll();
        }

        /** Stops admitting tasks, interrupts the running ones and waits until none runs. */
        void abort(List<? extends Future<?>> futures) {
            synchronized (this) {
                aborted = true;
            }
            futures.forEach(f -> f.cancel(true));
            boolean interrupted = false;
            synchronized (this) {
                while (running > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
