package org.macronet.system.controls;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * Negative control: a dynamical system observed so long apart that nothing is left in common. A 3-D
 * Ornstein–Uhlenbeck process du_i = −θ_i u_i dt + √(2θ_i) dW_i with rates θ = (1, 2, 3) (stationary law
 * N(0, 1) per coordinate), observed through a fixed non-diagonal mixing matrix M: X = M·u(t), Y = M·u(t + τ)
 * with τ = 20 / min θ, so the slowest coordinate keeps a correlation of e^{−20} ≈ 2e-9 (K = 0). Columns
 * {@code v1..v3}. Exact transition: u(t + τ) = u(t)·e^{−θτ} + √(1 − e^{−2θτ})·ξ, ξ ~ N(0, 1).
 */
public final class MixingLag implements KnownAnswerSystem {
    static final double[] RATES = {1, 2, 3};
    /** Fixed, invertible (det = 0.816) and non-diagonal, so each observed column mixes all three rates. */
    static final double[][] MIXING = {
        {1.0, 0.5, 0.2},
        {0.3, 1.0, 0.4},
        {0.6, 0.1, 1.0},
    };

    @Override
    public String name() {
        return "mixing-lag";
    }

    @Override
    public String description() {
        return "negative control: mixed 3-D Ornstein-Uhlenbeck process, rates (1, 2, 3), X = M u(t), Y = M u(t + 20); "
                + "nothing shared";
    }

    @Override
    public int invariantCount() {
        return 0;
    }

    @Override
    public List<String> xColumns() {
        return List.of("v1", "v2", "v3");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of();
    }

    /** The lag τ = 20 / min θ. */
    public static double lag() {
        double min = Double.POSITIVE_INFINITY;
        for (double r : RATES) {
            min = Math.min(min, r);
        }
        return 20 / min;
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        SplittableRandom rng = Seeds.stream(seed, name() + ".data");
        double tau = lag();
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        double[] u = new double[3];
        double[] v = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                u[j] = Seeds.gaussian(rng);
                double decay = Math.exp(-RATES[j] * tau);
                v[j] = u[j] * decay + Math.sqrt(1 - decay * decay) * Seeds.gaussian(rng);
            }
            x[i] = mix(u);
            y[i] = mix(v);
        }
        return new Sample(new PairedData(x, y), new double[n][0]);
    }

    private static double[] mix(double[] u) {
        double[] o = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                o[r] += MIXING[r][c] * u[c];
            }
        }
        return o;
    }
}
