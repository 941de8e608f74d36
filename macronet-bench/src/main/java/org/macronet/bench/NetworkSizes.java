package org.macronet.bench;

import org.macronet.experiment.OscillatorExperiment;
import org.macronet.macro.MacroNet;

/**
 * Prints the number of trainable scalars of the benchmarked networks, one {@code name count} line each: the
 * oscillator defaults ({@link MacroNetBenchmark}) and the Turing full preset ({@link ImageStepBenchmark}). The
 * PyTorch reference (pytorch/reference.py) prints the same for its copies, so the two can be compared.
 */
public final class NetworkSizes {
    private NetworkSizes() {}

    public static void main(String[] args) {
        try (MacroNet dense = new MacroNet(OscillatorExperiment.Options.defaults(1).model());
                MacroNet image = new MacroNet(ImageStepBenchmark.model(1))) {
            System.out.println("dense " + dense.parameterCount());
            System.out.println("image " + image.parameterCount());
        }
    }
}
