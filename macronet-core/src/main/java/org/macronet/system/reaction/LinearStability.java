package org.macronet.system.reaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear (Turing) stability of spatially uniform steady states of a two-species model.
 *
 * <p>With J = [[f_u, f_v], [g_u, g_v]] at the steady state, a perturbation ∝ exp(σt + i k·x) grows at
 * σ(k²) = largest real eigenvalue of J − k²·diag(D_u, D_v). The state is Turing unstable iff it is stable
 * without diffusion (tr J &lt; 0, det J &gt; 0) and some k² &gt; 0 has σ &gt; 0, i.e. h = D_v·f_u + D_u·g_v &gt; 0 and
 * h² &gt; 4·D_u·D_v·det J. The critical wavenumber is k_c² = h/(2·D_u·D_v) (the minimum of
 * det(J − k²D)); its wavelength 2π/k_c is in the model's length unit.
 */
public final class LinearStability {
    private LinearStability() {}

    /**
     * The analysis of one steady state.
     *
     * @param state {u*, v*}
     * @param jacobian J at the state
     * @param stableWithoutDiffusion tr J &lt; 0 and det J &gt; 0
     * @param turingUnstable stable without diffusion but unstable to some finite wavelength with it
     * @param criticalWavenumber k_c (model length units⁻¹); NaN unless turingUnstable
     * @param criticalWavelength 2π/k_c; NaN unless turingUnstable
     * @param fastestWavenumber wavenumber of the largest growth rate σ (k ≥ 0)
     * @param fastestGrowthRate σ at that wavenumber
     * @param criticalDiffusionRatio smallest D_v/D_u making the state Turing unstable; NaN if none does
     */
    public record StateAnalysis(double[] state, double[][] jacobian, boolean stableWithoutDiffusion,
            boolean turingUnstable, double criticalWavenumber, double criticalWavelength,
            double fastestWavenumber, double fastestGrowthRate, double criticalDiffusionRatio) {}

    /**
     * The analysis of every homogeneous steady state of a parameter set.
     *
     * @param states one analysis per steady state, in the model's order
     */
    public record Result(List<StateAnalysis> states) {
        /** Whether some steady state is Turing unstable. */
        public boolean turingUnstable() {
            return states.stream().anyMatch(StateAnalysis::turingUnstable);
        }

        /** Critical wavelength (model length units) of the first Turing-unstable state; NaN if there is none. */
        public double criticalWavelength() {
            return states.stream().filter(StateAnalysis::turingUnstable).findFirst()
                    .map(StateAnalysis::criticalWavelength).orElse(Double.NaN);
        }
    }

    /** Analyses every homogeneous steady state of {@code model} at the (validated) parameter set {@code p}. */
    public static Result analyse(ReactionModel model, double[] p) {
        model.validate(p);
        List<StateAnalysis> out = new ArrayList<>();
        for (double[] s : model.homogeneousSteadyStates(p)) {
            out.add(analyse(s, model.jacobian(s[0], s[1], p), model.diffusionU(p), model.diffusionV(p)));
        }
        return new Result(List.copyOf(out));
    }

    /** Analyses one state with Jacobian {@code j} and diffusion coefficients du, dv &gt; 0. */
    public static StateAnalysis analyse(double[] state, double[][] j, double du, double dv) {
        double fu = j[0][0];
        double gv = j[1][1];
        double tr = fu + gv;
        double det = fu * gv - j[0][1] * j[1][0];
        boolean stable = tr < 0 && det > 0;
        double h = dv * fu + du * gv;
        boolean turing = stable && h > 0 && h * h > 4 * du * dv * det;
        double kc = turing ? Math.sqrt(h / (2 * du * dv)) : Double.NaN;
        double[] fastest = fastestMode(j, du, dv);
        return new StateAnalysis(state.clone(), new double[][] {j[0].clone(), j[1].clone()}, stable, turing, kc,
                turing ? 2 * Math.PI / kc : Double.NaN, fastest[0], fastest[1], criticalDiffusionRatio(j));
    }

    /**
     * Growth rate σ(k²): the largest real part of the eigenvalues of J − k²·diag(du, dv).
     */
    public static double growthRate(double[][] j, double du, double dv, double k2) {
        double a = j[0][0] - k2 * du;
        double d = j[1][1] - k2 * dv;
        double tr = a + d;
        double det = a * d - j[0][1] * j[1][0];
        double disc = tr * tr / 4 - det;
        return disc >= 0 ? tr / 2 + Math.sqrt(disc) : tr / 2;
    }

    /**
     * The smallest ratio d = D_v/D_u for which a state with Jacobian J, stable without diffusion, is Turing
     * unstable: the larger root of f_u²d² + 2(f_u·g_v − 2 det J)d + g_v² = 0 (where h² = 4·d·det J with
     * D_u = 1). NaN when the state is unstable without diffusion or no ratio destabilises it.
     */
    public static double criticalDiffusionRatio(double[][] j) {
        double fu = j[0][0];
        double gv = j[1][1];
        double det = fu * gv - j[0][1] * j[1][0];
        double cross = -j[0][1] * j[1][0]; // det − f_u·g_v: must be > 0 (opposite-signed coupling)
        if (fu + gv >= 0 || det <= 0 || fu == 0 || cross <= 0) {
            return Double.NaN;
        }
        double d = ((2 * det - fu * gv) + 2 * Math.sqrt(det * cross)) / (fu * fu);
        // The root must also satisfy h = d·f_u + g_v > 0 (otherwise it is the spurious branch h < 0).
        return d * fu + gv > 0 ? d : Double.NaN;
    }

    /**
     * The value of parameter {@code name} in [lo, hi] where the Turing instability sets in, by bisection
     * to {@code tol} on the {@link Result#turingUnstable()} predicate, which must differ at lo and hi.
     */
    public static double threshold(ReactionModel model, double[] p, String name, double lo, double hi, double tol) {
        int i = model.indexOf(name);
        double[] q = p.clone();
        q[i] = lo;
        boolean atLo = analyse(model, q).turingUnstable();
        q[i] = hi;
        boolean atHi = analyse(model, q).turingUnstable();
        if (atLo == atHi) {
            throw new IllegalArgumentException("the Turing instability does not switch between " + name + "="
                    + Fmt.num(lo) + " and " + name + "=" + Fmt.num(hi));
        }
        while (hi - lo > tol) {
            double mid = 0.5 * (lo + hi);
            q[i] = mid;
            if (analyse(model, q).turingUnstable() == atLo) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** {k, σ(k²)} of the fastest-growing mode, k ≥ 0, by a log-spaced scan refined by golden section. */
    private static double[] fastestMode(double[][] j, double du, double dv) {
        double kMax = 0;
        double best = growthRate(j, du, dv, 0);
        double prev = 0;
        int n = 400;
        double lo = 1e-4;
        double hi = 1e3;
        double bestLo = 0;
        double bestHi = lo;
        for (int s = 0; s <= n; s++) {
            double k = lo * Math.pow(hi / lo, (double) s / n);
            double g = growthRate(j, du, dv, k * k);
            if (g > best) {
                best = g;
                kMax = k;
                bestLo = prev;
                bestHi = lo * Math.pow(hi / lo, (double) (s + 1) / n);
            }
            prev = k;
        }
        if (kMax > 0) {
            double a = bestLo;
            double b = bestHi;
            double phi = (Math.sqrt(5) - 1) / 2;
            for (int it = 0; it < 100; it++) {
                double c = b - phi * (b - a);
                double d = a + phi * (b - a);
                if (growthRate(j, du, dv, c * c) > growthRate(j, du, dv, d * d)) {
                    b = d;
                } else {
                    a = c;
                }
            }
            kMax = 0.5 * (a + b);
            best = growthRate(j, du, dv, kMax * kMax);
        }
        return new double[] {kMax, best};
    }
}
