package org.macronet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.macronet.data.PairedData;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingOptions;

/**
 * The K search at small size: pairs that share nothing answer "none"; pairs that share two signals
 * (each side sees them through other columns and other nonlinear maps, next to private columns) give
 * K = 2 and stop at an unshared third coordinate.
 */
class MacroDiscoveryTest {
    private static final DenseFlowSpec FLOW = new DenseFlowSpec(8, 32, 2, 2f, "affine", "lu", true);

    private static MacroNetConfig config(int d, int k) {
        TrainingOptions t = TrainingOptions.defaults().withBatchSize(128);
        return new MacroNetConfig(d, d, k, FLOW, FLOW, t, 3);
    }

    private static MacroDiscovery.Options options() {
        return new MacroDiscovery.Options(3, 8, 0.1, EvidenceOptions.defaults());
    }

    @Test
    void pairsThatShareNothingAnswerNone() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 2000;
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            x[i] = new double[] {a, a * a + 0.2 * rng.nextGaussian(), rng.nextGaussian(), a + rng.nextGaussian()};
            y[i] = new double[] {Math.sinh(b), rng.nextGaussian(), b + 0.3 * rng.nextGaussian(), rng.nextGaussian()};
        }
        MacroDiscovery.Split split = MacroDiscovery.split(new PairedData(x, y), 5, 0.1);
        try (MacroDiscovery.Outcome o = MacroDiscovery.searchK(split, k -> config(4, k), options(),
                k -> TrainingListener.NONE)) {
            assertThat(o.search().none()).isTrue();
            assertThat(o.model()).isNull();
            assertThat(o.search().trials()).hasSize(1);
            assertThat(o.search().first().evidence().coordinates().get(0).shared()).isFalse();
        }
    }

    @Test
    void twoSharedSignalsGiveKTwo() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 3000;
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double s = rng.nextGaussian();
            double t = rng.nextGaussian();
            x[i] = new double[] {s + 0.1 * rng.nextGaussian(), rng.nextGaussian(), t + 0.1 * rng.nextGaussian(),
                    rng.nextGaussian()};
            y[i] = new double[] {rng.nextGaussian(), Math.sinh(t) + 0.1 * rng.nextGaussian(), rng.nextGaussian(),
                    s * s * s + 0.1 * rng.nextGaussian()};
        }
        MacroDiscovery.Split split = MacroDiscovery.split(new PairedData(x, y), 6, 0.1);
        assertThat(split.heldOut().rows()).isEqualTo(300);
        assertThat(split.fit().rows()).isEqualTo(2700);
        try (MacroDiscovery.Outcome o = MacroDiscovery.searchK(split, k -> config(4, k), options(),
                k -> TrainingListener.NONE)) {
            assertThat(o.search().k()).isEqualTo(2);
            assertThat(o.search().trials()).hasSize(3);
            assertThat(o.search().trials().get(2).accepted()).isFalse();
            // The full training at K = 2 starts from the short training at K = 1.
            assertThat(o.model().macroDims()).isEqualTo(1);
            // Measured at these settings: Spearman of each shared coordinate above 0.9.
            for (CoordinateEvidence c : o.search().trials().get(1).evidence().coordinates()) {
                assertThat(c.spearman()).isGreaterThan(0.8);
            }
        }
    }
}
