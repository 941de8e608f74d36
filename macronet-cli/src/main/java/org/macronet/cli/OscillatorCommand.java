package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.macronet.Version;
import org.macronet.engine.TensorEngine;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.TrainingOptions;
import org.macronet.report.OscillatorReport;
import org.macronet.system.oscillator.HarmonicOscillator;
import org.macronet.system.oscillator.OscillatorPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet oscillator`: the harmonic-oscillator experiment, end to end. */
@Command(name = "oscillator", mixinStandardHelpOptions = true,
        description = {"Learn the macrostate of a harmonic oscillator and check it against the exact energy.",
                "Pairs are states a random time lag apart; designs are drawn on target energy ellipses.",
                "Writes metrics.json, config.json, model/ and report.html to --out."})
public final class OscillatorCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Option(names = "--seed", defaultValue = "1", description = "root seed of everything random (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pairs", defaultValue = "20000", description = "training+validation pairs (default ${DEFAULT-VALUE})")
    int pairs;

    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Option(names = "--no-likelihood", description = "ablation: drop the likelihood terms from the loss")
    boolean noLikelihood;

    @Option(names = "--temperature", defaultValue = "1", description = "design sampling temperature T, z ~ N(0, T²) (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--mass", defaultValue = "1", description = "oscillator mass (default ${DEFAULT-VALUE})")
    double mass;

    @Option(names = "--stiffness", defaultValue = "1", description = "spring constant κ (default ${DEFAULT-VALUE})")
    double stiffness;

    @Option(names = "--noise", defaultValue = "0", description = "observation noise std (default ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--position-only", description = "observe (q(t), q(t+T/4)) instead of (q, p)")
    boolean positionOnly;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    OscillatorExperiment.Options options() {
        OscillatorExperiment.Options d = OscillatorExperiment.Options.defaults(seed);
        TrainingOptions t = training.options(TrainingOptions.defaults(), true).withLikelihood(!noLikelihood);
        MacroNetConfig model = d.model().withTraining(t);
        OscillatorPairs system = new OscillatorPairs(new HarmonicOscillator(mass, stiffness), d.system().energyMin(),
                d.system().energyMax(), noise, positionOnly);
        return d.withModel(model).withPairs(pairs).withSystem(system).withTemperature(temperature);
    }

    @Override
    public Integer call() throws Exception {
        OscillatorExperiment.Options o = options();
        return run(o, out, force, quiet, spec.commandLine().getOut(), "oscillator");
    }

    static int run(OscillatorExperiment.Options o, Path out, boolean force, boolean quiet, PrintWriter console,
            String command) throws Exception {
        long t0 = System.nanoTime();
        try (RunFolder folder = RunFolder.create(out, force)) {
            Path dir = folder.dir();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", command);
            config.put("version", Version.VERSION);
            config.put("engine", TensorEngine.describe());
            config.put("seed", o.model().seed());
            config.put("options", o);
            Json.write(dir.resolve("config.json"), config);

            OscillatorExperiment.Result result;
            try (MacroNet net = new MacroNet(o.model());
                    TrainingProgress progress = new TrainingProgress()) {
                result = OscillatorExperiment.run(o, net, quiet ? org.macronet.macro.TrainingListener.NONE : progress);
                net.save(dir.resolve("model"));
            }
            Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
            metrics.put("seconds", (System.nanoTime() - t0) / 1e9);
            Json.write(dir.resolve("metrics.json"), metrics);
            OscillatorReport.write(result, dir);
            folder.commit();
            console.printf("spearman_energy %.5f  phase_corr_max %.4f  design_median_rel_err %.4f  "
                            + "design_in_band_fraction %.3f  seconds %.1f%n", metrics.get("spearman_energy"),
                    metrics.get("phase_corr_max"), metrics.get("design_median_rel_err"),
                    metrics.get("design_in_band_fraction"), metrics.get("seconds"));
            console.println("results in " + folder.target());
        }
        return 0;
    }
}
