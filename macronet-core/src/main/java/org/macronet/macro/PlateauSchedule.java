package org.macronet.macro;

import java.util.List;

/**
 * A training budget that follows the data: reduce the learning rate on a plateau of the validation
 * loss, stop at the plateau after the last reduction.
 *
 * <p>The rule, over the epochs at full λ (a ramping λ makes earlier losses incomparable): an epoch
 * improves when its validation loss is below the best so far by more than {@value #MIN_IMPROVEMENT};
 * after {@code patience} epochs in a row without improvement the learning rate is divided by
 * {@value #FACTOR_INVERSE} and the count starts again; the plateau after the {@value #MAX_REDUCTIONS}th
 * reduction ends training (converged). The options' epoch count is the ceiling.
 *
 * <p>The state is a function of the validation losses so far and nothing else, so a resumed run (whose
 * checkpoint holds the history) continues on exactly the schedule of an uninterrupted one.
 *
 * @param reductions learning-rate reductions so far
 * @param converged whether the plateau after the last reduction has been reached
 */
record PlateauSchedule(int reductions, boolean converged) {
    /** The learning rate is divided by this at each plateau. */
    static final int FACTOR_INVERSE = 4;
    /** Reductions before the next plateau ends training: the last rate is 1/64 of the first. */
    static final int MAX_REDUCTIONS = 3;
    /** Smallest fall of the validation loss (nats per pair) that counts as an improvement. */
    static final double MIN_IMPROVEMENT = 1e-3;

    /** The schedule's state after these epochs. */
    static PlateauSchedule after(List<EpochRecord> history, TrainingOptions opts) {
        double best = Double.POSITIVE_INFINITY;
        int flat = 0;
        int reductions = 0;
        for (EpochRecord r : history) {
            if (r.lambda() < opts.lambda()) {
                continue;
            }
            if (r.valLoss() < best - MIN_IMPROVEMENT) {
                best = r.valLoss();
                flat = 0;
            } else if (++flat >= opts.plateauPatience()) {
                if (reductions == MAX_REDUCTIONS) {
                    return new PlateauSchedule(reductions, true);
                }
                reductions++;
                flat = 0;
            }
        }
        return new PlateauSchedule(reductions, false);
    }

    /** The factor on the initial learning rate. */
    double factor() {
        return Math.pow(FACTOR_INVERSE, -reductions);
    }
}
