package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.PairedData;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.system.oscillator.OscillatorPairs;

/** Checkpoints, resume (bit for bit) and rollback of diverging epochs, on a tiny oscillator problem. */
class TrainerCheckpointTest {
    private static final DenseFlowSpec TINY = new DenseFlowSpec(2, 8, 1, 2f, "affine", "reverse", true);
    private static final PairedData DATA = OscillatorPairs.defaults().sample(320, 5).data();

    private static MacroNetConfig config(int epochs) {
        TrainingOptions t = new TrainingOptions(epochs, 32, 3e-3, 0.05, 30, 2, true, 0.1, 0, 0);
        return new MacroNetConfig(2, 2, 1, TINY, TINY, t, 11);
    }

    /** Thrown by a listener to simulate a kill right after a checkpoint. */
    private static final class Interrupt extends RuntimeException {}

    private static List<float[]> weights(MacroNet net) {
        List<float[]> w = new ArrayList<>();
        for (Side s : Side.values()) {
            for (Map.Entry<String, float[]> e : net.encoder(s).params.snapshot().entrySet()) {
                w.add(e.getValue());
            }
        }
        return w;
    }

    @Test
    void resumedRunEndsWithTheSameWeightsBitForBit(@TempDir Path tmp) throws Exception {
        List<float[]> straight;
        TrainingResult straightResult;
        try (MacroNet net = new MacroNet(config(4))) {
            straightResult = new MacroNetTrainer(net).train(DATA, TrainingListener.NONE, tmp.resolve("a"), false);
            straight = weights(net);
        }
        Path ck = tmp.resolve("b");
        try (MacroNet net = new MacroNet(config(4))) {
            TrainingListener killer = new TrainingListener() {
                @Override
                public void epochEnded(EpochRecord r) {
                    if (r.epoch() == 1) {
                        throw new Interrupt();
                    }
                }
            };
            assertThatThrownBy(() -> new MacroNetTrainer(net).train(DATA, killer, ck, false))
                    .isInstanceOf(Interrupt.class);
        }
        assertThat(TrainingCheckpoint.read(ck).nextEpoch()).isEqualTo(2);
        try (MacroNet net = new MacroNet(config(4))) {
            TrainingResult resumed = new MacroNetTrainer(net).train(DATA, TrainingListener.NONE, ck, true);
            List<float[]> w = weights(net);
            assertThat(w).hasSameSizeAs(straight);
            for (int i = 0; i < w.size(); i++) {
                assertThat(w.get(i)).as("tensor " + i).containsExactly(straight.get(i));
            }
            assertThat(resumed.history()).hasSize(4);
            assertThat(resumed.bestEpoch()).isEqualTo(straightResult.bestEpoch());
            assertThat(resumed.best().valMatch()).isEqualTo(straightResult.best().valMatch());
        }
    }

    @Test
    void resumeRefusesAMissingOrForeignCheckpoint(@TempDir Path tmp) throws Exception {
        try (MacroNet net = new MacroNet(config(1))) {
            assertThatThrownBy(() -> new MacroNetTrainer(net).train(DATA, TrainingListener.NONE, tmp.resolve("none"), true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no checkpoint");
            new MacroNetTrainer(net).train(DATA, TrainingListener.NONE, tmp.resolve("ck"), false);
        }
        PairedData other = OscillatorPairs.defaults().sample(320, 6).data();
        try (MacroNet net = new MacroNet(config(1))) {
            assertThatThrownBy(() -> new MacroNetTrainer(net).train(other, TrainingListener.NONE, tmp.resolve("ck"), true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different data");
        }
        try (MacroNet net = new MacroNet(config(2))) {
            assertThatThrownBy(() -> new MacroNetTrainer(net).train(DATA, TrainingListener.NONE, tmp.resolve("ck"), true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different settings");
        }
    }

    @Test
    void aDivergedEpochIsRolledBackWithAHalvedLearningRate() {
        List<Double> scales = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        try (MacroNet net = new MacroNet(config(3))) {
            MacroNetTrainer trainer = new MacroNetTrainer(net);
            boolean[] fired = {false};
            trainer.injectDivergence = e -> {
                if (e == 1 && !fired[0]) {
                    fired[0] = true;
                    return true;
                }
                return false;
            };
            TrainingResult r = trainer.train(DATA, new TrainingListener() {
                @Override
                public void rolledBack(int epoch, int rollbacks, double scale) {
                    scales.add(scale);
                }

                @Override
                public void epochEnded(EpochRecord rec) {
                    epochs.add(rec);
                }
            });
            assertThat(trainer.rollbacks()).isEqualTo(1);
            assertThat(scales).containsExactly(0.5);
            assertThat(r.history()).extracting(EpochRecord::epoch).containsExactly(0, 1, 2);
            assertThat(epochs).extracting(EpochRecord::epoch).containsExactly(0, 1, 2);
        }
    }

    @Test
    void aRunThatKeepsDivergingStopsAfterThreeRollbacks() {
        try (MacroNet net = new MacroNet(config(3))) {
            MacroNetTrainer trainer = new MacroNetTrainer(net);
            trainer.injectDivergence = e -> e == 1;
            assertThatThrownBy(() -> trainer.train(DATA, TrainingListener.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("training diverged: epoch 2")
                    .hasMessageContaining("after 3 rollbacks");
            assertThat(trainer.rollbacks()).isEqualTo(3);
        }
    }

    @Test
    void aHugeLearningRateNeverLeavesNonFiniteWeights() {
        TrainingOptions t = new TrainingOptions(2, 32, 1e4, 1, 30, 0, true, 0.1, 0, 0);
        try (MacroNet net = new MacroNet(new MacroNetConfig(2, 2, 1, TINY, TINY, t, 3))) {
            MacroNetTrainer trainer = new MacroNetTrainer(net);
            try {
                trainer.train(DATA, TrainingListener.NONE);
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageStartingWith("training diverged");
                return;
            }
            for (float[] w : weights(net)) {
                for (float v : w) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
            }
        }
    }
}
