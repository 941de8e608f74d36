package org.macronet.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static double[][] gaussian(int n, int k, SplittableRandom rng, double scale) {
        double[][] t = new double[n][k];
        for (double[] r : t) {
            for (int c = 0; c < k; c++) {
                r[c] = scale * rng.nextGaussian();
            }
        }
        return t;
    }

    @Test
    void independentMacrostatesShowNoEvidenceHoweverSmallTheirMismatch() {
        // Two tiny, independent macrostates: a raw mismatch of ~2e-6 looks like agreement; against chance it is none.
        SplittableRandom rng = new SplittableRandom(1);
        double[][] mx = gaussian(2000, 2, rng, 1e-3);
        double[][] my = gaussian(2000, 2, rng, 1e-3);
        MacrostateEvidence e = Evidence.of(mx, my, EvidenceOptions.defaults(), 7L);
        assertThat(e.mismatch()).isLessThan(1e-5);
        assertThat(e.relativeMismatch()).isCloseTo(1, within(0.1));
        assertThat(e.sharedCount()).isZero();
        assertThat(e.allShared()).isFalse();
        for (CoordinateEvidence c : e.coordinates()) {
            assertThat(Math.abs(c.spearman())).isLessThan(0.1);
            assertThat(c.nullSd()).isCloseTo(1 / Math.sqrt(1999), within(0.003));
        }
    }

    @Test
    void aSharedCoordinateIsFoundAndAnUnsharedOneFlagged() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 1000;
        double[][] mx = new double[n][2];
        double[][] my = new double[n][2];
        for (int i = 0; i < n; i++) {
            double s = rng.nextGaussian();
            mx[i] = new double[] {s + 0.1 * rng.nextGaussian(), rng.nextGaussian()};
            my[i] = new double[] {Math.exp(s) + 0.1 * rng.nextGaussian(), rng.nextGaussian()};
        }
        MacrostateEvidence e = Evidence.of(mx, my, EvidenceOptions.defaults(), 3L);
        assertThat(e.coordinates().get(0).shared()).isTrue();
        assertThat(e.coordinates().get(0).pValue()).isEqualTo(1.0 / 1000);
        assertThat(e.coordinates().get(0).spearman()).isGreaterThan(0.9);
        assertThat(e.coordinates().get(1).shared()).isFalse();
        assertThat(e.sharedCount()).isEqualTo(1);
        assertThat(e.allShared()).isFalse();
        assertThat(e.weakest().coordinate()).isEqualTo(1);
    }

    @Test
    void pValuesOfUnrelatedCoordinatesAreUniform() {
        // Under the null the test must be calibrated: about alpha of the p-values fall below alpha.
        SplittableRandom rng = new SplittableRandom(4);
        int below = 0;
        int trials = 400;
        EvidenceOptions o = new EvidenceOptions(0.05, 0, 199);
        for (int t = 0; t < trials; t++) {
            MacrostateEvidence e = Evidence.of(gaussian(100, 1, rng, 1), gaussian(100, 1, rng, 1), o, rng);
            if (e.coordinates().get(0).pValue() < 0.05) {
                below++;
            }
        }
        // Binomial(400, 0.05): mean 20, sd 4.4; the bounds are 3 sd either side.
        assertThat(below).isBetween(7, 33);
    }

    @Test
    void sameSeedSameEvidence() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] mx = gaussian(300, 2, rng, 1);
        double[][] my = gaussian(300, 2, rng, 1);
        assertThat(Evidence.of(mx, my, EvidenceOptions.defaults(), 9L))
                .isEqualTo(Evidence.of(mx, my, EvidenceOptions.defaults(), 9L));
    }
}
