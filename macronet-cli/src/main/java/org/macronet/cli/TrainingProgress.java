package org.macronet.cli;

import me.tongfei.progressbar.ProgressBarStyle;
import org.macronet.macro.EpochRecord;
import org.macronet.macro.TrainingListener;

/**
 * Progress over all training steps, showing the epoch and the current losses: a bar on a terminal, plain
 * lines otherwise ({@link ProgressDisplay}).
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private ProgressDisplay bar;
    private double smoothed = Double.NaN;
    private String epochInfo = "";
    private final String task;
    private int stepsPerEpoch;

    TrainingProgress() {
        this("train");
    }

    TrainingProgress(String task) {
        this.task = task;
    }

    @Override
    public void started(int epochs, int stepsPerEpoch) {
        this.stepsPerEpoch = stepsPerEpoch;
        close();
        smoothed = Double.NaN;
        epochInfo = "";
        bar = ProgressDisplay.open(task, "steps", (long) epochs * stepsPerEpoch,
                b -> b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate());
    }

    @Override
    public void stepped(int epoch, int step, double loss) {
        if (Double.isFinite(loss)) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
        }
        // stepTo, not step: a resumed run starts part-way, and a rolled-back epoch runs again.
        bar.setExtraMessage(String.format(" epoch %d  loss %.4f%s", epoch + 1, smoothed, epochInfo));
        bar.stepTo((long) epoch * stepsPerEpoch + step + 1);
    }

    @Override
    public void epochEnded(EpochRecord r) {
        epochInfo = String.format("  val match %.2e", r.valMatch());
    }

    @Override
    public void candidateScreened(int candidate, double validationLoss) {
        close();
        System.err.printf("screened initialisation %d: validation loss %.4f%n", candidate + 1, validationLoss);
    }

    @Override
    public void rolledBack(int epoch, int rollbacks, double scale) {
        epochInfo = String.format("  rollback %d: learning rate x%.3g", rollbacks, scale);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
