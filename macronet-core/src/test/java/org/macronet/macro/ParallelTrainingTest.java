package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.macronet.data.PairedData;
import org.macronet.flow.DenseFlowSpec;

/**
 * Data-parallel training steps (see {@link TrainingStep#step}): for a fixed number of workers a seed gives the
 * same weights bit for bit, and two workers compute the step of one up to rounding. A one-worker step with the
 * two encoders on two threads gives the bits of one thread.
 */
class ParallelTrainingTest {

    /** 8×8 periodic stripes whose amplitude is X's first column (ImageMacroNetTest's data). */
    private static PairedData data(int n, long seed) {
        return ImageMacroNetTest.data(n, seed);
    }

    private static MacroNetConfig config() {
        MacroNetConfig c = ImageMacroNetTest.config(11, true);
        return c.withTraining(c.training().withEpochs(2).withBatchSize(48));
    }

    private static Map<String, float[]>[] train(int workers) {
        return train(config(), workers, null);
    }

    /** Weights after training {@code c} on the stripes with the given workers and sides (null: the engine's choice). */
    private static Map<String, float[]>[] train(MacroNetConfig c, int workers, Boolean sides) {
        try (MacroNet net = new MacroNet(c)) {
            MacroNetTrainer trainer = new MacroNetTrainer(net);
            trainer.workers = workers;
            trainer.sides = sides;
            trainer.train(data(160, 3), TrainingListener.NONE);
            @SuppressWarnings("unchecked")
            Map<String, float[]>[] w = new Map[] {net.encoder(Side.X).params.snapshot(), net.encoder(Side.Y).params.snapshot()};
            return w;
        }
    }

    @Test
    void theEncodersOnTwoThreadsTrainToTheBitsOfOneThread() {
        MacroNetConfig conv = config();
        TrainingOptions t = conv.training();
        DenseFlowSpec flow = new DenseFlowSpec(4, 16, 2, 2f, "affine", "reverse", true);
        MacroNetConfig dense = new MacroNetConfig(2, 64, 1, flow, flow, t, 5);
        for (MacroNetConfig c : List.of(conv, dense, dense.withTraining(t.withMatchDelta(0.1)),
                dense.withTraining(t.withScaleFreeMatch(true)), dense.withTraining(t.withLikelihood(false)))) {
            assertSameBits(train(c, 1, true), train(c, 1, false), "encoders on two threads, " + c.training());
        }
    }

    private static void assertSameBits(Map<String, float[]>[] a, Map<String, float[]>[] b, String what) {
        for (int side = 0; side < 2; side++) {
            assertThat(a[side].keySet()).isEqualTo(b[side].keySet());
            for (String k : a[side].keySet()) {
                assertThat(a[side].get(k)).as(what + ": " + k).containsExactly(b[side].get(k));
            }
        }
    }

    @Test
    void aSeedGivesTheSameWeightsForAGivenNumberOfWorkers() {
        assertSameBits(train(2), train(2), "two workers, run twice");
        assertSameBits(train(1), train(1), "one worker, run twice");
    }

    @Test
    void twoWorkersTakeTheStepOfOneUpToRounding() {
        PairedData d = data(96, 4);
        try (MacroNet one = new MacroNet(config()); MacroNet two = new MacroNet(config())) {
            MacroNetTrainer t = new MacroNetTrainer(one);
            t.train(d, TrainingListener.NONE);
            two.startFrom(one);
            TrainingStep s1 = new TrainingStep(one);
            TrainingStep s2 = new TrainingStep(two);
            s1.fixedWorkers = 1;
            s2.fixedWorkers = 2;
            assertThat(s2.workers(48)).isEqualTo(2);
            TrainingStep.Batch b = s1.batch(Arrays.copyOf(d.x(), 48), Arrays.copyOf(d.y(), 48));
            TrainingStep.Outcome o1 = s1.step(b, 10, 1e-3);
            TrainingStep.Outcome o2 = s2.step(b, 10, 1e-3);
            assertThat(o2.loss()).isCloseTo(o1.loss(), within(1e-4 * Math.abs(o1.loss())));
            assertThat(o2.match()).isCloseTo(o1.match(), within(1e-4 * Math.abs(o1.match()) + 1e-7));
            assertThat(o2.gradNorm()).isCloseTo(o1.gradNorm(), within(1e-3 * o1.gradNorm()));
            // Adam's first step moves a weight by about ±learning rate, the sign of its gradient: only weights
            // whose gradient is next to nothing can move the other way.
            Map<String, float[]> w1 = one.encoder(Side.Y).params.snapshot();
            Map<String, float[]> w2 = two.encoder(Side.Y).params.snapshot();
            int values = 0;
            int apart = 0;
            for (String k : w1.keySet()) {
                for (int i = 0; i < w1.get(k).length; i++) {
                    values++;
                    apart += Math.abs(w2.get(k)[i] - w1.get(k)[i]) > 1e-5 ? 1 : 0;
                }
            }
            assertThat(apart).as("weights moved apart by the step").isLessThan(values / 100);
        }
    }

    @Test
    void encodingGivesTheSameBitsWhateverTheNumberOfWorkers() {
        PairedData d = data(64, 5);
        try (MacroNet net = new MacroNet(config())) {
            MacroNetTrainer t = new MacroNetTrainer(net);
            t.train(d, TrainingListener.NONE);
            net.encodeWorkers = 1;
            double[][] one = net.encode(Side.Y, d.y());
            net.encodeWorkers = 3;
            double[][] three = net.encode(Side.Y, d.y());
            for (int i = 0; i < one.length; i++) {
                assertThat(three[i]).containsExactly(one[i]);
            }
        }
    }

    @Test
    void validationGivesTheSameBitsWhateverTheNumberOfWorkers() {
        try (MacroNet net = new MacroNet(config())) {
            MacroNetTrainer trainer = new MacroNetTrainer(net);
            trainer.train(data(96, 4), TrainingListener.NONE);
            PairedData d = data(600, 6);
            // 600 rows are three chunks (256, 256, 88): two workers take chunks 0 and 2, and 1.
            double[][] v = new double[3][];
            for (int workers = 1; workers <= 3; workers++) {
                TrainingStep s = new TrainingStep(net);
                s.fixedWorkers = workers;
                TrainingStep.Batch b = s.batch(d.x(), d.y());
                v[workers - 1] = trainer.validate(s, b.x(), b.y(), b.rows(), b.dimX(), b.dimY());
            }
            assertThat(v[1]).as("two workers").containsExactly(v[0]);
            assertThat(v[2]).as("three workers").containsExactly(v[0]);
            assertThat(v[0][1]).as("a finite NLL").isFinite();
        }
    }

    /** Stops a run at the end of an epoch, as a kill would. */
    private static final class Interrupt extends RuntimeException {}

    @Test
    void aResumedRunWithTwoWorkersEndsWithTheSameWeights(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        PairedData d = data(160, 3);
        Map<String, float[]>[] straight = train(2);
        try (MacroNet net = new MacroNet(config())) {
            MacroNetTrainer t = new MacroNetTrainer(net);
            t.workers = 2;
            TrainingListener killer = new TrainingListener() {
                @Override
                public void epochEnded(EpochRecord r) {
                    throw new Interrupt();
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.train(d, killer, tmp, false))
                    .isInstanceOf(Interrupt.class);
        }
        try (MacroNet net = new MacroNet(config())) {
            MacroNetTrainer t = new MacroNetTrainer(net);
            t.workers = 2;
            t.train(d, TrainingListener.NONE, tmp, true);
            @SuppressWarnings("unchecked")
            Map<String, float[]>[] resumed = new Map[] {net.encoder(Side.X).params.snapshot(),
                net.encoder(Side.Y).params.snapshot()};
            assertSameBits(straight, resumed, "resumed with two workers");
        }
    }
}
