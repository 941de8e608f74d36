package org.macronet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.macronet.experiment.OscillatorExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet demo`: the main job on built-in defaults, replacing the previous demo's results. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the demo on built-in defaults: the harmonic-oscillator experiment with a lighter",
                "training preset. Results (metrics.json, report.html, model/) go to --out."})
public final class DemoCommand implements Callable<Integer> {
    /** Epochs of the demo preset (the full `oscillator` default is 250). */
    static final int DEMO_EPOCHS = 100;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "output folder, replaced if present (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "root seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        OscillatorExperiment.Options d = OscillatorExperiment.Options.defaults(seed);
        OscillatorExperiment.Options o = d.withModel(d.model().withTraining(d.model().training().withEpochs(DEMO_EPOCHS)));
        return OscillatorCommand.run(o, out.resolve("oscillator"), true, quiet, spec.commandLine().getOut(), "demo");
    }
}
