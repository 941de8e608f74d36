package org.macronet.macro;

/** Receives training progress; the command line turns it into a progress bar. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** Called once before the first step. */
    default void started(int epochs, int stepsPerEpoch) {}

    /** Called after every optimisation step with the batch loss. */
    default void stepped(int epoch, int step, double loss) {}

    /** Called after every epoch's validation. */
    default void epochEnded(EpochRecord record) {}

    /** Called after each screened initialisation with its validation loss (see TrainingOptions#candidates). */
    default void candidateScreened(int candidate, double validationLoss) {}

    /**
     * Called when a diverged epoch was undone and is about to run again.
     *
     * @param epoch the 0-based epoch that diverged
     * @param rollbacks rollbacks so far in this run
     * @param learningRateScale factor now applied to the learning-rate schedule
     */
    default void rolledBack(int epoch, int rollbacks, double learningRateScale) {}
}
