package org.macronet.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighbourRegressionTest {

    @Test
    void aFunctionOfTheFeaturesScoresOneAndIndependentNoiseZero() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1000;
        double[][] m = new double[n][1];
        double[][] f = new double[n][2];
        double[][] noise = new double[n][2];
        for (int i = 0; i < n; i++) {
            m[i][0] = rng.nextGaussian();
            f[i] = new double[] {Math.sin(m[i][0]), m[i][0] * m[i][0]};
            noise[i] = new double[] {rng.nextGaussian(), rng.nextGaussian()};
        }
        assertThat(NeighbourRegression.explained(m, f, 10)).isGreaterThan(0.98);
        assertThat(NeighbourRegression.explained(m, noise, 10)).isCloseTo(0, within(0.06));
    }

    @Test
    void aHalfExplainedTargetScoresAboutOneHalf() {
        // t = m + e with Var(m) = Var(e): Var(E[t | m]) / Var(t) = 1/2.
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3000;
        double[][] m = new double[n][1];
        double[][] t = new double[n][1];
        for (int i = 0; i < n; i++) {
            m[i][0] = rng.nextGaussian();
            t[i][0] = m[i][0] + rng.nextGaussian();
        }
        assertThat(NeighbourRegression.r2(m, t, 10)[0]).isCloseTo(0.5, within(0.05));
    }

    @Test
    void neighboursAreTheNearestOtherRowsInOrder() {
        double[][] p = {{0}, {1}, {3}, {7}};
        int[][] near = Neighbours.nearestOthers(p, 2);
        assertThat(near[0]).containsExactly(1, 2);
        assertThat(near[3]).containsExactly(2, 1);
        assertThat(Neighbours.nearest(p, new double[][] {{2.9}}, 1)[0]).containsExactly(2);
    }
}
