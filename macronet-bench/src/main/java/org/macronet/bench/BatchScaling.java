package org.macronet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.macronet.system.reaction.BatchRunner;
import org.macronet.system.reaction.ExplicitEulerSimulator;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SimulationResult;

/**
 * Companion of the JMH batch benchmark for a shared machine: runs the same batch (8 Gray–Scott simulations of
 * 50 steps at 128² from a grown spot pattern) with 1 and 2 workers, alternately, and prints wall-clock
 * throughput next to throughput per CPU-second of the workers and the cores they actually got. When other
 * processes hold the cores, wall-clock scaling says little; equal per-CPU-second figures at 1 and 2 workers
 * show that the batch runner itself loses nothing to parallelism.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp macronet-bench/target/macronet-bench-0.1.0-SNAPSHOT.jar:$(cat
 * macronet-bench/target/classpath.txt) org.macronet.bench.BatchScaling [seconds per measurement]}.
 */
public final class BatchScaling {
    private BatchScaling() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int n = 128;
        int steps = 50;
        int batch = 8;
        GrayScott gs = new GrayScott();
        double[] p = {0.034, 0.065, 0.2, 0.1};
        SimulationResult grown = ExplicitEulerSimulator.run(new SimulationConfig(gs, p, n, 2000, 1, 1, 42L, 0));
        SimulationConfig c = new SimulationConfig(gs, p, n, steps, 1, 1, 42L, 0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            for (int threads : new int[] {1, 2}) {
                try (BatchRunner r = new BatchRunner(threads)) {
                    for (int w = 0; w < 30; w++) {
                        r.map(batch, i -> new ExplicitEulerSimulator(n).run(c, grown.u(), grown.v()), null);
                    }
                    AtomicLong cpu = new AtomicLong();
                    long t0 = System.nanoTime();
                    long ops = 0;
                    while (System.nanoTime() - t0 < seconds * 1e9) {
                        r.map(batch, i -> {
                            long c0 = mx.getCurrentThreadCpuTime();
                            SimulationResult res = new ExplicitEulerSimulator(n).run(c, grown.u(), grown.v());
                            cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                            return res;
                        }, null);
                        ops++;
                    }
                    double wall = (System.nanoTime() - t0) * 1e-9;
                    double cells = (double) ops * batch * steps * n * n;
                    System.out.printf(Locale.ROOT, "threads=%d  wall %4.0f M cell-updates/s  per CPU-second %4.0f M  "
                            + "cores obtained %.2f%n", threads, cells / wall / 1e6, cells / (cpu.get() * 1e-9) / 1e6,
                            cpu.get() * 1e-9 / wall);
                }
            }
        }
    }
}
