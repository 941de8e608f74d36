package org.macronet.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.macronet.macro.EpochRecord;
import org.macronet.macro.TrainingListener;

/** A console progress bar over all training steps, showing the epoch and the current losses. */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private ProgressBar bar;
    private double smoothed = Double.NaN;
    private String epochInfo = "";

    @Override
    public void started(int epochs, int stepsPerEpoch) {
        close();
        smoothed = Double.NaN;
        epochInfo = "";
        bar = new ProgressBarBuilder().setTaskName("train").setInitialMax((long) epochs * stepsPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
    }

    @Override
    public void stepped(int epoch, int step, double loss) {
        if (Double.isFinite(loss)) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
        }
        bar.step();
        bar.setExtraMessage(String.format(" epoch %d  loss %.4f%s", epoch + 1, smoothed, epochInfo));
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
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
