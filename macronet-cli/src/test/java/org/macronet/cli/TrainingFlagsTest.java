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
        assertThat(oscillator.training.options(TrainingOptions.defaults(), true)).as("oscillator")
                .isEqualTo(TrainingOptions.defaults());
        assertThat(train.training.options(TrainingOptions.dataDriven(), true)).as("train")
                .isEqualTo(TrainingOptions.dataDriven());
        assertThat(train.config(4, 4, 1).training()).isEqualTo(TrainingOptions.dataDriven());
    }
}
