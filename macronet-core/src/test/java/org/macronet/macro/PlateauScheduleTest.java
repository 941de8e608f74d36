package org.macronet.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data-driven budget: reductions on plateaus of the validation loss, a stop after the last one. */
class PlateauScheduleTest {
    private static final TrainingOptions OPTS = TrainingOptions.defaults().withPlateauPatience(3);

    private static List<EpochRecord> history(double lambda, double... valLosses) {
        List<EpochRecord> h = new ArrayList<>();
        for (int e = 0; e < valLosses.length; e++) {
            h.add(new EpochRecord(e, lambda, 1e-3, 0, 0, valLosses[e], 0, 0, 0, 0, 0, 0));
        }
        return h;
    }

    @Test
    void improvingLossKeepsTheRate() {
        PlateauSchedule s = PlateauSchedule.after(history(100, 5, 4, 3, 2, 1, 0.5, 0.25), OPTS);
        assertThat(s.reductions()).isZero();
        assertThat(s.factor()).isEqualTo(1.0);
        assertThat(s.converged()).isFalse();
    }

    @Test
    void eachPlateauDividesTheRateAndTheLastOneStops() {
        // 1 is the best; every later epoch fails to beat it by more than the minimum improvement.
        double[] flat = new double[13];
        java.util.Arrays.fill(flat, 1 - PlateauSchedule.MIN_IMPROVEMENT / 2);
        flat[0] = 1;
        assertThat(PlateauSchedule.after(history(100, java.util.Arrays.copyOf(flat, 4)), OPTS).reductions())
                .isEqualTo(1);
        PlateauSchedule three = PlateauSchedule.after(history(100, java.util.Arrays.copyOf(flat, 10)), OPTS);
        assertThat(three.reductions()).isEqualTo(3);
        assertThat(three.factor()).isEqualTo(1.0 / 64);
        assertThat(three.converged()).isFalse();
        assertThat(PlateauSchedule.after(history(100, flat), OPTS).converged()).isTrue();
    }

    @Test
    void anImprovementRestartsTheCount() {
        PlateauSchedule s = PlateauSchedule.after(history(100, 3, 3, 3, 2, 2, 2), OPTS);
        assertThat(s.reductions()).isZero();
    }

    @Test
    void epochsBeforeFullLambdaDoNotCount() {
        assertThat(PlateauSchedule.after(history(10, 1, 1, 1, 1, 1, 1, 1), OPTS).reductions()).isZero();
    }

    @Test
    void aDataDrivenTrainingStopsBeforeItsCeilingAndResumesOnTheSameSchedule() throws Exception {
        // The loss stops improving long before 200 epochs on this tiny problem; the plateau ends it.
        double[][] x = new double[400][2];
        double[][] y = new double[400][2];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            double s = r.nextGaussian();
            x[i] = new double[] {s + 0.1 * r.nextGaussian(), r.nextGaussian()};
            y[i] = new double[] {s + 0.1 * r.nextGaussian(), r.nextGaussian()};
        }
        TrainingOptions t = new TrainingOptions(200, 64, 3e-3, 0.05, 30, 2, true, 0.1, 0, 100)
                .withPlateauPatience(2);
        org.macronet.flow.DenseFlowSpec f = new org.macronet.flow.DenseFlowSpec(2, 8, 1, 2f, "affine", "reverse",
                true);
        try (MacroNet net = new MacroNet(new MacroNetConfig(2, 2, 1, f, f, t, 5))) {
            TrainingResult res = new MacroNetTrainer(net).train(new org.macronet.data.PairedData(x, y),
                    TrainingListener.NONE);
            assertThat(res.stoppedEarly()).isTrue();
            assertThat(res.history()).hasSizeLessThan(200);
            List<EpochRecord> h = res.history();
            assertThat(PlateauSchedule.after(h, t).converged()).isTrue();
            assertThat(PlateauSchedule.after(h.subList(0, h.size() - 1), t).converged()).isFalse();
            // The learning rate of every epoch is the schedule's for the epochs before it.
            for (int e = 1; e < h.size(); e++) {
                assertThat(h.get(e).learningRate())
                        .isEqualTo(3e-3 * PlateauSchedule.after(h.subList(0, e), t).factor());
            }
        }
    }
}
