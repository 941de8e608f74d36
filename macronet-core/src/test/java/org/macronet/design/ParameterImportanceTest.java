package org.macronet.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.macronet.data.PairedData;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingOptions;
import org.macronet.random.Seeds;

/**
 * A system with a known answer: X = (a, b, c), Y = (a + small noise, d) with a, b, c, d independent.
 * The shared macrostate is a, so a is the only coordinate of X that controls it.
 */
class ParameterImportanceTest {

    @Test
    void onlyTheSharedCoordinateControlsTheMacrostate() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 4096;
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble() * 2 - 1;
            x[i] = new double[] {a, Seeds.gaussian(rng), rng.nextDouble() * 4};
            y[i] = new double[] {a + 0.01 * Seeds.gaussian(rng), Seeds.gaussian(rng)};
        }
        DenseFlowSpec spec = new DenseFlowSpec(4, 32, 2, 2f, "affine", "lu", true);
        TrainingOptions t = new TrainingOptions(25, 256, 3e-3, 0.05, 30, 5, true, 0.1, 0, 0);
        try (MacroNet net = new MacroNet(new MacroNetConfig(3, 2, 1, spec, spec, t, 2))) {
            new MacroNetTrainer(net).train(new PairedData(x, y), TrainingListener.NONE);
            double[][] targets = {{-0.8}, {0}, {0.8}};
            ParameterImportance imp = ParameterImportance.measure(net, Side.X, x, targets, 300, 1.0,
                    new SplittableRandom(1));
            assertThat(imp.pinned()[0]).as("a is pinned by the macrostate").isGreaterThan(0.8);
            assertThat(imp.pinned()[1]).as("b is free").isLessThan(0.2);
            assertThat(imp.pinned()[2]).as("c is free").isLessThan(0.2);
            assertThat(imp.spread()[0]).isLessThan(imp.spread()[1]).isLessThan(imp.spread()[2]);
            assertThat(imp.gradient()[0]).as("the macrostate moves with a").isGreaterThan(0.8);
            assertThat(imp.gradient()[0] + imp.gradient()[1] + imp.gradient()[2]).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }
}
