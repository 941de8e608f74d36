package org.macronet.cli;

import org.macronet.macro.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The training options shared by every command that trains MacroNet (a picocli mixin), so that they
 * are declared once. Their defaults are those of {@link TrainingOptions#defaults()} (a test holds
 * them together).
 */
final class TrainingFlags {

    @Option(names = "--epochs", paramLabel = "E",
            description = "training epochs; with a plateau patience the ceiling (default: train 400, oscillator 64)")
    Integer epochs;

    @Option(names = "--plateau-patience", paramLabel = "P",
            description = "0: a cosine learning-rate schedule over --epochs; P > 0: a budget that follows the data "
                    + "(the learning rate divided by 4 after P epochs without a better validation loss, training "
                    + "stopped at the plateau after the third reduction or at --epochs) (default: train "
                    + TrainingOptions.DATA_DRIVEN_PATIENCE + ", oscillator 0)")
    Integer plateauPatience;

    @Option(names = "--batch-size", defaultValue = "512", description = "batch size (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's initial learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--lambda", defaultValue = "100",
            description = "weight of the macro-matching term (default ${DEFAULT-VALUE}; 0 = ablation: no matching)")
    double lambda;

    @Option(names = "--match-delta", defaultValue = "0.1",
            description = "scale of the robust macro-matching term, 0 = plain squared distance (default ${DEFAULT-VALUE})")
    double matchDelta;

    @Option(names = "--scale-free-match",
            description = "measure the macro mismatch in units of each coordinate's spread in the batch instead of "
                    + "in absolute units (an experiment: measured slower to learn, see TrainingOptions)")
    boolean scaleFreeMatch;

    @Option(names = "--grad-clip", defaultValue = "100", description = "global gradient-norm clip, 0 = none (default ${DEFAULT-VALUE})")
    double gradClip;

    @Option(names = "--candidates", defaultValue = "1",
            description = "initialisations screened before training, 1 = none (default ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--screening-epochs", defaultValue = "6", description = "epochs per screened initialisation (default ${DEFAULT-VALUE})")
    int screeningEpochs;

    /**
     * A command's defaults with these flags applied.
     *
     * @param base the command's defaults ({@link TrainingOptions#defaults()} or
     *     {@link TrainingOptions#dataDriven()})
     * @param screen whether to screen initialisations
     */
    TrainingOptions options(TrainingOptions base, boolean screen) {
        return new TrainingOptions(epochs != null ? epochs : base.epochs(), batchSize, learningRate,
                base.finalLearningRateFraction(), lambda, base.lambdaRampEpochs(), base.likelihood(),
                base.validationFraction(), base.patience(), gradClip, screen ? candidates : 1, screeningEpochs,
                matchDelta, scaleFreeMatch, plateauPatience != null ? plateauPatience : base.plateauPatience());
    }
}
