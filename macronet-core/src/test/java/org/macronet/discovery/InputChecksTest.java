package org.macronet.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.macronet.system.oscillator.OscillatorPairs;

class InputChecksTest {

    @Test
    void aConstantColumnIsRefusedByName() {
        double[][] rows = {{1, 2.5}, {2, 2.5}, {3, 2.5}};
        assertThatThrownBy(() -> InputChecks.requireVarying("X (x.csv)", List.of("a", "gain"), rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'gain' of X (x.csv) is constant (2.5 in every row): it carries no information; "
                        + "remove it");
        InputChecks.requireVarying("X", List.of("a", "b"), new double[][] {{1, 2}, {1.5, 3}});
    }

    @Test
    void fractionsThatSumToOneAreALinearConstraint() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] rows = new double[500][];
        for (int i = 0; i < rows.length; i++) {
            double a = rng.nextDouble();
            double b = rng.nextDouble() * (1 - a);
            rows[i] = new double[] {a, b, 1 - a - b, rng.nextGaussian()};
        }
        List<String> found = InputChecks.constraints(List.of("a", "b", "c", "t"), rows, 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).startsWith("linear:").contains("a").contains("b").contains("c").doesNotContain("·t");
    }

    @Test
    void anAngleGivenAsCosineAndSineIsANonlinearConstraint() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] rows = new double[4000][];
        for (int i = 0; i < rows.length; i++) {
            double phi = 2 * Math.PI * rng.nextDouble();
            rows[i] = new double[] {Math.cos(phi), Math.sin(phi), rng.nextGaussian()};
        }
        List<String> found = InputChecks.constraints(List.of("cos", "sin", "r"), rows, 1);
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).startsWith("nonlinear:");
    }

    @Test
    void tablesThatFillTheirSpaceHaveNoConstraint() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] gauss = new double[4000][];
        for (int i = 0; i < gauss.length; i++) {
            double g = rng.nextGaussian();
            gauss[i] = new double[] {g, g + 0.1 * rng.nextGaussian(), rng.nextGaussian() * g};
        }
        assertThat(InputChecks.constraints(List.of("a", "b", "c"), gauss, 1)).isEmpty();
        // The oscillator's (q, p) fill an annulus: its energy varies, so no constraint.
        double[][] osc = OscillatorPairs.defaults().sample(4000, 3).data().x();
        assertThat(InputChecks.constraints(List.of("q", "p"), osc, 1)).isEmpty();
    }

    @Test
    void jitterIsSmallReproducibleAndScaledPerColumn() {
        double[][] rows = {{0, 0}, {10, 1}, {20, 2}, {30, 3}};
        double[][] a = InputChecks.jitter(rows, 0.01, 5);
        assertThat(a).isDeepEqualTo(InputChecks.jitter(rows, 0.01, 5));
        for (int i = 0; i < rows.length; i++) {
            assertThat(Math.abs(a[i][0] - rows[i][0])).isLessThan(0.6).isGreaterThan(0);
            assertThat(Math.abs(a[i][1] - rows[i][1])).isLessThan(0.06);
        }
    }
}
