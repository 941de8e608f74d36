package org.macronet.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.macronet.system.reaction.BatchRunner;
import org.macronet.system.reaction.ExplicitEulerSimulator;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.ReactionKernel;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SimulationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gray–Scott time stepping (F = 0.034, k = 0.065, Du = 0.2, Dv = 0.1, dx = dt = 1). Scores are
 * invocations per second; cell-updates per second = score × {@link #STEPS} × size² (× {@link #BATCH} for
 * {@code batch}).
 *
 * <p>Every invocation copies a pre-grown spot pattern (identical for all variants) and advances it
 * {@link #STEPS} steps, so every variant sees the same physics and none drifts into subnormal floats.
 * Variants: {@code baseline} is the straightforward loop (double[][], modulo indexing, one pass);
 * {@code baselineFloat} the same over float[][]; {@code optimised} the library's stepper (SIMD path) on one
 * thread; {@code scalar} the library's stepper with the SIMD path switched off; {@code simulator} the full
 * simulator loop (with flushing and checks);
 * {@code batch} {@link #BATCH} independent simulations through {@link BatchRunner} with {@code threads}
 * workers (compare threads = 2 with threads = 1 and with {@code optimised}).
 *
 * <p>Run: {@code macronet-bench/run ReactionDiffusionBenchmark -p size=128 -rf json -rff result.json}; quote
 * medians of the raw iteration scores (the JSON's rawData), not JMH's means.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class ReactionDiffusionBenchmark {
    static final int STEPS = 50;
    static final int BATCH = 8;
    static final double F = 0.034;
    static final double K = 0.065;
    static final double DU = 0.2;
    static final double DV = 0.1;

    @Param({"64", "128"})
    public int size;

    /** Workers of the batch runner (used by {@code batch} only). */
    @Param({"1", "2"})
    public int threads;

    private float[] u0;
    private float[] v0;
    private double[][] du0;
    private double[][] dv0;
    private SimulationConfig config;
    private ReactionKernel kernel;
    private ExplicitEulerSimulator simulator;
    private ExplicitEulerSimulator scalarSimulator;
    private ReactionKernel scalarKernel;
    private BatchRunner runner;

    // Work arrays of the single-thread variants.
    private float[] u;
    private float[] v;
    private float[] uo;
    private float[] vo;
    private double[][] bu;
    private double[][] bv;
    private double[][] buo;
    private double[][] bvo;
    private float[][] fu;
    private float[][] fv;
    private float[][] fuo;
    private float[][] fvo;

    @Setup(Level.Trial)
    public void setUp() {
        GrayScott gs = new GrayScott();
        double[] p = {F, K, DU, DV};
        // Grow a spot pattern from a seeded initial condition, then start every invocation from it.
        SimulationResult grown = ExplicitEulerSimulator.run(new SimulationConfig(gs, p, size, 2000, 1, 1, 42L, 0));
        u0 = grown.u();
        v0 = grown.v();
        du0 = toDouble(u0, size);
        dv0 = toDouble(v0, size);
        config = new SimulationConfig(gs, p, size, STEPS, 1, 1, 42L, 0);
        simulator = new ExplicitEulerSimulator(size);
        kernel = simulator.kernel(gs, p, 1);
        scalarSimulator = new ExplicitEulerSimulator(size, false);
        scalarKernel = gs.kernel(p, 1);
        runner = new BatchRunner(threads);
        int n2 = size * size;
        u = new float[n2];
        v = new float[n2];
        uo = new float[n2];
        vo = new float[n2];
        bu = new double[size][size];
        bv = new double[size][size];
        buo = new double[size][size];
        bvo = new double[size][size];
        fu = new float[size][size];
        fv = new float[size][size];
        fuo = new float[size][size];
        fvo = new float[size][size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    /** Straightforward reference loop: double[][] fields, modulo wrap-around, one fused pass per step. */
    @Benchmark
    public double baseline() {
        int n = size;
        for (int i = 0; i < n; i++) {
            System.arraycopy(du0[i], 0, bu[i], 0, n);
            System.arraycopy(dv0[i], 0, bv[i], 0, n);
        }
        double[][] a = bu;
        double[][] b = bv;
        double[][] ao = buo;
        double[][] bo = bvo;
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int ip = (i + 1) % n;
                    int im = (i - 1 + n) % n;
                    int jp = (j + 1) % n;
                    int jm = (j - 1 + n) % n;
                    double uc = a[i][j];
                    double vc = b[i][j];
                    double lapU = a[ip][j] + a[im][j] + a[i][jp] + a[i][jm] - 4 * uc;
                    double lapV = b[ip][j] + b[im][j] + b[i][jp] + b[i][jm] - 4 * vc;
                    double uvv = uc * vc * vc;
                    ao[i][j] = uc + DU * lapU - uvv + F * (1 - uc);
                    bo[i][j] = vc + DV * lapV + uvv - (F + K) * vc;
                }
            }
            double[][] t = a;
            a = ao;
            ao = t;
            t = b;
            b = bo;
            bo = t;
        }
        return a[n / 2][n / 2] + b[n / 3][n / 3];
    }

    /** The same straightforward loop over float[][] fields. */
    @Benchmark
    public double baselineFloat() {
        int n = size;
        for (int i = 0; i < n; i++) {
            System.arraycopy(u0, i * n, fu[i], 0, n);
            System.arraycopy(v0, i * n, fv[i], 0, n);
        }
        float[][] a = fu;
        float[][] b = fv;
        float[][] ao = fuo;
        float[][] bo = fvo;
        float du = (float) DU;
        float dv = (float) DV;
        float f = (float) F;
        float fk = (float) (F + K);
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int ip = (i + 1) % n;
                    int im = (i - 1 + n) % n;
                    int jp = (j + 1) % n;
                    int jm = (j - 1 + n) % n;
                    float uc = a[i][j];
                    float vc = b[i][j];
                    float lapU = a[ip][j] + a[im][j] + a[i][jp] + a[i][jm] - 4 * uc;
                    float lapV = b[ip][j] + b[im][j] + b[i][jp] + b[i][jm] - 4 * vc;
                    float uvv = uc * vc * vc;
                    ao[i][j] = uc + du * lapU - uvv + f * (1 - uc);
                    bo[i][j] = vc + dv * lapV + uvv - fk * vc;
                }
            }
            float[][] t = a;
            a = ao;
            ao = t;
            t = b;
            b = bo;
            bo = t;
        }
        return a[n / 2][n / 2] + b[n / 3][n / 3];
    }

    /** The library's stepper on one thread (same steps as the simulator's run loop, without its checks). */
    @Benchmark
    public double optimised() {
        System.arraycopy(u0, 0, u, 0, u0.length);
        System.arraycopy(v0, 0, v, 0, v0.length);
        float[] a = u;
        float[] b = v;
        float[] ao = uo;
        float[] bo = vo;
        float cu = (float) DU;
        float cv = (float) DV;
        for (int s = 0; s < STEPS; s++) {
            simulator.step(a, b, ao, bo, kernel, cu, cv);
            float[] t = a;
            a = ao;
            ao = t;
            t = b;
            b = bo;
            bo = t;
        }
        return a[size * size / 2] + b[size * size / 3];
    }

    /** The library's scalar path (no Vector API) on one thread: what C2 makes of the plain loops. */
    @Benchmark
    public double scalar() {
        System.arraycopy(u0, 0, u, 0, u0.length);
        System.arraycopy(v0, 0, v, 0, v0.length);
        float[] a = u;
        float[] b = v;
        float[] ao = uo;
        float[] bo = vo;
        float cu = (float) DU;
        float cv = (float) DV;
        for (int s = 0; s < STEPS; s++) {
            scalarSimulator.step(a, b, ao, bo, scalarKernel, cu, cv);
            float[] t = a;
            a = ao;
            ao = t;
            t = b;
            b = bo;
            bo = t;
        }
        return a[size * size / 2] + b[size * size / 3];
    }

    /** The full simulator (with its flush and steady-state checks) on one thread. */
    @Benchmark
    public double simulator() {
        return simulator.run(config, u0, v0).v()[size * size / 3];
    }

    /** {@link #BATCH} full simulations through the batch runner with {@code threads} workers. */
    @Benchmark
    public double batch() {
        List<SimulationResult> rs = runner.map(BATCH, i -> new ExplicitEulerSimulator(size).run(config, u0, v0), null);
        return rs.get(BATCH - 1).v()[size * size / 3];
    }

    private static double[][] toDouble(float[] a, int n) {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = a[i * n + j];
            }
        }
        return d;
    }
}
