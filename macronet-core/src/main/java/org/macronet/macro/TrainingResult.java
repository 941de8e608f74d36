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
}
