package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Per-column and pooled (image) standardisation, and the way back to the user's units. */
class StandardizerTest {
    private static final double[][] ROWS = {{1, 10}, {3, 30}, {5, 50}};

    @Test
    void perColumnStatisticsGiveZeroMeanUnitVarianceColumns() {
        Standardizer s = Standardizer.fit(ROWS);
        assertThat(s.mean()).containsExactly(new double[] {3, 30}, within(1e-12));
        assertThat(s.std()).containsExactly(new double[] {2, 20}, within(1e-12));
        float[] z = s.apply(ROWS);
        assertThat(z[0]).isEqualTo(-1f);
        assertThat(z[5]).isEqualTo(1f);
    }

    @Test
    void pooledStatisticsAreOneMeanAndSpreadForEveryPixel() {
        Standardizer s = Standardizer.fitPooled(ROWS);
        // All six values: mean 16.5, sample std over the six values.
        double mean = (1 + 3 + 5 + 10 + 30 + 50) / 6.0;
        double ss = 0;
        for (double[] r : ROWS) {
            for (double v : r) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(ss / 5);
        assertThat(s.mean()).containsExactly(new double[] {mean, mean}, within(1e-12));
        assertThat(s.std()).containsExactly(new double[] {std, std}, within(1e-12));
        double[][] back = s.invert(s.apply(ROWS), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(back[i]).containsExactly(ROWS[i], within(1e-4));
        }
    }

    @Test
    void aConstantImageSetKeepsUnitSpread() {
        Standardizer s = Standardizer.fitPooled(new double[][] {{2, 2}, {2, 2}});
        assertThat(s.std()).containsExactly(1, 1);
    }
}
