package org.macronet.system.reaction;

import java.util.Arrays;

/**
 * Everything that determines one simulation: model and parameter set, a size×size periodic grid of
 * spacing dx, {@code steps} explicit-Euler steps of dt, and the seed of the random initial condition.
 *
 * @param model the reaction–diffusion model
 * @param params parameter values in the order of {@link ReactionModel#parameters()}; validated
 * @param size grid side (cells), ≥ 4
 * @param steps number of time steps, ≥ 0
 * @param dt time step; must satisfy D·dt/dx² ≤ 1/4 for both species
 * @param dx grid spacing in the model's length unit, &gt; 0
 * @param seed seed of the initial condition
 * @param stopTolerance early stop once max|∂u/∂t|, max|∂v/∂t| &lt; stopTolerance (checked every
 *     {@link #CHECK_INTERVAL} steps); 0 disables early stopping
 */
public record SimulationConfig(ReactionModel model, double[] params, int size, int steps, double dt, double dx,
        long seed, double stopTolerance) {

    /** Steps between two steady-state (and divergence) checks. */
    public static final int CHECK_INTERVAL = 100;

    public SimulationConfig {
        if (model == null) {
            throw new IllegalArgumentException("model must be given");
        }
        params = model.validate(params.clone());
        if (size < 4) {
            throw new IllegalArgumentException("grid size=" + size + " must be at least 4");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps=" + steps + " must be ≥ 0");
        }
        if (!(dx > 0) || !Double.isFinite(dx)) {
            throw new IllegalArgumentException("grid spacing dx=" + Fmt.num(dx) + " must be > 0");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("time step dt=" + Fmt.num(dt) + " must be > 0");
        }
        if (!(stopTolerance >= 0)) {
            throw new IllegalArgumentException("stop tolerance=" + Fmt.num(stopTolerance) + " must be ≥ 0");
        }
        for (double d : new double[] {model.diffusionU(params), model.diffusionV(params)}) {
            double c = d * dt / (dx * dx);
            if (c > 0.25) {
                throw new IllegalArgumentException("time step dt=" + Fmt.num(dt) + " is unstable for D=" + Fmt.num(d)
                        + ", dx=" + Fmt.num(dx) + ": D·dt/dx² = " + Fmt.num(round(c)) + " > 1/4");
            }
        }
    }

    /** The model's default dx, dt and step count, no early stop. */
    public static SimulationConfig withDefaults(ReactionModel model, double[] params, int size, long seed) {
        double dx = model.defaultDx();
        return new SimulationConfig(model, params, size, model.defaultSteps(size), model.defaultDt(params, dx), dx,
                seed, 0);
    }

    /** A copy with another parameter set. */
    public SimulationConfig withParams(double[] p) {
        return new SimulationConfig(model, p, size, steps, dt, dx, seed, stopTolerance);
    }

    /** A copy with another seed. */
    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(model, params, size, steps, dt, dx, s, stopTolerance);
    }

    /** A copy with another step count. */
    public SimulationConfig withSteps(int t) {
        return new SimulationConfig(model, params, size, t, dt, dx, seed, stopTolerance);
    }

    /** A copy with another early-stop tolerance. */
    public SimulationConfig withStopTolerance(double tol) {
        return new SimulationConfig(model, params, size, steps, dt, dx, seed, tol);
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    @Override
    public String toString() {
        return "SimulationConfig[" + model.name() + " " + Arrays.toString(params) + ", size=" + size + ", steps="
                + steps + ", dt=" + dt + ", dx=" + dx + ", seed=" + seed + ", stopTolerance=" + stopTolerance + "]";
    }

    private static double round(double c) {
        return Math.round(c * 1e6) / 1e6;
    }
}
