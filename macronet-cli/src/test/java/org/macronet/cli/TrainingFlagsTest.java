package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.macronet.macro.TrainingOptions;
import picocli.CommandLine;

/** The command-line defaults of training are the library's defaults, for every training command. */
class TrainingFlagsTest {

    @Test
    void defaultsAreTheLibrarysDefaults() {
        OscillatorCommand oscillator = new OscillatorCommand();
        new CommandLine(oscillator).parseArgs("--out", "x");
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--out", "x", "--x", "x.npy", "--y", "y.npy");
        for (Object command : new Object[] {oscillator, train}) {
            TrainingFlags flags = command instanceof OscillatorCommand o ? o.training : ((TrainCommand) command).training;
            assertThat(flags.options(flags.epochs, true)).as(command.getClass().getSimpleName())
                    .isEqualTo(TrainingOptions.defaults());
        }
    }
}
