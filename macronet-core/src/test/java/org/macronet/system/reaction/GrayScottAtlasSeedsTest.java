package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.macronet.system.pattern.PatternAnalyzer;

/**
 * The atlas points of {@link GrayScottAtlasTest} over ten seeds each (64×64, 10 000 steps): how robust the
 * family labels are. Tagged slow (~15–40 s on two cores): the build's surefire configuration excludes the
 * {@code slow} group outright (not through a property), so run it from an IDE or with that exclusion
 * lifted, e.g. {@code <excludedGroups>${excluded.groups}</excludedGroups>} and {@code -Dexcluded.groups=none}.
 */
@Tag("slow")
class GrayScottAtlasSeedsTest {

    @ParameterizedTest(name = "F={0} k={1}: {2} in at least {3}/10 seeds")
    @CsvSource({
        "0.026, 0.061, spots, 10",
        "0.034, 0.065, spots, 10",
        "0.046, 0.065, stripes|labyrinth, 10",
        "0.058, 0.065, stripes|labyrinth, 10",
        "0.050, 0.063, stripes|labyrinth, 10",
        "0.030, 0.055, spots, 10",
        "0.040, 0.075, uniform, 10",
        "0.020, 0.072, uniform, 10",
        "0.005, 0.040, uniform, 10"
    })
    void familyIsRobustOverSeeds(double f, double k, String expected, int atLeast) {
        List<SimulationConfig> cs = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            cs.add(new SimulationConfig(new GrayScott(), new double[] {f, k, 0.2, 0.1}, 64, 10_000, 1, 1, seed, 0));
        }
        List<String> labels = new ArrayList<>();
        try (BatchRunner r = new BatchRunner(BatchRunner.allCores())) {
            for (SimulationResult res : r.simulate(cs, null)) {
                labels.add(PatternAnalyzer.describe(res.v(), 64).morphology().label());
            }
        }
        assertThat(labels.stream().filter(l -> l.matches(expected)).count()).as("labels %s", labels)
                .isGreaterThanOrEqualTo(atLeast);
    }
}
