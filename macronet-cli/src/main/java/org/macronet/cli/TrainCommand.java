package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.macronet.Version;
import org.macronet.data.PairedData;
import org.macronet.data.Table;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.EpochRecord;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingOptions;
import org.macronet.macro.TrainingResult;
import org.macronet.random.Seeds;
import org.macronet.report.TrainReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet train`: a MacroNet model from two aligned tables of the user's observations. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Learn the macrostate shared by two aligned tables of observations X and Y (.npy or .csv with a",
                "header row; row i of X paired with row i of Y). Writes the model (model.json, weights),",
                "metrics.json and report.html to --out. A checkpoint is saved after every epoch in the hidden",
                "folder .OUT.partial; after an interruption, the same command with --resume continues from it.",
                "Without --macro-dims, K is chosen by short trainings for K = 1..min(4, dims-1): the largest K",
                "whose per-coordinate validation mismatch ||m_X - m_Y||^2 / K is at most " + TrainCommand.K_THRESHOLD
                        + " (K = 1 when none is)."})
public final class TrainCommand implements Callable<Integer> {
    /** Per-coordinate mismatch below which a macrostate coordinate counts as shared (K suggestion). */
    static final double K_THRESHOLD = 0.1;
    private static final int PLOT_ROWS = 2000;
    private static final int EXPLAINED_ROWS = 1500;
    private static final int NEIGHBOURS = 10;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "observations X (.npy or .csv)")
    Path xFile;

    @Option(names = "--y", required = true, paramLabel = "FILE", description = "observations Y, same rows (.npy or .csv)")
    Path yFile;

    @Option(names = "--macro-dims", paramLabel = "K", description = "macrostate dimension k (default: suggested, see above)")
    Integer macroDims;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "model folder to write")
    Path out;

    @Option(names = "--search-epochs", defaultValue = "20", description = "epochs of each short training of the K suggestion (default ${DEFAULT-VALUE})")
    int searchEpochs;

    @Option(names = "--seed", defaultValue = "1", description = "root seed of everything random (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Option(names = "--resume", description = "continue an interrupted training of --out from its last checkpoint")
    boolean resume;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** Options of a training; short trainings of the K suggestion screen no initialisations. */
    MacroNetConfig config(int dx, int dy, int k, int epochs, boolean screen) {
        TrainingOptions t = training.options(epochs, screen);
        return new MacroNetConfig(dx, dy, k, DenseFlowSpec.defaults(), DenseFlowSpec.defaults(), t, seed);
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter console = spec.commandLine().getOut();
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs) && !force && !(Files.isDirectory(abs) && isEmpty(abs))) {
            throw new IllegalArgumentException("output " + out + " already exists (use --force to replace it)");
        }
        Table tx = Inputs.read(xFile, "x");
        Table ty = Inputs.read(yFile, "y");
        if (tx.rowCount() != ty.rowCount()) {
            throw new IllegalArgumentException("X (" + xFile + ") has " + tx.rowCount() + " rows but Y (" + yFile
                    + ") has " + ty.rowCount() + "; the files must be aligned row by row");
        }
        if (tx.rowCount() < Inputs.MIN_ROWS) {
            throw new IllegalArgumentException("X and Y have " + tx.rowCount() + " rows; training needs at least "
                    + Inputs.MIN_ROWS);
        }
        int dx = tx.columnCount();
        int dy = ty.columnCount();
        if (dx < 2 || dy < 2) {
            throw new IllegalArgumentException("each observation needs at least 2 columns, got X: " + dx + ", Y: " + dy);
        }
        if (macroDims != null && (macroDims < 1 || macroDims >= Math.min(dx, dy))) {
            throw new IllegalArgumentException("--macro-dims K=" + macroDims + " must be at least 1 and smaller than "
                    + "the number of columns of each side (X: " + dx + ", Y: " + dy + ")");
        }
        config(dx, dy, 1, training.epochs, true); // validates the training options before any work
        PairedData data = new PairedData(tx.rows(), ty.rows());

        try (RunFolder folder = RunFolder.resumable(out, force, resume, "macronet train: interrupted; the last "
                + "complete epoch is saved: run the same command with --resume to continue")) {
            Path dir = folder.dir();
            List<Map<String, Object>> search = null;
            int k;
            if (macroDims != null) {
                k = macroDims;
            } else {
                Path kFile = dir.resolve("k_search.json");
                if (resume && Files.isRegularFile(kFile)) {
                    search = readSearch(kFile);
                } else {
                    search = searchK(data, dx, dy, console);
                    Json.write(kFile, search);
                }
                k = chooseK(search);
                console.printf(Locale.ROOT, "suggested K = %d (largest K with validation mismatch per coordinate "
                        + "<= %.2g; K = 1 if none)%n", k, K_THRESHOLD);
            }
            MacroNetConfig config = config(dx, dy, k, training.epochs, true);
            Map<String, Object> metrics = new LinkedHashMap<>();
            try (MacroNet net = new MacroNet(config); TrainingProgress progress = new TrainingProgress()) {
                MacroNetTrainer trainer = new MacroNetTrainer(net);
                TrainingResult result = trainer.train(data, quiet ? TrainingListener.NONE : progress,
                        dir.resolve("checkpoint"), resume && Files.isDirectory(dir.resolve("checkpoint")));
                progress.close();
                Map<String, Object> dataInfo = new LinkedHashMap<>();
                dataInfo.put("rows", tx.rowCount());
                dataInfo.put("x", describe(xFile, tx));
                dataInfo.put("y", describe(yFile, ty));
                net.save(dir, dataInfo);

                EpochRecord best = result.best();
                metrics.put("version", Version.VERSION);
                metrics.put("macro_dims", k);
                metrics.put("val_match", best.valMatch());
                metrics.put("val_loss", best.valLoss());
                metrics.put("val_nll_x", best.valNllX());
                metrics.put("val_nll_y", best.valNllY());
                metrics.put("train_loss", best.trainLoss());
                metrics.put("train_match", best.trainMatch());
                SplittableRandom rng = Seeds.stream(seed, "report");
                int[] sample = sample(tx.rowCount(), Math.max(PLOT_ROWS, EXPLAINED_ROWS), rng);
                double[][] sx = pick(tx.rows(), sample);
                double[][] sy = pick(ty.rows(), sample);
                double[][] mx = net.encode(Side.X, sx);
                double[][] my = net.encode(Side.Y, sy);
                int ne = Math.min(EXPLAINED_ROWS, sample.length);
                metrics.put("variance_explained_x", explained(java.util.Arrays.copyOf(sx, ne), java.util.Arrays.copyOf(mx, ne)));
                metrics.put("variance_explained_y", explained(java.util.Arrays.copyOf(sy, ne), java.util.Arrays.copyOf(my, ne)));
                metrics.put("best_epoch", result.bestEpoch());
                metrics.put("epochs_run", result.history().size());
                metrics.put("stopped_early", result.stoppedEarly());
                metrics.put("rollbacks", trainer.rollbacks());
                metrics.put("rows", tx.rowCount());
                metrics.put("train_rows", result.trainRows());
                metrics.put("validation_rows", result.validationRows());
                metrics.put("training_seconds", result.seconds());
                metrics.put("seconds", (System.nanoTime() - t0) / 1e9);
                if (search != null) {
                    metrics.put("k_search", search);
                }
                Json.write(dir.resolve("metrics.json"), metrics);
                TrainReport.write(dir, result, metrics, List.of(
                        new TrainReport.SideView("x", xFile.toString(), tx.columns(), sx, mx),
                        new TrainReport.SideView("y", yFile.toString(), ty.columns(), sy, my)));
            }
            RunFolder.deleteTree(dir.resolve("checkpoint"));
            Files.deleteIfExists(dir.resolve("k_search.json"));
            folder.commit();
            console.printf(Locale.ROOT, "K %d  val_match %.4g  variance_explained_x %.3f  variance_explained_y %.3f  "
                            + "seconds %.1f%n", k, (Double) metrics.get("val_match"),
                    (Double) metrics.get("variance_explained_x"), (Double) metrics.get("variance_explained_y"),
                    (Double) metrics.get("seconds"));
            console.println("model in " + folder.target());
        }
        return 0;
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static Map<String, Object> describe(Path file, Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toAbsolutePath().normalize().toString());
        m.put("columns", t.columns());
        return m;
    }

    /** Short trainings for K = 1..min(4, dims − 1); one entry per K with its validation mismatch. */
    private List<Map<String, Object>> searchK(PairedData data, int dx, int dy, PrintWriter console) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int maxK = Math.min(4, Math.min(dx, dy) - 1);
        for (int k = 1; k <= maxK; k++) {
            try (MacroNet net = new MacroNet(config(dx, dy, k, Math.min(searchEpochs, training.epochs), false));
                    TrainingProgress progress = new TrainingProgress("K=" + k)) {
                TrainingResult r = new MacroNetTrainer(net).train(data, quiet ? TrainingListener.NONE : progress);
                progress.close();
                double match = r.best().valMatch();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("k", k);
                row.put("val_match", match);
                row.put("val_match_per_coordinate", match / k);
                rows.add(row);
                console.printf(Locale.ROOT, "K=%d  validation mismatch %.4g  per coordinate %.4g%n", k, match, match / k);
            }
        }
        return rows;
    }

    private static List<Map<String, Object>> readSearch(Path file) throws java.io.IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (var n : Json.MAPPER.readTree(file.toFile())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("k", n.get("k").asInt());
            row.put("val_match", n.get("val_match").asDouble());
            row.put("val_match_per_coordinate", n.get("val_match_per_coordinate").asDouble());
            rows.add(row);
        }
        return rows;
    }

    /** The largest K whose per-coordinate mismatch is at most {@link #K_THRESHOLD}; 1 when none is. */
    static int chooseK(List<Map<String, Object>> search) {
        int best = 1;
        for (Map<String, Object> r : search) {
            double e = ((Number) r.get("val_match_per_coordinate")).doubleValue();
            if (e <= K_THRESHOLD) {
                best = Math.max(best, ((Number) r.get("k")).intValue());
            }
        }
        return best;
    }

    /**
     * Fraction of a side's variance explained by the macrostate, a nonparametric estimate of
     * Σ_j Var(E[x_j | m]) / Σ_j Var(x_j) over standardised columns: 1 − R / (1 + 1/n_nb), where R is the
     * mean squared error of predicting each row by the mean of its n_nb = {@value #NEIGHBOURS} nearest
     * rows in macrostate space (itself excluded), per unit of variance. The factor 1 + 1/n_nb removes the
     * noise of the neighbour mean, so that a macrostate independent of x scores ≈ 0 rather than −1/n_nb
     * (the oscillator's energy, with E[q | E] = E[p | E] = 0, scores ≈ 0).
     */
    static double explained(double[][] x, double[][] m) {
        int n = x.length;
        int d = x[0].length;
        int k = m[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        double total = 0;
        int used = 0;
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (sd[j] > 0) {
                total += 1;
                used++;
            }
        }
        if (used == 0 || n <= NEIGHBOURS) {
            return Double.NaN;
        }
        double resid = 0;
        int[] near = new int[NEIGHBOURS];
        double[] nearDist = new double[NEIGHBOURS];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(nearDist, Double.POSITIVE_INFINITY);
            for (int o = 0; o < n; o++) {
                if (o == i) {
                    continue;
                }
                double s = 0;
                for (int c = 0; c < k; c++) {
                    double t = m[i][c] - m[o][c];
                    s += t * t;
                }
                // Insertion into the sorted list of the nearest rows so far.
                int at = NEIGHBOURS;
                while (at > 0 && s < nearDist[at - 1]) {
                    at--;
                }
                if (at < NEIGHBOURS) {
                    System.arraycopy(nearDist, at, nearDist, at + 1, NEIGHBOURS - 1 - at);
                    System.arraycopy(near, at, near, at + 1, NEIGHBOURS - 1 - at);
                    nearDist[at] = s;
                    near[at] = o;
                }
            }
            for (int j = 0; j < d; j++) {
                if (!(sd[j] > 0)) {
                    continue;
                }
                double pred = 0;
                for (int q = 0; q < NEIGHBOURS; q++) {
                    pred += x[near[q]][j];
                }
                pred /= NEIGHBOURS;
                double e = (x[i][j] - pred) / sd[j];
                resid += e * e / n;
            }
        }
        return 1 - resid / (total * (1 + 1.0 / NEIGHBOURS));
    }

    private static int[] sample(int n, int max, SplittableRandom rng) {
        return java.util.Arrays.copyOf(org.macronet.random.Seeds.permutation(n, rng), Math.min(n, max));
    }

    private static double[][] pick(double[][] rows, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = rows[idx[i]];
        }
        return out;
    }
}
