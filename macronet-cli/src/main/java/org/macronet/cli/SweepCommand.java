package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.macronet.system.reaction.BatchRunner;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.Sweep;
import org.macronet.system.reaction.SweepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code macronet sweep MODEL --range NAME=LO:HI ... --samples N --out DIR}: many simulations in parallel. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sample parameter sets uniformly from ranges (seeded), simulate them in parallel on all cores, "
            + "and describe every pattern.",
            "Writes DIR/params.npy [N, P] (names in DIR/params.json), DIR/patterns.npy [N, size, size] float32 (v), "
            + "DIR/descriptors.csv and DIR/config.json. An interrupted sweep resumes where it stopped when run again "
            + "with the same arguments.",
            "With --spark MASTER the sweep runs as an Apache Spark job (the macronet-spark module; the same files, "
            + "byte for byte); it then also takes --force and --shard-samples S, and --out may be any Hadoop URI."})
public final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "one of: " + ReactionOptions.MODELS)
    String modelName;

    @Option(names = "--range", paramLabel = "NAME=LO:HI", required = true,
            description = "a swept parameter and its range (repeatable), e.g. --range F=0.01:0.07 --range k=0.045:0.07")
    Map<String, String> ranges = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "a fixed parameter (repeatable); others keep defaults")
    Map<String, Double> params = new LinkedHashMap<>();

    @Option(names = "--samples", paramLabel = "N", required = true, description = "number of parameter sets")
    int samples;

    @Option(names = "--size", paramLabel = "N", defaultValue = "64", description = "grid side in cells (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--steps", paramLabel = "T", description = "time steps per simulation (default: per model)")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "root seed of sampling and initial conditions (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dt", description = "time step (default: stable with a margin for every sample)")
    Double dt;

    @Option(names = "--dx", description = "grid spacing (default: per model)")
    Double dx;

    @Option(names = "--stop-tol", paramLabel = "TOL", defaultValue = "0", description = "early-stop tolerance (0, the default: off)")
    double stopTolerance;

    @Option(names = "--threads", description = "worker threads (default: all cores); results do not depend on it")
    Integer threads;

    @Option(names = "--gallery", description = "also write DIR/gallery.png with the first 64 patterns")
    boolean gallery;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder (reuse it to resume)")
    Path out;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run as a Spark job: local[N] (this machine, N cores), spark://HOST:PORT, yarn, k8s://...; "
                + "handled by the ./macronet launcher")
    String spark;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (spark != null) {
            // The launcher sends `sweep ... --spark` to the macronet-spark module; this class path has no Spark.
            throw new IllegalArgumentException("--spark needs the macronet-spark module: run the sweep through "
                    + "./macronet, or submit macronet-spark.jar with spark-submit");
        }
        ReactionModel model = ReactionOptions.model(modelName);
        SweepConfig c = new SweepConfig(model, model.withValues(params), ReactionOptions.ranges(ranges), samples, size,
                steps != null ? steps : model.defaultSteps(size), dt != null ? dt : Double.NaN,
                dx != null ? dx : Double.NaN, seed, stopTolerance);
        int t = threads != null ? threads : BatchRunner.allCores();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err);
        Sweep.Summary s;
        try {
            s = new Sweep(c, out).run(t, progress);
        } finally {
            progress.close();
        }
        if (gallery) {
            GalleryCommand.write(out, out.resolve("gallery.png"), 8, 64, 2);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "sweep of %d %s samples: %d resumed, %d simulated on %d threads "
                + "in %.1f s -> %s%n", s.total(), model.name(), s.resumed(), s.simulated(), t, s.seconds(), out);
        return 0;
    }

    /** A progress bar on a terminal; otherwise plain lines ({@link ProgressDisplay}). */
    static final class Progress implements Sweep.Listener {
        private final PrintWriter err;
        private ProgressDisplay bar;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(int total, int done) {
            if (done == total) {
                err.println("sweep: all " + total + " samples already done");
            } else if (done > 0) {
                err.println("sweep: resuming, " + done + " of " + total + " samples already done");
            }
            err.flush();
            close();
            bar = ProgressDisplay.open("sweep", "samples", total, done,
                    b -> b.setConsumer(new ConsoleProgressBarConsumer(System.err)), err);
        }

        @Override
        public synchronized void sampleDone(int index, int done, int total) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
