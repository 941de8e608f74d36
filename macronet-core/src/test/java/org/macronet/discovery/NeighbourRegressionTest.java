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
    void aHeavyTailedFunctionOfGaussianFeaturesScoresAtItsCeiling() {
        // An energy seen through a Gaussian macrostate grows steeply in the tails, where the neighbours are far
        // apart. On these rows a plain mean of 10 neighbours scores t = g0^2 + g1 at 0.953 and the local
        // linear fit at 0.997 (measured with numpy on the same kind of draw).
        SplittableRandom rng = new SplittableRandom(7);
        int n = 4000;
        double[][] m = new double[n][3];
        double[][] t = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                m[i][c] = rng.nextGaussian();
            }
            t[i][0] = m[i][0] * m[i][0] + m[i][1];
        }
        assertThat(NeighbourRegression.r2(m, t, NeighbourRegression.DEFAULT_NEIGHBOURS)[0]).isGreaterThan(0.99);
    }

    @Test
    void independentNoiseScoresZeroInSeveralDimensions() {
        // The neighbours' own noise enters the local linear prediction with weight sum(w^2), more than 1/n in
        // three dimensions: the correction must take the real weights, or noise would score about -1.4/n.
        SplittableRandom rng = new SplittableRandom(11);
        int n = 4000;
        double[][] m = new double[n][3];
        double[][] noise = new double[n][2];
        for (int i = 0; i < n; i++) {
            m[i] = new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            noise[i] = new double[] {rng.nextGaussian(), rng.nextGaussian()};
        }
        assertThat(NeighbourRegression.explained(m, noise, NeighbourRegression.DEFAULT_NEIGHBOURS))
                .isCloseTo(0, within(0.02));
    }

    @Test
    void localLinearWeightsSumToOneAndReproduceALinearFunction() {
        SplittableRandom rng = new SplittableRandom(13);
        double[][] f = new double[50][2];
        for (double[] r : f) {
            r[0] = rng.nextGaussian();
            r[1] = rng.nextGaussian();
        }
        int[] near = Neighbours.nearestOthers(f, 12)[0];
        double[] w = NeighbourRegression.localLinearWeights(f, 0, near);
        double sum = 0;
        double linear = 0;
        for (int q = 0; q < near.length; q++) {
            sum += w[q];
            linear += w[q] * (3 + 2 * f[near[q]][0] - f[near[q]][1]);
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        assertThat(linear).isCloseTo(3 + 2 * f[0][0] - f[0][1], within(1e-5));
        // Neighbours that span no volume (all at one point) fall back to their plain mean.
        double[][] same = {{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}};
        assertThat(NeighbourRegression.localLinearWeights(same, 0, new int[] {1, 2, 3, 4}))
                .containsExactly(0.25, 0.25, 0.25, 0.25);
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
