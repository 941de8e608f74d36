package org.macronet.cli;

import org.macronet.macro.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The training options shared by every command that trains MacroNet (a picocli mixin), so that they
 * are declared once. Their defaults are those of {@link TrainingOptions#defaults()} (a test holds
 * them together).
 */
final class TrainingFlags {

    @Option(names = "--epochs", defaultValue = "64", description = "training epochs (default ${DEFAULT-VALUE})")
    int epochs;

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
     * The defaults with these flags applied.
     *
     * @param epochs epochs of this training (the flag's value, or fewer for short trainings)
     * @param screen whether to screen initialisations
     */
    TrainingOptions options(int epochs, boolean screen) {
        TrainingOptions d = TrainingOptions.defaults();
        return new TrainingOptions(epochs, batchSize, learningRate, d.finalLearningRateFraction(), lambda,
                d.lambdaRampEpochs(), d.likelihood(), d.validationFraction(), d.patience(), gradClip,
                screen ? candidates : 1, screeningEpochs, matchDelta, scaleFreeMatch);
    }
}
