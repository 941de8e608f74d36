package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;

/**
 * Simulations against the linear theory: the Brusselator's threshold D_c = 7.4641 (a = 2, b = 3) separates
 * growth from decay, and near threshold the grown wavelength is the critical one.
 */
class TuringSimulationTest {

    private static double std(float[] f) {
        double m = 0;
        for (float x : f) {
            m += x;
        }
        m /= f.length;
        double s = 0;
        for (float x : f) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / f.length);
    }

    private static SimulationResult simulate(ReactionModel m, double[] p, int size, int steps, long seed) {
        double dx = m.defaultDx();
        return ExplicitEulerSimulator.run(new SimulationConfig(m, p, size, steps, m.defaultDt(p, dx), dx, seed, 0));
    }

    private static double initialStd(ReactionModel m, double[] p, int size, long seed) {
        return std(simulate(m, p, size, 0, seed).u());
    }

    @Test
    void brusselatorGrowsAPatternAtD8() {
        Brusselator b = new Brusselator();
        double[] p = {2, 3, 8};
        SimulationResult r = simulate(b, p, 64, 30_000, 11); // t ≈ 190, σ_max ≈ 0.058
        PatternDescriptors d = PatternAnalyzer.describe(r.u(), 64);
        assertThat(d.patterned()).isTrue();
        assertThat(std(r.u())).isGreaterThan(20 * initialStd(b, p, 64, 11));
        double linear = LinearStability.analyse(b, p).criticalWavelength() / b.defaultDx();
        assertThat(d.wavelength()).isCloseTo(linear, org.assertj.core.api.Assertions.withinPercentage(15));
    }

    @Test
    void brusselatorGrowsNoPatternAtD7() {
        Brusselator b = new Brusselator();
        double[] p = {2, 3, 7};
        SimulationResult r = simulate(b, p, 64, 30_000, 11);
        assertThat(PatternAnalyzer.describe(r.u(), 64).patterned()).isFalse();
        // The seeded 1 % noise decays (to the float32 rounding floor, ~1e-4 relative at this small dt).
        assertThat(std(r.u())).isLessThan(0.1 * initialStd(b, p, 64, 11));
    }

    @Test
    void schnakenbergWavelengthIsTheLinearCriticalOne() {
        // a = 0.1, b = 0.9: D_c = 8.57; at D = 10 the critical wavelength is 10.62 (dx = 1: 10.62 cells).
        checkWavelength(new Schnakenberg(), new double[] {0.1, 0.9, 10});
    }

    @Test
    void giererMeinhardtWavelengthIsTheLinearCriticalOne() {
        // a = 0.1, b = c = 1: D_c = 8.24; at D = 10 the critical wavelength is 10.49 (dx = 1: 10.49 cells).
        checkWavelength(new GiererMeinhardt(), new double[] {0.1, 1, 1, 10});
    }

    private static void checkWavelength(ReactionModel m, double[] p) {
        LinearStability.Result lin = LinearStability.analyse(m, p);
        assertThat(lin.turingUnstable()).isTrue();
        double linear = lin.criticalWavelength() / m.defaultDx();
        for (long seed : new long[] {1, 2}) {
            SimulationResult r = simulate(m, p, 64, 20_000, seed);
            PatternDescriptors d = PatternAnalyzer.describe(r.u(), 64);
            assertThat(d.patterned()).isTrue();
            assertThat(d.wavelength()).as("%s seed %d, linear %.2f cells", m.name(), seed, linear)
                    .isCloseTo(linear, org.assertj.core.api.Assertions.withinPercentage(15));
        }
    }
}
