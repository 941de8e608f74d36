package org.macronet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.macronet.experiment.TuringSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBarStyle;
import org.macronet.data.Table;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import org.macronet.random.Seeds;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet design`: microstates of one side for target macrostates, by running its network backwards. */
@Command(name = "design", mixinStandardHelpOptions = true,
        description = {"Design --n microstates of one side for each target macrostate m*: x = F^-1([m*, z]), z ~ N(0, T^2 I).",
                "Targets: --target-macro V1,...,VK (one target), or --target-from FILE: a table with K columns is read",
                "as macrostate vectors, one with the side's D columns as observations whose macrostates are the",
                "targets (one target per row). Writes [R*n, D] rows in the user's units to --out (.npy or .csv",
                "with the training data's column names); rows r*n .. r*n+n-1 belong to target row r (from 0).",
                "For a model of `macronet turing` (--model its run folder): rules for --target-pattern FILE (.npy|.png)",
                "or --target-macro; --out is a folder with designs.csv (rules outside the training range flagged),",
                "summary.json, and with --verify the grown patterns (patterns.npy, gallery.png) and the success rate."})
public final class DesignCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model folder written by train")
    Path model;

    @Option(names = "--side", paramLabel = "x|y",
            description = "which observation to design (required, except for a model of `macronet turing`: x, the rules)")
    String side;

    static final class Target {
        @Option(names = "--target-macro", required = true, split = ",", paramLabel = "V",
                description = "one target macrostate, K comma-separated values")
        double[] macro;

        @Option(names = "--target-from", required = true, paramLabel = "FILE",
                description = "targets: K columns = macrostates, D columns = observations of --side")
        Path from;

        @Option(names = "--target-pattern", required = true, paramLabel = "FILE",
                description = "(image models) the target is the macrostate of this pattern: .npy (SxS) or .png")
        Path pattern;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--n", defaultValue = "50", description = "designs per target (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--temperature", defaultValue = "1", description = "sampling temperature T (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the noise z (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output .npy or .csv")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--verify", description = "(models of `macronet turing`) grow every designed rule by simulation "
            + "and classify the patterns")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        // A run folder of `macronet turing` holds its model in model/.
        Path modelDir = !Files.exists(model.resolve("model.json")) && Files.exists(model.resolve("model").resolve("model.json"))
                ? model.resolve("model") : model;
        try (MacroNet net = MacroNet.load(modelDir)) {
            TuringSystem turing = TuringDesign.system(modelDir);
            if (turing != null) {
                return designRules(net, turing);
            }
            if (verify) {
                throw new IllegalArgumentException("--verify needs a model of `macronet turing` (it simulates the designs)");
            }
            if (target.pattern != null) {
                throw new IllegalArgumentException("--target-pattern needs a model whose Y side is a pattern (`macronet turing`)");
            }
            if (side == null) {
                throw new IllegalArgumentException("--side x|y is required for this model");
            }
            Side s = Side.parse(side);
            Inputs.checkOutputFile(out, force);
            int k = net.macroDims();
            int d = net.config().dim(s);
            double[][] targets;
            if (target.macro != null) {
                if (target.macro.length != k) {
                    throw new IllegalArgumentException("--target-macro has " + target.macro.length
                            + " values, the model's macrostate has K=" + k);
                }
                targets = new double[][] {target.macro};
            } else {
                Table t = Inputs.read(target.from, side.toLowerCase(java.util.Locale.ROOT));
                if (t.columnCount() == k) {
                    targets = t.rows();
                } else if (t.columnCount() == d) {
                    targets = net.encode(s, t.rows());
                } else {
                    throw new IllegalArgumentException(target.from + " has " + t.columnCount() + " columns: expected K="
                            + k + " (macrostates) or D=" + d + " (observations of side " + s.name() + ")");
                }
            }
            if ((long) targets.length * n > Integer.MAX_VALUE / Math.max(1, d)) {
                throw new IllegalArgumentException("too many designs: " + targets.length + " targets x " + n);
            }
            List<double[]> rows = new ArrayList<>(targets.length * n);
            var rng = Seeds.stream(seed, "design");
            try (ProgressDisplay bar = quiet || targets.length < 2 ? null : ProgressDisplay.open("design", "targets",
                    targets.length, b -> b.setStyle(ProgressBarStyle.ASCII))) {
                for (double[] m : targets) {
                    for (double[] r : net.design(s, m, n, temperature, rng)) {
                        rows.add(r);
                    }
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
            new Table(ModelInfo.columns(modelDir, net, s), rows.toArray(new double[0][])).write(out);
            spec.commandLine().getOut().printf("%d designs (%d targets x %d) of side %s written to %s%n", rows.size(),
                    targets.length, n, s.name(), out);
        }
        return 0;
    }

    /** A Turing model: rules (side x) for a target pattern or macrostate, written to the folder --out. */
    private int designRules(MacroNet net, TuringSystem sys) throws Exception {
        if (side != null && Side.parse(side) != Side.X) {
            throw new IllegalArgumentException("a Turing model designs rules (--side x); imagined patterns are in its report");
        }
        int k = net.macroDims();
        double[][] targets;
        double[] pattern = null;
        if (target.pattern != null) {
            pattern = TuringDesign.readPattern(target.pattern, net, sys.size());
            targets = net.encode(Side.Y, new double[][] {pattern});
        } else if (target.macro != null) {
            if (target.macro.length != k) {
                throw new IllegalArgumentException("--target-macro has " + target.macro.length
                        + " values, the model's macrostate has K=" + k);
            }
            targets = new double[][] {target.macro};
        } else {
            throw new IllegalArgumentException("a Turing model takes --target-pattern or --target-macro");
        }
        TuringDesign.run(net, sys, targets, pattern, n, temperature, seed, verify, out, force, org.macronet.system.reaction.BatchRunner.allCores(),
                quiet, spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
