package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.flow.DirectMemoryChurn;
import org.macronet.system.oscillator.OscillatorPairs;

/** A single training step outside the trainer: needs a fitted model and lowers the batch loss. */
class TrainingStepTest {

    /** The oscillator's model: 2 → 2 columns, K = 1, default dense flows. */
    private static MacroNetConfig oscillator(TrainingOptions t, long seed) {
        return new MacroNetConfig(2, 2, 1, DenseFlowSpec.defaults(), DenseFlowSpec.defaults(), t, seed);
    }

    /** Fits the standardisers by hand (as the trainer does), so that a test exercises only the step. */
    private static void fit(MacroNet net, OscillatorPairs.Sample s) {
        net.setStandardizers(Standardizer.fit(s.data().x()), Standardizer.fit(s.data().y()));
    }

    @Test
    void repeatedStepsOnOneBatchLowerItsLoss() {
        MacroNetConfig cfg = oscillator(TrainingOptions.defaults().withEpochs(1).withBatchSize(128), 5);
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(512, 5);
        try (MacroNet net = new MacroNet(cfg)) {
            assertThatThrownBy(() -> new TrainingStep(net)).isInstanceOf(IllegalStateException.class);
            fit(net, s);
            TrainingStep step = new TrainingStep(net);
            TrainingStep.Batch b = step.batch(Arrays.copyOf(s.data().x(), 256), Arrays.copyOf(s.data().y(), 256));
            double first = step.step(b, 30, 1e-3).loss();
            double last = first;
            for (int i = 0; i < 30; i++) {
                last = step.step(b, 30, 1e-3).loss();
            }
            assertThat(first).isFinite();
            assertThat(last).isLessThan(first);
        }
    }

    @Test
    void aGarbageCollectionBeforeTheBackwardPassLeavesTheGradientAlone() {
        MacroNetConfig cfg = oscillator(TrainingOptions.defaults().withEpochs(1).withBatchSize(128), 6);
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(256, 6);
        try (MacroNet net = new MacroNet(cfg)) {
            fit(net, s);
            TrainingStep step = new TrainingStep(net);
            TrainingStep.Batch b = step.batch(s.data().x(), s.data().y());
            // Learning rate 0: the weights stay, so every step must see the same gradient.
            double reference = step.step(b, 30, 0).gradNorm();
            List<List<ByteBuffer>> held = new java.util.ArrayList<>();
            step.beforeBackward = () -> held.add(DirectMemoryChurn.collectAndReuse());
            for (int i = 0; i < 3; i++) {
                assertThat(step.step(b, 30, 0).gradNorm()).as("gradient norm after a collection").isEqualTo(reference);
            }
            assertThat(reference).isFinite();
            assertThat(held).hasSize(3);
        }
    }

    @Test
    void theRobustMatchTermIsThePseudoHuberMeanOfTheSquaredDistances() {
        double delta = 0.1;
        MacroNetConfig cfg = oscillator(TrainingOptions.defaults().withMatchDelta(delta), 7);
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(300, 7);
        try (MacroNet net = new MacroNet(cfg);
                MacroNet plain = new MacroNet(cfg.withTraining(cfg.training().withMatchDelta(0)))) {
            fit(net, s);
            fit(plain, s);
            double[][] mx = net.encode(Side.X, s.data().x());
            double[][] my = net.encode(Side.Y, s.data().y());
            double squared = 0;
            double robust = 0;
            for (int i = 0; i < mx.length; i++) {
                double d2 = (mx[i][0] - my[i][0]) * (mx[i][0] - my[i][0]);
                squared += d2 / mx.length;
                robust += 2 * delta * delta * (Math.sqrt(1 + d2 / (delta * delta)) - 1) / mx.length;
            }
            TrainingStep step = new TrainingStep(net);
            double[] v = step.evaluate(step.batch(s.data().x(), s.data().y()));
            assertThat(v[0]).as("mean squared distance").isCloseTo(squared, within(1e-5 * squared));
            assertThat(v[3]).as("robust term").isCloseTo(robust, within(1e-5 * robust)).isLessThan(v[0]);
            // The same weights (same seed) with δ = 0: the term is the plain mean squared distance.
            TrainingStep plainStep = new TrainingStep(plain);
            double[] p = plainStep.evaluate(plainStep.batch(s.data().x(), s.data().y()));
            assertThat(p[3]).isEqualTo(p[0]).isEqualTo(v[0]);
        }
    }
}
