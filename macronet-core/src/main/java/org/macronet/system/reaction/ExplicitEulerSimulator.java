package org.macronet.system.reaction;

import java.util.SplittableRandom;

/**
 * Explicit Euler with the 5-point Laplacian on a periodic square grid, in float32.
 *
 * <p>Layout: each field is one row-major float[size²]; a step walks the rows, computes the undivided
 * Laplacian of the row into two small buffers (neighbour rows by index, the two wrapping columns
 * outside the loop, so no modulo in the inner loop) and hands the row to the model's
 * {@link ReactionKernel}. When the {@code jdk.incubator.vector} module is present (the launcher, tests and
 * benchmarks add it) both loops run as explicit SIMD code ({@code VectorKernels}); C2 of JDK 17 does not
 * auto-vectorise them (it cannot rule out aliasing between the input and output arrays). The SIMD and
 * scalar paths give bit-identical fields; {@code -Dmacronet.scalar=true} forces the scalar one. The SIMD
 * path is only fast once C2 has compiled it: a fresh JVM spends its first ~0.5 s (a few thousand 64² steps)
 * slower than the scalar path would be, which long runs and sweeps amortise.
 *
 * <p>Subnormal floats (|x| &lt; 2⁻¹²⁶ ≈ 1.2e-38) make arithmetic ~10× slower and appear wherever a
 * species decays towards zero (v outside Gray–Scott spots), so every {@link #FLUSH_INTERVAL} steps values
 * with |x| &lt; {@link #FLUSH_BELOW} are set to zero; no decay is fast enough to cross from 1e-30 to the
 * subnormal range within that interval except transiently.
 */
public final class ExplicitEulerSimulator {
    /** Magnitude below which values are flushed to zero. */
    public static final float FLUSH_BELOW = 1e-30f;
    /** Steps between two flushes. */
    public static final int FLUSH_INTERVAL = 8;

    /** Whether the SIMD path is used: the Vector API module is present and not switched off. */
    public static final boolean SIMD = !Boolean.getBoolean("macronet.scalar")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final int n;
    private final float[] lapU;
    private final float[] lapV;
    private final boolean simd;

    /** A simulator for size×size grids; holds the row buffers, so use one instance per thread. */
    public ExplicitEulerSimulator(int size) {
        this(size, SIMD);
    }

    /** A simulator that uses the SIMD path iff {@code simd} (and it is available). */
    public ExplicitEulerSimulator(int size, boolean simd) {
        this.n = size;
        this.lapU = new float[size];
        this.lapV = new float[size];
        this.simd = simd && SIMD;
    }

    /** The fastest kernel of {@code model} for this simulator: SIMD for the built-in models when enabled. */
    public ReactionKernel kernel(ReactionModel model, double[] p, double dt) {
        ReactionKernel k = simd ? VectorKernels.of(model, p, dt) : null;
        return k != null ? k : model.kernel(p, dt);
    }

    /** Runs {@code c} from its seeded initial condition. */
    public static SimulationResult run(SimulationConfig c) {
        int n = c.size();
        float[] u = new float[n * n];
        float[] v = new float[n * n];
        c.model().initialise(u, v, n, c.params(), new SplittableRandom(c.seed()));
        return new ExplicitEulerSimulator(n).run(c, u, v);
    }

    /**
     * Runs {@code c} from the given initial fields (not modified).
     */
    public SimulationResult run(SimulationConfig c, float[] u0, float[] v0) {
        if (c.size() != n || u0.length != n * n || v0.length != n * n) {
            throw new IllegalArgumentException("fields of " + u0.length + " and " + v0.length
                    + " cells do not fit the " + n + "×" + n + " grid of this simulator (config size " + c.size() + ")");
        }
        long t0 = System.nanoTime();
        double[] p = c.params();
        ReactionKernel k = kernel(c.model(), p, c.dt());
        float cu = (float) (c.model().diffusionU(p) * c.dt() / (c.dx() * c.dx()));
        float cv = (float) (c.model().diffusionV(p) * c.dt() / (c.dx() * c.dx()));
        float[] u = u0.clone();
        float[] v = v0.clone();
        float[] uo = new float[n * n];
        float[] vo = new float[n * n];
        boolean early = false;
        boolean diverged = false;
        int s = 0;
        while (s < c.steps()) {
            step(u, v, uo, vo, k, cu, cv);
            s++;
            if (s % FLUSH_INTERVAL == 0) {
                flush(uo);
                flush(vo);
            }
            if (s % SimulationConfig.CHECK_INTERVAL == 0 || s == c.steps()) {
                if (Thread.interrupted()) {
                    // A cancelled batch: stop promptly instead of finishing a result nobody will read.
                    throw new java.util.concurrent.CancellationException("simulation interrupted at step " + s);
                }
                double rate = maxChange(u, uo, v, vo) / c.dt();
                if (!Double.isFinite(rate)) {
                    diverged = true;
                } else if (c.stopTolerance() > 0 && rate < c.stopTolerance() && s < c.steps()) {
                    early = true;
                }
            }
            float[] t = u;
            u = uo;
            uo = t;
            t = v;
            v = vo;
            vo = t;
            if (diverged || early) {
                break;
            }
        }
        return new SimulationResult(u, v, n, s, early, diverged, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * One explicit-Euler step from (u, v) into (uo, vo) with cu = D_u·dt/dx², cv = D_v·dt/dx².
     */
    public void step(float[] u, float[] v, float[] uo, float[] vo, ReactionKernel k, float cu, float cv) {
        for (int y = 0; y < n; y++) {
            int r = y * n;
            int up = (y == 0 ? n - 1 : y - 1) * n;
            int dn = (y == n - 1 ? 0 : y + 1) * n;
            if (simd) {
                VectorKernels.laplacianRow(u, lapU, r, up, dn, n);
                VectorKernels.laplacianRow(v, lapV, r, up, dn, n);
            } else {
                laplacianRow(u, lapU, r, up, dn);
                laplacianRow(v, lapV, r, up, dn);
            }
            k.update(u, v, lapU, lapV, uo, vo, r, 0, n, cu, cv);
        }
    }

    private void laplacianRow(float[] a, float[] lap, int r, int up, int dn) {
        int last = n - 1;
        lap[0] = a[r + last] + a[r + 1] + a[up] + a[dn] - 4 * a[r];
        for (int x = 1; x < last; x++) {
            lap[x] = a[r + x - 1] + a[r + x + 1] + a[up + x] + a[dn + x] - 4 * a[r + x];
        }
        lap[last] = a[r + last - 1] + a[r] + a[up + last] + a[dn + last] - 4 * a[r + last];
    }

    /** Sets values with |x| &lt; {@link #FLUSH_BELOW} to zero. */
    private void flush(float[] a) {
        if (simd) {
            VectorKernels.flush(a, FLUSH_BELOW);
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) < FLUSH_BELOW) {
                a[i] = 0f;
            }
        }
    }

    /** max over cells of |new − old| for both species; NaN/∞ if any value is not finite. */
    private static double maxChange(float[] u, float[] uo, float[] v, float[] vo) {
        float m = 0;
        boolean finite = true;
        for (int i = 0; i < u.length; i++) {
            float d = Math.max(Math.abs(uo[i] - u[i]), Math.abs(vo[i] - v[i]));
            m = Math.max(m, d);
            finite &= Float.isFinite(uo[i]) && Float.isFinite(vo[i]);
        }
        return finite ? m : Double.NaN;
    }
}
