package org.macronet.experiment;

import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SweepConfig;

/**
 * How a Turing model's rules are grown into patterns, and the range of rules it was trained on:
 * saved with the model so that designs can be checked against the training range and verified by
 * simulation later.
 *
 * @param size grid side
 * @param steps time steps at time step {@code dt}
 * @param dt time step
 * @param dx grid spacing
 * @param stopTolerance early-stop tolerance of the simulations (0: off)
 * @param ruleMin smallest training value of each rule coordinate (F, k, Du/Dv, Dv)
 * @param ruleMax largest training value of each rule coordinate
 */
public record TuringSystem(int size, int steps, double dt, double dx, double stopTolerance, double[] ruleMin,
        double[] ruleMax) {

    public TuringSystem {
        if (ruleMin.length != 4 || ruleMax.length != 4) {
            throw new IllegalArgumentException("a Gray–Scott rule has 4 coordinates (F, k, Du/Dv, Dv)");
        }
    }

    /** The settings of a sweep, with the given training range. */
    public static TuringSystem of(SweepConfig sweep, double[] ruleMin, double[] ruleMax) {
        return new TuringSystem(sweep.size(), sweep.steps(), sweep.dt(), sweep.dx(), sweep.stopTolerance(),
                ruleMin.clone(), ruleMax.clone());
    }

    /** Whether every coordinate of the rule lies inside the training range. */
    public boolean inRange(double[] rule) {
        for (int j = 0; j < 4; j++) {
            if (!(rule[j] >= ruleMin[j] && rule[j] <= ruleMax[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The simulation of a rule on this grid for the same simulated time; a rule whose diffusion needs a
     * smaller stable time step gets one, with proportionally more steps. Null when the rule is not a valid
     * Gray–Scott parameter set (e.g. a negative rate).
     */
    public SimulationConfig simulation(double[] rule, long seed) {
        GrayScott gs = new GrayScott();
        double[] p = TuringData.grayScott(rule);
        for (int j = 0; j < 4; j++) {
            if (!gs.parameters().get(j).accepts(p[j])) {
                return null;
            }
        }
        double step = Math.min(dt, gs.defaultDt(p, dx));
        int n = (int) Math.ceil(steps * dt / step - 1e-9);
        return new SimulationConfig(gs, p, size, n, step, dx, seed, stopTolerance);
    }
}
