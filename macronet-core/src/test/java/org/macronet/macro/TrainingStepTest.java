package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.flow.DirectMemoryChurn;
import org.macronet.system.oscillator.OscillatorPairs;

/** A single training step outside the trainer: needs a fitted model and lowers the batch loss. */
class TrainingStepTest {

    @Test
    void repeatedStepsOnOneBatchLowerItsLoss() {
        MacroNetConfig cfg = new MacroNetConfig(2, 2, 1, DenseFlowSpec.defaults(), DenseFlowSpec.defaults(),
                TrainingOptions.defaults().withEpochs(1).withBatchSize(128), 5);
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(512, 5);
        try (MacroNet net = new MacroNet(cfg)) {
            assertThatThrownBy(() -> new TrainingStep(net)).isInstanceOf(IllegalStateException.class);
            // Fitted by hand (as the trainer does) so that this test exercises only the step.
            net.setStandardizers(Standardizer.fit(s.data().x()), Standardizer.fit(s.data().y()));
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
        MacroNetConfig cfg = new MacroNetConfig(2, 2, 1, DenseFlowSpec.defaults(), DenseFlowSpec.defaults(),
                TrainingOptions.defaults().withEpochs(1).withBatchSize(128), 6);
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(256, 6);
        try (MacroNet net = new MacroNet(cfg)) {
            net.setStandardizers(Standardizer.fit(s.data().x()), Standardizer.fit(s.data().y()));
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
}
