package org.macronet.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SweepConfig;

/** The parts of the Turing experiment that need no training: data, rules, growth settings, k-NN scoring. */
class TuringPiecesTest {

    @Test
    void rulesAndGrayScottParametersConvertBothWays() {
        double[] gs = {0.035, 0.06, 0.21, 0.1};
        double[] rule = TuringData.rule(gs);
        assertThat(rule).containsExactly(new double[] {0.035, 0.06, 2.1, 0.1}, within(1e-12));
        assertThat(TuringData.grayScott(rule)).containsExactly(gs, within(1e-12));
    }

    @Test
    void readsASweepAsRulesPatternsAndFamilies(@TempDir Path dir) throws Exception {
        GrayScott gs = new GrayScott();
        Map<String, double[]> ranges = new LinkedHashMap<>();
        ranges.put("F", new double[] {0.02, 0.06});
        ranges.put("Du", new double[] {0.18, 0.22});
        SweepConfig sweep = new SweepConfig(gs, gs.defaults(), ranges, 6, 16, 200, Double.NaN, Double.NaN, 3, 0);
        TuringData d = TuringData.generate(sweep, dir, 2, new org.macronet.system.reaction.Sweep.Listener() {});
        assertThat(d.rows()).isEqualTo(6);
        assertThat(d.size()).isEqualTo(16);
        assertThat(d.patterns()[0]).hasSize(256);
        for (int i = 0; i < 6; i++) {
            double[] p = sweep.parameters(i);
            assertThat(d.rules()[i]).containsExactly(TuringData.rule(p), within(1e-12));
            assertThat(d.families()[i]).isNotNull();
        }
        // A second call finds the finished sweep and returns the same data.
        TuringData again = TuringData.generate(sweep, dir, 1, new org.macronet.system.reaction.Sweep.Listener() {});
        assertThat(again.patterns()).isDeepEqualTo(d.patterns());
    }

    @Test
    void growthKeepsTheSimulatedTimeWhenADesignNeedsASmallerStep() {
        TuringSystem sys = new TuringSystem(32, 1000, 0.75, 1.0, 0, new double[] {0.02, 0.05, 1.6, 0.08},
                new double[] {0.065, 0.07, 3.25, 0.12});
        SimulationConfig inside = sys.simulation(new double[] {0.03, 0.06, 2, 0.1}, 1);
        assertThat(inside.dt()).isEqualTo(0.75);
        assertThat(inside.steps()).isEqualTo(1000);
        // Du = 4 · 0.1 = 0.4 needs dt ≤ 0.8/(4·0.4) = 0.5.
        SimulationConfig fast = sys.simulation(new double[] {0.03, 0.06, 4, 0.1}, 1);
        assertThat(fast.dt()).isLessThanOrEqualTo(0.5);
        assertThat(fast.steps() * fast.dt()).isCloseTo(750, within(1.0));
        assertThat(sys.simulation(new double[] {-0.01, 0.06, 2, 0.1}, 1)).isNull();
        assertThat(sys.inRange(new double[] {0.03, 0.06, 2, 0.1})).isTrue();
        assertThat(sys.inRange(new double[] {0.03, 0.06, 4, 0.1})).isFalse();
    }

    @Test
    void knnAccuracyCountsMajorityVotesOfNearbyFamilies() {
        double[][] ref = {{0, 0}, {0.1, 0}, {0, 0.1}, {5, 5}, {5.1, 5}, {5, 5.1}};
        Morphology[] fam = {Morphology.SPOTS, Morphology.SPOTS, Morphology.SPOTS, Morphology.STRIPES,
            Morphology.LABYRINTH, Morphology.LABYRINTH};
        double[][] query = {{0.05, 0.05}, {5.05, 5.05}};
        Morphology[] truth = {Morphology.SPOTS, Morphology.STRIPES};
        // Grouped (stripes and labyrinths together) both are right; with four families the second query's
        // neighbours vote labyrinth 2 : stripes 1.
        assertThat(TuringExperiment.knnAccuracy(ref, fam, query, truth, 3, true)).isEqualTo(1.0);
        assertThat(TuringExperiment.knnAccuracy(ref, fam, query, truth, 3, false)).isEqualTo(0.5);
    }
}
