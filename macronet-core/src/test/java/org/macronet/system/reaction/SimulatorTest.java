package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;

/** The explicit-Euler simulator: stability guard, reproducibility, subnormal flushing, early stop. */
class SimulatorTest {
    private static final GrayScott GS = new GrayScott();
    private static final double[] SPOTS = {0.026, 0.061, 0.2, 0.1};

    @Test
    void refusesAnUnstableTimeStepWithAClearMessage() {
        assertThatThrownBy(() -> new SimulationConfig(GS, SPOTS, 32, 10, 1.5, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("time step dt=1.5 is unstable for D=0.2, dx=1: D·dt/dx² = 0.3 > 1/4");
        // The bound itself is allowed: D·dt/dx² = 1/4 exactly.
        new SimulationConfig(GS, SPOTS, 32, 10, 1.25, 1, 1, 0);
        assertThatThrownBy(() -> new SimulationConfig(new Brusselator(), new double[] {2, 3, 8}, 32, 10, 0.01, 0.25, 1, 0))
                .hasMessage("time step dt=0.01 is unstable for D=8, dx=0.25: D·dt/dx² = 1.28 > 1/4");
    }

    @Test
    void defaultTimeStepRespectsTheBoundWithAMargin() {
        for (ReactionModel m : ReactionModels.all()) {
            double[] p = m.defaults();
            double dx = m.defaultDx();
            double dt = m.defaultDt(p, dx);
            double c = Math.max(m.diffusionU(p), m.diffusionV(p)) * dt / (dx * dx);
            assertThat(c).as(m.name()).isLessThanOrEqualTo(0.2 + 1e-12);
            SimulationConfig.withDefaults(m, p, 16, 1); // accepted
        }
        assertThat(GS.defaultDt(SPOTS, 1)).as("Gray–Scott's conventional dt = 1").isEqualTo(1.0);
    }

    @Test
    void sameSeedGivesBitIdenticalFieldsAndAnotherSeedDoesNot() {
        SimulationConfig c = new SimulationConfig(GS, SPOTS, 32, 500, 1, 1, 7, 0);
        SimulationResult a = ExplicitEulerSimulator.run(c);
        SimulationResult b = ExplicitEulerSimulator.run(c);
        assertThat(a.u()).containsExactly(b.u());
        assertThat(a.v()).containsExactly(b.v());
        assertThat(ExplicitEulerSimulator.run(c.withSeed(8)).v()).isNotEqualTo(a.v());
    }

    @Test
    void simdAndScalarPathsGiveBitIdenticalFieldsForEveryModel() {
        assertThat(ExplicitEulerSimulator.SIMD).as("tests run with --add-modules jdk.incubator.vector").isTrue();
        for (ReactionModel m : ReactionModels.all()) {
            // Odd size 37: every row also has a scalar tail after the SIMD lanes.
            for (int size : new int[] {32, 37}) {
                SimulationConfig c = SimulationConfig.withDefaults(m, m.defaults(), size, 4).withSteps(300);
                float[] u = new float[size * size];
                float[] v = new float[size * size];
                m.initialise(u, v, size, c.params(), new java.util.SplittableRandom(4));
                SimulationResult simd = new ExplicitEulerSimulator(size, true).run(c, u, v);
                SimulationResult scalar = new ExplicitEulerSimulator(size, false).run(c, u, v);
                assertThat(simd.u()).as("%s u, size %d", m.name(), size).containsExactly(scalar.u());
                assertThat(simd.v()).as("%s v, size %d", m.name(), size).containsExactly(scalar.v());
            }
        }
    }

    @Test
    void batchResultsDoNotDependOnTheThreadCount() {
        List<SimulationConfig> cs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double[] p = {0.02 + 0.005 * i, 0.06, 0.2, 0.1};
            cs.add(new SimulationConfig(GS, p, 24, 300, 1, 1, Seeds.derive(99, Seeds.SIMULATIONS, i), 0));
        }
        List<SimulationResult> one;
        List<SimulationResult> two;
        try (BatchRunner r1 = new BatchRunner(1); BatchRunner r2 = new BatchRunner(2)) {
            one = r1.simulate(cs, null);
            two = r2.simulate(cs, null);
        }
        for (int i = 0; i < cs.size(); i++) {
            assertThat(two.get(i).v()).as("sample %d", i).containsExactly(one.get(i).v());
            assertThat(two.get(i).u()).containsExactly(one.get(i).u());
        }
    }

    @Test
    void aFailingTaskAbortsTheBatchWithItsException() {
        try (BatchRunner r = new BatchRunner(2)) {
            assertThatThrownBy(() -> r.map(8, i -> {
                if (i == 3) {
                    throw new IllegalStateException("sample 3 failed");
                }
                return i;
            }, null)).isInstanceOf(IllegalStateException.class).hasMessage("sample 3 failed");
        }
    }

    @Test
    void noSubnormalFloatsSurviveALongRun() {
        // Outside the spots v decays towards 0 at rate F + k per step: without flushing it would cross the
        // subnormal range (|v| < 1.2e-38) within ~1000 steps and stay there.
        SimulationResult r = ExplicitEulerSimulator.run(new SimulationConfig(GS, new double[] {0.04, 0.075, 0.2, 0.1},
                32, 3000, 1, 1, 3, 0));
        int subnormal = 0;
        for (float x : r.v()) {
            if (x != 0 && Math.abs(x) < Float.MIN_NORMAL) {
                subnormal++;
            }
        }
        for (float x : r.u()) {
            if (x != 0 && Math.abs(x) < Float.MIN_NORMAL) {
                subnormal++;
            }
        }
        assertThat(subnormal).isZero();
    }

    @Test
    void stopsEarlyAtASteadyState() {
        // Outside the pattern band every seed decays to the uniform state (1, 0).
        SimulationConfig c = new SimulationConfig(GS, new double[] {0.04, 0.075, 0.2, 0.1}, 32, 50_000, 1, 1, 3, 1e-6);
        SimulationResult r = ExplicitEulerSimulator.run(c);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.steps()).isLessThan(50_000).isPositive();
        assertThat(r.steps() % SimulationConfig.CHECK_INTERVAL).isZero();
        // Without a tolerance it runs every step.
        assertThat(ExplicitEulerSimulator.run(c.withStopTolerance(0).withSteps(1000)).steps()).isEqualTo(1000);
    }

    @Test
    void reportsDivergenceInsteadOfReturningGarbageSilently() {
        int n = 8;
        float[] u = new float[n * n];
        float[] v = new float[n * n];
        java.util.Arrays.fill(u, 1);
        v[5] = Float.NaN;
        SimulationResult r = new ExplicitEulerSimulator(n).run(new SimulationConfig(GS, SPOTS, n, 1000, 1, 1, 0, 0), u, v);
        assertThat(r.diverged()).isTrue();
        assertThat(r.steps()).isEqualTo(SimulationConfig.CHECK_INTERVAL);
        assertThat(PatternAnalyzer.describe(r.v(), n).morphology().label()).isEqualTo("diverged");
    }

    @Test
    void diffusionAloneConservesMassAndSmoothsTheField() {
        // F = k = 0 and v = 0: u obeys the discrete heat equation, which conserves the sum (up to rounding)
        // and multiplies the Fourier mode m by 1 − 4c·sin²(πm/n) per step.
        int n = 16;
        float[] u = new float[n * n];
        float[] v = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                u[y * n + x] = (float) (1 + 0.5 * Math.cos(2 * Math.PI * x / n));
            }
        }
        double[] p = {0, 0, 0.2, 0.1};
        SimulationResult r = new ExplicitEulerSimulator(n).run(new SimulationConfig(GS, p, n, 10, 1, 1, 0, 0), u, v);
        double sum = 0;
        for (float x : r.u()) {
            sum += x;
        }
        assertThat(sum).isCloseTo(n * n, org.assertj.core.api.Assertions.within(1e-3));
        // One mode m = 1 along x: per-step factor 1 − 4c·sin²(π/n) with c = D·dt/dx² = 0.2.
        double factor = Math.pow(1 - 4 * 0.2 * Math.pow(Math.sin(Math.PI / n), 2), 10);
        assertThat((double) r.u()[0] - 1).isCloseTo(0.5 * factor, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void patternDescriptorsOfAGrownSpotFieldAreSane() {
        SimulationResult r = ExplicitEulerSimulator.run(new SimulationConfig(GS, SPOTS, 64, 6000, 1, 1, 1, 0));
        PatternDescriptors d = PatternAnalyzer.describe(r.v(), 64);
        assertThat(d.patterned()).isTrue();
        assertThat(d.coverage()).isBetween(0.1, 0.5);
        assertThat(d.wavelength()).isBetween(9.0, 18.0);
    }
}
