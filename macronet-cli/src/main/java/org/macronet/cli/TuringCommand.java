package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.macronet.Version;
import org.macronet.engine.TensorEngine;
import org.macronet.experiment.TuringExperiment;
import org.macronet.macro.ImageEncoderSpec;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.TrainingOptions;
import org.macronet.system.reaction.SweepConfig;
import org.macronet.macro.TrainingListener;
import org.macronet.report.TuringReport;
import org.macronet.system.reaction.BatchRunner;
import org.macronet.system.reaction.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet turing`: rules ↔ Turing patterns, inverse design of rules, parameter importance. */
@Command(name = "turing", mixinStandardHelpOptions = true,
        description = {"Learn the macrostate shared by Gray–Scott rules (F, k, Du/Dv, Dv) and the patterns they grow,",
                "design rules for held-out reference patterns and verify them by simulation, and rank the rule",
                "parameters by how much they control the pattern (checked by finite differences in simulation).",
                "Writes metrics.json, config.json, model/ and report.html to --out; the simulated data go to --data",
                "and are reused by every run with the same sweep."})
public final class TuringCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Option(names = "--data", paramLabel = "DIR",
            description = "folder of the simulated data: reused when it holds the same sweep, resumed when interrupted "
                    + "(default: runs/data/turing-<samples>x<size>-seed<S>-stop<TOL>)")
    Path data;

    @Option(names = "--quick", description = "a lighter preset: 3000 patterns of 32x32 cells instead of 6000 of 64x64 (under 3 minutes on 2 cores)")
    boolean quick;

    @Option(names = "--samples", description = "simulated rule/pattern pairs (default 6000, 3000 with --quick)")
    Integer samples;

    @Option(names = "--epochs", description = "training epochs (default 40)")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "1", description = "root seed of everything random (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "simulation threads (default: all cores)")
    Integer threads;

    @Option(names = "--stop-tol", paramLabel = "TOL", description = "early-stop tolerance of every simulation, data and "
            + "verifications (default 1e-5; 0: always the full 10 000 steps)")
    Double stopTolerance;

    @Option(names = "--encoder", defaultValue = "conv", paramLabel = "conv|dense",
            description = "pattern encoder: multi-scale convolutional (default) or, for comparison, a dense flow on the "
                    + "flattened pattern")
    String encoder;

    @Option(names = "--lambda", description = "weight of the macro-matching term (default 300)")
    Double lambda;

    @Option(names = "--macro-dims", description = "macrostate dimension K (default 3)")
    Integer macroDims;

    @Option(names = "--noise", description = "std of the noise added to the standardised patterns in training (default 0.1)")
    Double noise;

    @Option(names = "--haar", hidden = true, negatable = true, defaultValue = "true",
            description = "start the 1x1 convolutions as a Haar pyramid (default); --no-haar: random rotations")
    boolean haar = true;

    @Option(names = "--periodic", hidden = true, negatable = true, defaultValue = "true",
            description = "treat circular shifts of a pattern as symmetries: random shifts in training, macrostate "
                    + "averaged over 8 shifts (default); --no-periodic: neither")
    boolean periodic = true;

    /** Tests shrink the experiment with these; users get the defaults. */
    @Option(names = "--size", hidden = true)
    Integer size;

    @Option(names = "--steps", hidden = true)
    Integer steps;

    @Option(names = "--designs", hidden = true)
    Integer designs;

    @Option(names = "--probes", hidden = true)
    Integer probes;

    @Option(names = "--resume", description = "continue an interrupted run of --out from its last training checkpoint "
            + "(the simulated data resume on their own)")
    boolean resume;

    @Option(names = "--quiet", description = "no progress bars")
    boolean quiet;

    TuringExperiment.Options options() {
        int t = threads != null ? threads : BatchRunner.allCores();
        require(t >= 1, "--threads must be >= 1, got " + t);
        require(samples == null || samples >= 100, "--samples must be >= 100, got " + samples);
        require(epochs == null || epochs >= 1, "--epochs must be >= 1, got " + epochs);
        require(stopTolerance == null || stopTolerance >= 0 && Double.isFinite(stopTolerance),
                "--stop-tol must be >= 0, got " + stopTolerance);
        require(encoder.equals("conv") || encoder.equals("dense"), "--encoder must be conv or dense, got " + encoder);
        TuringExperiment.Options d = TuringExperiment.Options.defaults(seed, quick, t);
        SweepConfig s = d.sweep();
        if (samples != null || size != null || steps != null || stopTolerance != null) {
            s = new SweepConfig(s.model(), s.fixed(), s.ranges(), samples != null ? samples : s.samples(),
                    size != null ? size : s.size(), steps != null ? steps : s.steps(), Double.NaN, s.dx(), s.seed(),
                    stopTolerance != null ? stopTolerance : s.stopTolerance());
        }
        MacroNetConfig m = TuringExperiment.model(seed, s.size(), encoder.equals("conv"), haar);
        TrainingOptions training = m.training();
        if (lambda != null) {
            training = training.withLambda(lambda);
        }
        if (epochs != null) {
            training = training.withEpochs(epochs);
        }
        ImageEncoderSpec img = m.imageY();
        img = new ImageEncoderSpec(img.channels(), img.height(), img.width(), img.flow(),
                noise != null ? noise : img.noise(), periodic);
        m = new MacroNetConfig(m.dimX(), m.dimY(), macroDims != null ? macroDims : m.macroDims(), m.flowX(), m.flowY(),
                training, m.seed(), img);
        return new TuringExperiment.Options(s, d.testFraction(), m, d.neighbours(), d.referencesPerGroup(),
                designs != null ? designs : d.designsPerTarget(), d.temperature(), d.importanceTargets(),
                d.importanceDesigns(), probes != null ? probes : d.probes(), d.probeStep(), t);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The default data folder of a sweep: one per sample count, seed and early-stop tolerance, shared by runs. */
    static Path defaultData(TuringExperiment.Options o) {
        SweepConfig s = o.sweep();
        // The tolerance is part of the name so that data simulated without early stop (the default before) are
        // neither reused for nor refused by a run that stops early.
        String stop = s.stopTolerance() > 0
                ? "-stop" + java.math.BigDecimal.valueOf(s.stopTolerance()).stripTrailingZeros() : "";
        return Path.of("runs", "data", "turing-" + s.samples() + "x" + s.size() + "-seed" + s.seed() + stop);
    }

    @Override
    public Integer call() throws Exception {
        TuringExperiment.Options o = options();
        return run(o, out, data != null ? data : defaultData(o), force, resume, quiet, spec.commandLine().getOut(),
                spec.commandLine().getErr(), "turing");
    }

    static int run(TuringExperiment.Options o, Path out, Path dataDir, boolean force, boolean resume, boolean quiet,
            PrintWriter console, PrintWriter err, String command) throws Exception {
        long t0 = System.nanoTime();
        try (RunFolder folder = RunFolder.resumable(out, force, resume, "macronet " + command + ": interrupted; the "
                + "simulated data and the last complete training epoch are saved: run the same command with --resume "
                + "to continue")) {
            Path dir = folder.dir();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", command);
            config.put("version", Version.VERSION);
            config.put("engine", TensorEngine.describe());
            config.put("seed", o.model().seed());
            config.put("data", dataDir.toAbsolutePath().normalize().toString());
            config.put("options", o.describe());
            Json.write(dir.resolve("config.json"), config);

            TuringExperiment.Result result;
            try (MacroNet net = new MacroNet(o.model());
                    Progress progress = new Progress(err, quiet)) {
                Path checkpoint = dir.resolve("checkpoint");
                result = TuringExperiment.run(o, dataDir, net, progress, checkpoint,
                        resume && Files.isDirectory(checkpoint));
                RunFolder.deleteTree(checkpoint);
                Map<String, Object> data = new LinkedHashMap<>();
                // An ordered map: Map.of's order of several entries changes from one JVM to the next.
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("source", "Gray–Scott rules");
                x.put("columns", org.macronet.experiment.TuringData.RULE_NAMES);
                data.put("x", x);
                data.put("y", Map.of("source", "v-field " + o.sweep().size() + "x" + o.sweep().size()));
                data.put("sweep", dataDir.toAbsolutePath().normalize().toString());
                data.put("rows", result.trainRows().length);
                data.put(TuringDesign.KEY, result.system());
                net.save(dir.resolve("model"), data);
            }
            Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
            metrics.put("seconds", (System.nanoTime() - t0) / 1e9);
            Json.write(dir.resolve("metrics.json"), metrics);
            TuringReport.write(result, dir);
            folder.commit();
            StringBuilder byFamily = new StringBuilder();
            ((Map<?, ?>) metrics.get("design_success_by_family")).forEach((family, rate) -> byFamily
                    .append(byFamily.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", family, rate)));
            console.printf(Locale.ROOT, "family_knn_accuracy %.3f  design_success_rate %.3f (%s; chance %.2f, "
                            + "the references' own rules %.2f)  importance_vs_simulation_spearman %.2f  seconds %.1f%n",
                    metrics.get("family_knn_accuracy"), metrics.get("design_success_rate"), byFamily,
                    metrics.get("design_success_chance"), metrics.get("design_success_own_rule"),
                    metrics.get("importance_vs_simulation_spearman"), metrics.get("seconds"));
            console.println("results in " + folder.target());
        }
        return 0;
    }

    /** Progress of every phase: the data sweep, training, and the verification simulations. */
    private static final class Progress implements TuringExperiment.Listener, AutoCloseable {
        private final PrintWriter err;
        private final boolean quiet;
        private final SweepCommand.Progress sweep;
        private final TrainingProgress training = new TrainingProgress("train");
        private ProgressDisplay bar;

        Progress(PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
            this.sweep = new SweepCommand.Progress(err);
        }

        @Override
        public Sweep.Listener sweep() {
            return quiet ? new Sweep.Listener() {} : sweep;
        }

        @Override
        public TrainingListener training() {
            return quiet ? TrainingListener.NONE : training;
        }

        @Override
        public void phase(String name, int simulations) {
            closeBars();
            if (quiet) {
                return;
            }
            err.println("turing: " + name + (simulations > 0 ? " (" + simulations + " simulations)" : ""));
            err.flush();
            if (simulations > 0 && !name.startsWith("simulating the data")) {
                bar = ProgressDisplay.open("simulate", "simulations", simulations, 0,
                        b -> b.setConsumer(new ConsoleProgressBarConsumer(System.err)), err);
            }
        }

        @Override
        public void simulated(int done, int total) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        private void closeBars() {
            sweep.close();
            training.close();
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public void close() {
            closeBars();
        }
    }
}
