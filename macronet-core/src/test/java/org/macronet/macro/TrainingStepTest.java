package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.macronet.flow.DenseFlowSpec;
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
}
