package org.macronet.system.reaction;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A two-species reaction–diffusion model u_t = D_u∇²u + f(u, v), v_t = D_v∇²v + g(u, v).
 *
 * <p>Parameter values travel as a {@code double[]} in the order of {@link #parameters()} (so a batch of
 * parameter sets is an [N, P] matrix). Diffusion coefficients are in the model's own length and time
 * units; the simulator divides by dx² of the grid.
 */
public interface ReactionModel {

    /** Command-line name, e.g. {@code gray-scott}. */
    String name();

    /** The parameters, in the order of every parameter array. */
    List<Parameter> parameters();

    /** Diffusion coefficient of u for the parameter set {@code p}. */
    double diffusionU(double[] p);

    /** Diffusion coefficient of v for the parameter set {@code p}. */
    double diffusionV(double[] p);

    /** Reaction term f(u, v) of u. */
    double f(double u, double v, double[] p);

    /** Reaction term g(u, v) of v. */
    double g(double u, double v, double[] p);

    /** Analytic Jacobian [[f_u, f_v], [g_u, g_v]] of the reaction terms at (u, v). */
    double[][] jacobian(double u, double v, double[] p);

    /**
     * The spatially uniform steady states (u*, v*) with f = g = 0, each as {u*, v*}; the first is the one the
     * model's Turing analysis is about (the unique one for Brusselator, Schnakenberg and Gierer–Meinhardt).
     */
    List<double[]> homogeneousSteadyStates(double[] p);

    /** The float kernel the simulator calls per row; {@code p} has been validated. */
    ReactionKernel kernel(double[] p, double dt);

    /** Grid spacing used when the caller gives none, chosen so that typical patterns span ≥ 10 cells. */
    double defaultDx();

    /** Number of time steps used when the caller gives none. */
    int defaultSteps(int size);

    /**
     * Fills u and v (row-major, size×size) with this model's seeded initial condition: by default the
     * first homogeneous steady state times (1 + ε), ε uniform in ±1 %, independently per cell and species.
     */
    default void initialise(float[] u, float[] v, int size, double[] p, SplittableRandom rng) {
        double[] s = homogeneousSteadyStates(p).get(0);
        for (int i = 0; i < size * size; i++) {
            u[i] = (float) (s[0] * (1 + 0.01 * (2 * rng.nextDouble() - 1)));
            v[i] = (float) (s[1] * (1 + 0.01 * (2 * rng.nextDouble() - 1)));
        }
    }

    /** Default values of every parameter, in order. */
    default double[] defaults() {
        return parameters().stream().mapToDouble(Parameter::defaultValue).toArray();
    }

    /** Names of the parameters, in order. */
    default List<String> parameterNames() {
        return parameters().stream().map(Parameter::name).toList();
    }

    /** Position of the parameter called {@code name}; IllegalArgumentException listing the valid names otherwise. */
    default int indexOf(String name) {
        List<String> names = parameterNames();
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown parameter '" + name + "' for " + name() + "; valid: " + names);
        }
        return i;
    }

    /** Checks the number of values and each value against its range; returns {@code p}. */
    default double[] validate(double[] p) {
        List<Parameter> ps = parameters();
        if (p.length != ps.size()) {
            throw new IllegalArgumentException(name() + " takes " + ps.size() + " parameters " + parameterNames()
                    + ", got " + p.length);
        }
        for (int i = 0; i < p.length; i++) {
            ps.get(i).check(name(), p[i]);
        }
        return p;
    }

    /** Defaults overridden by the named values, validated. */
    default double[] withValues(Map<String, Double> values) {
        double[] p = defaults();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            p[indexOf(e.getKey())] = e.getValue();
        }
        return validate(p);
    }

    /** The parameter set as an ordered name → value map (for JSON). */
    default Map<String, Double> asMap(double[] p) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        List<String> names = parameterNames();
        for (int i = 0; i < p.length; i++) {
            m.put(names.get(i), p[i]);
        }
        return m;
    }

    /**
     * Time step used when the caller gives none: 80 % of the explicit-Euler diffusion bound
     * dx²/(4·max D), capped at {@code maxDt} (1 for Gray–Scott's grid units).
     */
    default double defaultDt(double[] p, double dx) {
        double dMax = Math.max(diffusionU(p), diffusionV(p));
        return Math.min(maxDefaultDt(), 0.8 * dx * dx / (4 * dMax));
    }

    /** Upper cap of {@link #defaultDt}. */
    default double maxDefaultDt() {
        return 1.0;
    }
}
