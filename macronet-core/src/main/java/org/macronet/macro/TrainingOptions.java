package org.macronet.macro;

/**
 * How MacroNet is trained.
 *
 * @param epochs maximum passes over the training split, ≥ 1
 * @param batchSize samples per step, ≥ 2
 * @param learningRate Adam's initial learning rate, &gt; 0; decays along a cosine to
 *     {@code learningRate·finalLearningRateFraction}
 * @param finalLearningRateFraction in [0, 1]
 * @param lambda weight λ of the macro-matching term λ·mean‖m_X − m_Y‖², ≥ 0 (0 = ablation: no matching)
 * @param lambdaRampEpochs λ grows linearly from 0 over this many epochs (0 = no ramp)
 * @param likelihood whether the NLL terms are in the loss (false = ablation)
 * @param validationFraction share of the rows held out for validation and early stopping, in (0, 0.5]
 * @param patience stop after this many epochs without a better validation loss (0 = never stop early)
 * @param gradClip global gradient-norm clip (0 = none)
 * @param candidates number of initialisations screened before training (1 = no screening): each is
 *     trained for {@code screeningEpochs} on a compressed schedule, the one with the lowest
 *     validation loss is kept and trained on the full schedule. Training often settles early into
 *     a basin (for a closed orbit: where the encoder cuts it), and a poor basin is rarely left.
 * @param screeningEpochs epochs of each screening run, ≥ 1
 * @param matchDelta scale δ of a robust match term, ≥ 0 (0 = the plain mean of d² = ‖m_X − m_Y‖²): each
 *     pair adds 2δ²(√(1 + d²/δ²) − 1) instead of d², which is d² while d ≪ δ and about 2δ·d when d ≫ δ.
 *     The pairs near the seam where an encoder cuts a closed orbit disagree by far more than δ; with d²
 *     they dominate the gradient (its norm in the thousands) and the seam spreads, while with the robust
 *     term each pulls with a bounded force and the seam stays narrow. The validation loss that picks
 *     the kept epoch uses the same term.
 * @param scaleFreeMatch whether the match term measures each coordinate's distance in units of that
 *     coordinate's spread in the batch (pooled over both sides), d_c / s_c with s_c² = ½(Var m_X,c + Var
 *     m_Y,c), instead of in absolute units. With absolute units a coordinate can lower the match term by
 *     shrinking, which costs the likelihood only log s: training then settles in a shrunken coordinate that
 *     matches nothing (measured: the second of two invariants lost this way, and noise columns taken for a
 *     macrostate). In units of its spread a coordinate lowers the term only by agreeing better. Off by
 *     default: measured, it made learning far slower (oscillator, 3000 pairs, 20 short epochs: Spearman of
 *     m_X and m_Y 0.38 against 0.996 in absolute units; two oscillators at K = 1: −0.02 against 0.999).
 * @param plateauPatience 0: the learning rate follows a cosine over {@code epochs}. &gt; 0: a budget that
 *     follows the data ({@link PlateauSchedule}): the learning rate stays at {@code learningRate} and is
 *     divided by {@value PlateauSchedule#FACTOR_INVERSE} whenever the validation loss has not improved for
 *     this many epochs; training stops (converged) at the plateau after the
 *     {@value PlateauSchedule#MAX_REDUCTIONS}th reduction, or at {@code epochs} (the ceiling)
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double finalLearningRateFraction,
        double lambda, int lambdaRampEpochs, boolean likelihood, double validationFraction, int patience,
        double gradClip, int candidates, int screeningEpochs, double matchDelta, boolean scaleFreeMatch,
        int plateauPatience) {

    /** Options without screening of initialisations, with the plain squared match term. */
    public TrainingOptions(int epochs, int batchSize, double learningRate, double finalLearningRateFraction,
            double lambda, int lambdaRampEpochs, boolean likelihood, double validationFraction, int patience,
            double gradClip) {
        this(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs, likelihood,
                validationFraction, patience, gradClip, 1, 1, 0, false, 0);
    }

    public TrainingOptions {
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 2, "batch size must be >= 2, got " + batchSize);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
        require(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1,
                "final learning-rate fraction must be in [0, 1], got " + finalLearningRateFraction);
        require(lambda >= 0 && Double.isFinite(lambda), "lambda must be >= 0, got " + lambda);
        require(lambdaRampEpochs >= 0, "lambda ramp must be >= 0 epochs, got " + lambdaRampEpochs);
        require(validationFraction > 0 && validationFraction <= 0.5,
                "validation fraction must be in (0, 0.5], got " + validationFraction);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(gradClip >= 0, "gradient clip must be >= 0, got " + gradClip);
        require(candidates >= 1, "candidates must be >= 1, got " + candidates);
        require(screeningEpochs >= 1, "screening epochs must be >= 1, got " + screeningEpochs);
        require(matchDelta >= 0 && Double.isFinite(matchDelta), "match delta must be >= 0, got " + matchDelta);
        require(plateauPatience >= 0, "plateau patience must be >= 0, got " + plateauPatience);
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(64, 512, 1e-3, 0.01, 100, 10, true, 0.1, 0, 100, 1, 6, 0.1, false, 0);
    }

    /**
     * The defaults of a training whose length follows the data (see {@link PlateauSchedule}): patience
     * {@value #DATA_DRIVEN_PATIENCE} epochs, ceiling {@value #DATA_DRIVEN_CEILING} epochs.
     */
    public static TrainingOptions dataDriven() {
        return defaults().withEpochs(DATA_DRIVEN_CEILING).withPlateauPatience(DATA_DRIVEN_PATIENCE);
    }

    /** Plateau patience of {@link #dataDriven()}. */
    public static final int DATA_DRIVEN_PATIENCE = 16;
    /** Epoch ceiling of {@link #dataDriven()}. */
    public static final int DATA_DRIVEN_CEILING = 400;

    public TrainingOptions withEpochs(int e) {
        return new TrainingOptions(e, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withLambda(double l) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, l, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withLikelihood(boolean on) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                on, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withBatchSize(int b) {
        return new TrainingOptions(epochs, b, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withGradClip(double c) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, c, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withScreening(int n, int e) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, n, e, matchDelta,
                scaleFreeMatch, plateauPatience);
    }

    public TrainingOptions withMatchDelta(double d) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, d, scaleFreeMatch,
                plateauPatience);
    }

    public TrainingOptions withScaleFreeMatch(boolean on) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta, on,
                plateauPatience);
    }

    public TrainingOptions withPlateauPatience(int p) {
        return new TrainingOptions(epochs, batchSize, learningRate, finalLearningRateFraction, lambda, lambdaRampEpochs,
                likelihood, validationFraction, patience, gradClip, candidates, screeningEpochs, matchDelta,
                scaleFreeMatch, p);
    }

    /** The options of one screening run: a short schedule with the same settings, no further screening. */
    TrainingOptions screeningRun() {
        return new TrainingOptions(screeningEpochs, batchSize, learningRate, finalLearningRateFraction, lambda,
                Math.min(lambdaRampEpochs, Math.max(1, screeningEpochs / 2)), likelihood, validationFraction, 0,
                gradClip, 1, 1, matchDelta, scaleFreeMatch, 0);
    }

    /** λ in effect during a (0-based) epoch. */
    public double lambdaAt(int epoch) {
        if (lambdaRampEpochs == 0) {
            return lambda;
        }
        return lambda * Math.min(1.0, (epoch + 1) / (double) lambdaRampEpochs);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
