package org.macronet.system.controls;

import java.util.List;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.system.KnownAnswerSystem;

/**
 * Negative control: X and Y are independent draws of the same 4-D distribution, whose columns
 * {@code v1..v4} are strongly correlated and nonlinearly related: v = A·g + 0.3·(g₁², g₂², g₃², g₄²) with
 * g ~ N(0, I₄) and a fixed mixing matrix A. Each side alone has structure to model; the pair shares
 * nothing (K = 0).
 */
public final class IndependentGaussians implements KnownAnswerSystem {
    /** Fixed mixing: every column mixes two or three of the g's, so neighbouring columns correlate. */
    static final double[][] MIXING = {
        {1.0, 0.8, 0.0, 0.3},
        {0.6, 1.0, 0.5, 0.0},
        {0.0, 0.7, 1.0, 0.4},
        {0.5, 0.0, 0.6, 1.0},
    };
    private static final double SQUARE_WEIGHT = 0.3;

    @Override
    public String name() {
        return "independent-gaussians";
    }

    @Override
    public String description() {
        return "negative control: X and Y independent draws of v = A g + 0.3 g^2, g ~ N(0, I4); nothing shared";
    }

    @Override
    public int invariantCount() {
        return 0;
    }

    @Override
    public List<String> xColumns() {
        return List.of("v1", "v2", "v3", "v4");
    }

    @Override
    public List<String> yColumns() {
        return xColumns();
    }

    @Override
    public List<String> invariantColumns() {
        return List.of();
    }

    @Override
    public Sample sample(int n, long seed) {
        KnownAnswerSystem.checkPairs(n);
        // One stream per side: X and Y are independent by construction.
        SplittableRandom rx = Seeds.stream(seed, name() + ".x");
        SplittableRandom ry = Seeds.stream(seed, name() + ".y");
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = draw(rx);
            y[i] = draw(ry);
        }
        return new Sample(new PairedData(x, y), new double[n][0]);
    }

    private static double[] draw(SplittableRandom rng) {
        double[] g = new double[4];
        for (int j = 0; j < 4; j++) {
            g[j] = Seeds.gaussian(rng);
        }
        double[] v = new double[4];
        for (int r = 0; r < 4; r++) {
            double s = SQUARE_WEIGHT * g[r] * g[r];
            for (int c = 0; c < 4; c++) {
                s += MIXING[r][c] * g[c];
            }
            v[r] = s;
        }
        return v;
    }
}
