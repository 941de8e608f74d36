package org.macronet.macro;

import java.util.List;

/**
 * What a training run did.
 *
 * @param history one record per epoch run
 * @param bestEpoch epoch whose weights the model holds now (lowest validation loss)
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param trainRows rows used for training
 * @param validationRows rows held out
 * @param seconds wall time
 */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, boolean stoppedEarly, int trainRows,
        int validationRows, double seconds) {

    public EpochRecord best() {
        return history.get(bestEpoch);
    }

    /** The figures of a run that every experiment reports: kept epoch, epochs run, time, validation losses. */
    public java.util.Map<String, Object> summary() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("best_epoch", bestEpoch);
        m.put("epochs_run", history.size());
        m.put("train_seconds", seconds);
        m.put("final_val_match", best().valMatch());
        m.put("final_val_nll_x", best().valNllX());
        m.put("final_val_nll_y", best().valNllY());
        return m;
    }
}
