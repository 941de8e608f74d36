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

    private static PairedData data(int n, long seed) {
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
        DenseFlowSpec dense = new DenseFlowSpec(6, 32, 2, 2f, "affine", "reverse", true);
        ConvFlowSpec conv = new ConvFlowSpec(2, 2, 16, 2f, new DenseFlowSpec(3, 32, 2, 2f, "affine", "reverse", true));
        TrainingOptions t = new TrainingOptions(25, 128, 2e-3, 0.05, 10, 5, true, 0.1, 0, 100);
        return new MacroNetConfig(2, 64, 1, dense, dense, t, seed, new ImageEncoderSpec(1, 8, 8, conv, 0.02));
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
