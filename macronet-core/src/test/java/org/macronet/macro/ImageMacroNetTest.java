package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.PairedData;
import org.macronet.flow.ConvFlowSpec;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;

/**
 * MacroNet with a multi-scale convolutional encoder on the Y side, on a problem with a known answer:
 * X = (a, b) with a ~ U[0.2, 1.2], b ~ U[−1, 1]; Y = an 8×8 periodic image a·cos(2π(col + s)/8) + noise
 * with a random shift s. What the two sides share is a: b is X's symmetry, the shift and the noise are
 * Y's. The macrostate must rank as a on both sides and ignore b.
 */
class ImageMacroNetTest {

    /** 8×8 periodic stripes whose amplitude is X's first column (also the data of ParallelTrainingTest). */
    static PairedData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][];
        double[][] y = new double[n][64];
        for (int i = 0; i < n; i++) {
            double a = 0.2 + r.nextDouble();
            x[i] = new double[] {a, 2 * r.nextDouble() - 1};
            int s = r.nextInt(8);
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 8; col++) {
                    y[i][row * 8 + col] = a * Math.cos(2 * Math.PI * (col + s) / 8) + 0.05 * Seeds.gaussian(r);
                }
            }
        }
        return new PairedData(x, y);
    }

    static MacroNetConfig config(long seed) {
        return config(seed, false);
    }

    static MacroNetConfig config(long seed, boolean periodic) {
        DenseFlowSpec dense = new DenseFlowSpec(6, 32, 2, 2f, "affine", "reverse", true);
        ConvFlowSpec conv = new ConvFlowSpec(2, 2, 16, 2f, new DenseFlowSpec(3, 32, 2, 2f, "affine", "reverse", true));
        TrainingOptions t = new TrainingOptions(25, 128, 2e-3, 0.05, 10, 5, true, 0.1, 0, 100);
        return new MacroNetConfig(2, 64, 1, dense, dense, t, seed,
                new ImageEncoderSpec(1, 8, 8, conv, 0.02, periodic));
    }

    /** Each image of {@code rows} (8×8) circularly shifted by (dy, dx). */
    private static double[][] shifted(double[][] rows, int dy, int dx) {
        double[][] out = new double[rows.length][64];
        for (int i = 0; i < rows.length; i++) {
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 8; col++) {
                    out[i][(row + dy) % 8 * 8 + (col + dx) % 8] = rows[i][row * 8 + col];
                }
            }
        }
        return out;
    }

    @Test
    void shiftedIndexIsACircularShiftPerChannel() {
        ImageEncoderSpec spec = new ImageEncoderSpec(2, 4, 8, null, 0, true);
        // (channel 1, row 3, column 6) shifted by 2 rows and 5 columns: row 5 mod 4 = 1, column 11 mod 8 = 3.
        assertThat(spec.shiftedIndex(32 + 3 * 8 + 6, 2, 5)).isEqualTo(32 + 8 + 3);
        boolean[] hit = new boolean[64];
        for (int v = 0; v < 64; v++) {
            int to = spec.shiftedIndex(v, 3, 7);
            assertThat(to / 32).as("stays in its channel").isEqualTo(v / 32);
            hit[to] = true;
            assertThat(spec.shiftedIndex(to, 1, 1)).as("shifts compose").isEqualTo(spec.shiftedIndex(v, 0, 0));
        }
        for (boolean h : hit) {
            assertThat(h).as("a permutation").isTrue();
        }
        int[][] shifts = spec.averagingShifts();
        assertThat(shifts).hasNumberOfRows(ImageEncoderSpec.SHIFTS);
        assertThat(shifts[0]).containsExactly(0, 0);
        assertThat(new ImageEncoderSpec(2, 4, 8, null, 0, true).averagingShifts()).isDeepEqualTo(shifts);
    }

    @Test
    void shiftCopiesAnImageToWhereShiftedIndexSendsEachValue() {
        ImageEncoderSpec spec = new ImageEncoderSpec(2, 4, 8, null, 0, true);
        float[] src = new float[3 + 64];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        for (int[] s : new int[][] {{0, 0}, {3, 7}, {1, 0}, {0, 5}}) {
            float[] dst = new float[5 + 64];
            spec.shift(src, 3, dst, 5, s[0], s[1]);
            for (int v = 0; v < 64; v++) {
                assertThat(dst[5 + spec.shiftedIndex(v, s[0], s[1])]).as("value %d shifted by %s", v, s).isEqualTo(3f + v);
            }
            assertThat(dst).startsWith(0f, 0f, 0f, 0f, 0f);
        }
    }

    @Test
    void aModelFileWrittenBeforeThePeriodicFlagReadsAsNotPeriodic() throws Exception {
        MacroNetConfig config = config(3, false);
        com.fasterxml.jackson.databind.node.ObjectNode tree = MacroNet.JSON.valueToTree(config);
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("imageY")).remove("periodic")).isNotNull();
        assertThat(MacroNet.JSON.treeToValue(tree, MacroNetConfig.class)).isEqualTo(config);
    }

    /**
     * A periodic image side (random circular shifts in training, macrostate averaged over 8 shifts) still
     * learns the shared amplitude, and its macrostate moves less when the image is shifted than the raw
     * first latent coordinate does: shifting a pattern is a symmetry the averaged macrostate respects better.
     */
    @Test
    void aPeriodicImageSideAveragesItsMacrostateOverShifts(@TempDir Path dir) throws Exception {
        PairedData train = data(3000, 1);
        PairedData test = data(300, 2);
        double[] a = Stats.column(test.x(), 0);
        try (MacroNet net = new MacroNet(config(3, true))) {
            new MacroNetTrainer(net).train(train, TrainingListener.NONE);
            double[] my = Stats.column(net.encode(Side.Y, test.y()), 0);
            assertThat(Math.abs(Stats.spearman(my, a))).isGreaterThan(0.9);
            assertThat(Math.abs(Stats.spearman(Stats.column(net.encode(Side.X, test.x()), 0), a))).isGreaterThan(0.9);

            // Spread over 6 shifts of each test image, of encode() and of the unaveraged latent's first coordinate.
            double averaged = 0;
            double raw = 0;
            int[][] moves = {{0, 0}, {1, 3}, {2, 5}, {4, 1}, {5, 6}, {7, 2}};
            double[][] e = new double[moves.length][];
            double[][] l = new double[moves.length][];
            for (int t = 0; t < moves.length; t++) {
                double[][] moved = shifted(test.y(), moves[t][0], moves[t][1]);
                e[t] = Stats.column(net.encode(Side.Y, moved), 0);
                l[t] = Stats.column(net.latent(Side.Y, moved), 0);
            }
            for (int i = 0; i < a.length; i++) {
                double[] ei = new double[moves.length];
                double[] li = new double[moves.length];
                for (int t = 0; t < moves.length; t++) {
                    ei[t] = e[t][i];
                    li[t] = l[t][i];
                }
                averaged += Stats.std(ei) / a.length;
                raw += Stats.std(li) / a.length;
            }
            assertThat(averaged).isLessThan(0.7 * raw);

            net.save(dir.resolve("model"));
            try (MacroNet back = MacroNet.load(dir.resolve("model"))) {
                assertThat(back.config().imageY().periodic()).isTrue();
                assertThat(back.encode(Side.Y, test.y())).isDeepEqualTo(net.encode(Side.Y, test.y()));
            }
        }
    }

    @Test
    void learnsTheSharedAmplitudeAndReloadsBitForBit(@TempDir Path dir) throws Exception {
        PairedData train = data(3000, 1);
        PairedData test = data(500, 2);
        double[] a = Stats.column(test.x(), 0);
        try (MacroNet net = new MacroNet(config(3))) {
            new MacroNetTrainer(net).train(train, TrainingListener.NONE);
            double[] my = Stats.column(net.encode(Side.Y, test.y()), 0);
            double[] mx = Stats.column(net.encode(Side.X, test.x()), 0);
            assertThat(Math.abs(Stats.spearman(my, a))).isGreaterThan(0.9);
            assertThat(Math.abs(Stats.spearman(mx, a))).isGreaterThan(0.9);
            double[] b = Stats.column(test.x(), 1);
            assertThat(Math.abs(Stats.spearman(mx, b))).isLessThan(0.15);

            // Imagined images: decoding works and has the image's shape.
            double[][] imagined = net.design(Side.Y, new double[] {my[0]}, 4, 1.0, new SplittableRandom(5));
            assertThat(imagined).hasNumberOfRows(4);
            assertThat(imagined[0]).hasSize(64);

            net.save(dir.resolve("model"));
            try (MacroNet back = MacroNet.load(dir.resolve("model"))) {
                assertThat(back.config().imageY()).isEqualTo(net.config().imageY());
                assertThat(back.latent(Side.Y, test.y())).isDeepEqualTo(net.latent(Side.Y, test.y()));
            }
        }
    }
}
