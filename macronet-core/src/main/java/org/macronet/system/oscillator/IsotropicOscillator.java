package org.macronet.system.oscillator;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * The 2-D isotropic oscillator H = (px² + py² + x² + y²)/2 (m = κ = 1, every orbit has period 2π). The
 * initial state (x, y, px, py) is drawn from N(0, I), which the flow preserves; X = (x, y, px, py)(t),
 * Y the same at t + τ with τ uniform over one period. The orbits are ellipses centred at the origin;
 * a pair shares three independent invariants (K = 3):
 * <ul>
 *   <li>{@code energy} E = (px² + py² + x² + y²)/2;
 *   <li>{@code angular_momentum} L = x·py − y·px;
 *   <li>the orientation θ of the ellipse, from the Fradkin tensor A_ij = p_i p_j + r_i r_j:
 *       θ = ½·atan2(2A_xy, A_xx − A_yy), an angle mod π, scored as {@code cos_2theta}, {@code sin_2theta}.
 * </ul>
 * Exact solution: x(t) = x₀ cos t + px₀ sin t, px(t) = px₀ cos t − x₀ sin t, the same for y.
 * θ is undefined on circular orbits (|L| = E), a set of probability zero.
 */
public final class IsotropicOscillator implements KnownAnswerSystem {

    @Override
    public String name() {
        return "isotropic-oscillator";
    }

    @Override
    public String description() {
        return "2-D isotropic oscillator: X = (x, y, px, py)(t) ~ N(0, I), Y at t + tau, tau uniform over a period; "
                + "shared: energy, angular momentum, ellipse orientation";
    }

    @Override
    public int invariantCount() {
        return 3;
    }

    @Override
    public List<String> xColumns() {
        return List.of("x", "y", "px", "py");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of("energy", "angular_momentum", "cos_2theta", "sin_2theta");
    }

    /** The state (x, y, px, py) a time t after the given one (exact). */
    public static double[] evolve(double[] state, double t) {
        double c = Math.cos(t);
        double s = Math.sin(t);
        return new double[] {
            state[0] * c + state[2] * s,
            state[1] * c + state[3] * s,
            state[2] * c - state[0] * s,
            state[3] * c - state[1] * s,
        };
    }

    /** (energy, angular_momentum, cos_2theta, sin_2theta) of a state (x, y, px, py). */
    public static double[] invariantsOf(double[] state) {
        double x = state[0];
        double y = state[1];
        double px = state[2];
        double py = state[3];
        double energy = 0.5 * (px * px + py * py + x * x + y * y);
        double l = x * py - y * px;
        double axx = px * px + x * x;
        double ayy = py * py + y * y;
        double axy = px * py + x * y;
        // (cos 2θ, sin 2θ) is the unit vector along (A_xx − A_yy, 2A_xy), whose length is 2·sqrt(E² − L²).
        double dx = axx - ayy;
        double dy = 2 * axy;
        double r = Math.hypot(dx, dy);
        return new double[] {energy, l, dx / r, dy / r};
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        SplittableRandom rng = Seeds.stream(seed, name() + ".data");
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        double[][] inv = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] s0 = new double[4];
            for (int j = 0; j < 4; j++) {
                s0[j] = Seeds.gaussian(rng);
            }
            double tau = 2 * Math.PI * rng.nextDouble();
            x[i] = s0;
            y[i] = evolve(s0, tau);
            inv[i] = invariantsOf(s0);
        }
        return new Sample(new PairedData(x, y), inv);
    }
}
