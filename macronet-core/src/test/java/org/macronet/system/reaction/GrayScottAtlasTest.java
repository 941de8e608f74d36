package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;

/**
 * Gray–Scott (Du = 0.2, Dv = 0.1, dx = dt = 1) at the atlas points of PHYSICS.md, on the 64×64 v-fields the
 * Turing experiment uses, after 10 000 steps. Over seeds 1–10 the classifier gave: λ points spots 10/10;
 * μ (0.046, 0.065) stripes 10/10 (worms, some still short); μ (0.058, 0.065) stripes 9/10, labyrinth 1/10
 * (slow growth: a few long stripes); κ (0.050, 0.063) labyrinth 9/10, stripes 1/10 (coral maze);
 * δ (0.030, 0.055) spots 10/10 (negative spots); outside the band uniform 10/10. Ambiguous, so not tested:
 * (0.010, 0.050) — the seeds decay slowly and 4/10 still hold spots or a maze at 10 000 steps.
 */
class GrayScottAtlasTest {

    @ParameterizedTest(name = "F={0} k={1} ({2}) seed {4}")
    @CsvSource({
        "0.026, 0.061, lambda, spots, 1",
        "0.026, 0.061, lambda, spots, 2",
        "0.034, 0.065, lambda, spots, 1",
        "0.046, 0.065, mu, stripes|labyrinth, 1",
        "0.058, 0.065, mu, stripes|labyrinth, 1",
        "0.050, 0.063, kappa, stripes|labyrinth, 1",
        "0.050, 0.063, kappa, stripes|labyrinth, 2",
        "0.030, 0.055, delta, spots, 1",
        "0.040, 0.075, k above band, uniform, 1",
        "0.020, 0.072, k above band, uniform, 1",
        "0.005, 0.040, very low F, uniform, 1"
    })
    void atlasPointsGiveTheirFamily(double f, double k, String atlas, String expected, long seed) {
        SimulationConfig c = new SimulationConfig(new GrayScott(), new double[] {f, k, 0.2, 0.1}, 64, 10_000, 1, 1,
                seed, 0);
        SimulationResult r = ExplicitEulerSimulator.run(c);
        PatternDescriptors d = PatternAnalyzer.describe(r.v(), 64);
        assertThat(d.morphology().label()).as("%s point (%s, %s): %s", atlas, f, k, d).matches(expected);
        assertThat(d.patterned()).isEqualTo(d.morphology() != Morphology.UNIFORM);
        if (d.patterned()) {
            assertThat(d.wavelength()).as("pattern scale, cells").isBetween(8.0, 64.0);
        }
    }
}
