package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.macronet.Version;
import org.macronet.data.PairedData;
import org.macronet.data.Table;
import org.macronet.discovery.CoordinateEvidence;
import org.macronet.discovery.EvidenceOptions;
import org.macronet.discovery.InputChecks;
import org.macronet.discovery.MacroDiscovery;
import org.macronet.discovery.MacrostateEvidence;
import org.macronet.discovery.NeighbourRegression;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.EpochRecord;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
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
                "10% of the pairs are held out: every macrostate coordinate is tested on them against shuffled",
                "pairings (a permutation test); a coordinate is shared when p < --alpha and its rank correlation",
                "between the two sides is at least --min-correlation, and, after the first, when what it adds to",
                "the earlier coordinates passes the same test.",
                "Without --macro-dims, K is searched upwards (K = 1, 2, ..., at most min(--max-k, dims-1)) by",
                "short trainings, each starting from the weights of the one before; the largest K whose every",
                "coordinate is shared is then trained in full, exactly as --macro-dims K would (the same model).",
                "When K = 1 already fails,",
                "no shared macrostate was found: one line says so, no model is written, and the exit code is "
                        + TrainCommand.EXIT_NO_MACROSTATE + ".",
                "With --macro-dims K, short trainings at 1..K-1 lead up to the full training at K, and every",
                "coordinate without evidence is flagged (console, metrics.json, report.html).",
                "Exit codes: 0 done, " + TrainCommand.EXIT_NO_MACROSTATE + " no shared macrostate (K search), "
                        + "2 bad input, 1 other failure."})
public final class TrainCommand implements Callable<Integer> {
    /** Exit code of a K search that found no shared macrostate. */
    public static final int EXIT_NO_MACROSTATE = 3;
    private static final int PLOT_ROWS = 2000;
    /** Noise added to a side with exact constraints, in units of each column's standard deviation. */
    static final double CONSTRAINT_NOISE = 0.01;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "observations X (.npy or .csv)")
    Path xFile;

    @Option(names = "--y", required = true, paramLabel = "FILE", description = "observations Y, same rows (.npy or .csv)")
    Path yFile;

    @Option(names = "--macro-dims", paramLabel = "K", description = "macrostate dimension k (default: searched, see above)")
    Integer macroDims;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "model folder to write")
    Path out;

    @Option(names = "--search-epochs", defaultValue = "32", description = "epochs of each short training of the K search (default ${DEFAULT-VALUE})")
    int searchEpochs;

    @Option(names = "--max-k", defaultValue = "4", description = "largest K the search tries (default ${DEFAULT-VALUE})")
    int maxK;

    @Option(names = "--alpha", defaultValue = "0.01", description = "significance level of each permutation test (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--min-correlation", defaultValue = "0.5",
            description = "smallest rank correlation of m_X and m_Y for a shared coordinate (default ${DEFAULT-VALUE})")
    double minCorrelation;

    @Option(names = "--mixing", defaultValue = "auto",
            description = "mixing between coupling blocks: auto (reverse for 2 columns, lu from 3), reverse, random "
                    + "or lu (learned invertible linear) (default ${DEFAULT-VALUE})")
    String mixing;

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

    /** Options of a training; short trainings of the K search screen no initialisations. */
    MacroNetConfig config(int dx, int dy, int k) {
        TrainingOptions t = training.options(TrainingOptions.dataDriven(), true);
        return new MacroNetConfig(dx, dy, k, flow(dx), flow(dy), t, seed);
    }

    /**
     * The encoder of a side with {@code dim} columns. Mixing "auto": a fixed reversal for 2 columns (it
     * swaps them, so each reaches the macrostate's position; the oscillator's measured setting), a learned
     * invertible linear map from 3 columns on: a reversal never moves the middle columns, and a shared
     * column there, or an irrelevant column next to the shared ones, left the macrostate stuck on an
     * unshared, shrunken column (measured: Spearman of m_X and m_Y −0.02 against 0.997 with "lu").
     */
    DenseFlowSpec flow(int dim) {
        DenseFlowSpec d = DenseFlowSpec.defaults();
        String m = mixing.equals("auto") ? (dim == 2 ? "reverse" : "lu") : mixing;
        return new DenseFlowSpec(d.blocks(), d.hiddenWidth(), d.hiddenLayers(), d.clamp(), d.coupling(), m,
                d.actNorm());
    }

    MacroDiscovery.Options discoveryOptions() {
        return new MacroDiscovery.Options(maxK, searchEpochs, MacroDiscovery.Options.defaults().heldOutFraction(),
                new EvidenceOptions(alpha, minCorrelation, EvidenceOptions.defaults().permutations()));
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
        InputChecks.requireVarying("X (" + xFile + ")", tx.columns(), tx.rows());
        InputChecks.requireVarying("Y (" + yFile + ")", ty.columns(), ty.rows());
        config(dx, dy, 1); // validates the training options before any work
        MacroDiscovery.Options discovery = discoveryOptions();
        List<String> constraintsX = InputChecks.constraints(tx.columns(), tx.rows(), seed);
        List<String> constraintsY = InputChecks.constraints(ty.columns(), ty.rows(), seed);
        double[][] rowsX = constrained(console, "X", constraintsX, tx.rows(), seed);
        double[][] rowsY = constrained(console, "Y", constraintsY, ty.rows(), seed + 1);
        PairedData data = new PairedData(rowsX, rowsY);
        MacroDiscovery.Split split = MacroDiscovery.split(data, seed, discovery.heldOutFraction());

        try (RunFolder folder = RunFolder.resumable(out, force, resume, "macronet train: interrupted; the last "
                + "complete epoch is saved: run the same command with --resume to continue")) {
            Path dir = folder.dir();
            Path checkpoint = dir.resolve("checkpoint");
            boolean fromCheckpoint = resume && Files.isDirectory(checkpoint);
            // The model the full training starts from (the search's, or the short trainings up to K − 1),
            // kept in the work folder so that a run interrupted before its first checkpoint resumes exactly.
            Path startFolder = dir.resolve("start-model");
            MacroDiscovery.Search search = null;
            MacroNet start = null;
            int k;
            if (macroDims != null) {
                k = macroDims;
                if (!fromCheckpoint && k > 1) {
                    if (resume && Files.isDirectory(startFolder)) {
                        start = MacroNet.load(startFolder);
                    } else {
                        try (SearchProgress progress = new SearchProgress(quiet)) {
                            start = MacroDiscovery.growTo(split.fit(), kk -> config(dx, dy, kk), k, discovery,
                                    progress::forK);
                        }
                        start.save(startFolder);
                    }
                }
            } else {
                Path kFile = dir.resolve("k_search.json");
                if (resume && Files.isRegularFile(kFile)) {
                    search = Json.MAPPER.readValue(kFile.toFile(), MacroDiscovery.Search.class);
                    if (!fromCheckpoint && Files.isDirectory(startFolder)) {
                        start = MacroNet.load(startFolder);
                    }
                } else {
                    MacroDiscovery.Outcome outcome;
                    try (SearchProgress progress = new SearchProgress(quiet)) {
                        outcome = MacroDiscovery.searchK(split, kk -> config(dx, dy, kk), discovery, progress::forK);
                    }
                    search = outcome.search();
                    start = outcome.model();
                    if (start != null) {
                        start.save(startFolder);
                    }
                    Json.write(kFile, search);
                }
                for (MacroDiscovery.Trial t : search.trials()) {
                    printTrial(console, t);
                }
                if (search.none()) {
                    folder.discard();
                    MacrostateEvidence e = search.first().evidence();
                    CoordinateEvidence c = e.coordinates().get(0);
                    console.printf(Locale.ROOT, "no shared macrostate found: at K = 1, m_X and m_Y of %d held-out "
                                    + "pairs agree no better than required (Spearman %.3f, p = %.3g against %d shuffled "
                                    + "pairings; needed p < %.3g and Spearman >= %.2f); no model written%n", e.rows(),
                            c.spearman(), c.pValue(), e.permutations(), alpha, minCorrelation);
                    return EXIT_NO_MACROSTATE;
                }
                k = search.k();
                console.printf(Locale.ROOT, "K = %d: the largest K whose every coordinate is shared (tried up to %d)%n",
                        k, search.trials().get(search.trials().size() - 1).k());
            }
            MacroNetConfig config = config(dx, dy, k);
            Map<String, Object> metrics = new LinkedHashMap<>();
            MacrostateEvidence evidence;
            try (MacroNet net = new MacroNet(config); TrainingProgress progress = new TrainingProgress()) {
                if (start != null) {
                    net.startFrom(start);
                    start.close();
                }
                MacroNetTrainer trainer = new MacroNetTrainer(net);
                TrainingResult result = trainer.train(split.fit(), quiet ? TrainingListener.NONE : progress,
                        checkpoint, fromCheckpoint);
                progress.close();
                Map<String, Object> dataInfo = new LinkedHashMap<>();
                dataInfo.put("rows", tx.rowCount());
                dataInfo.put("x", describe(xFile, tx));
                dataInfo.put("y", describe(yFile, ty));
                net.save(dir, dataInfo);

                MacroDiscovery.Encoded heldOut = MacroDiscovery.Encoded.of(net, split.heldOut());
                evidence = MacroDiscovery.evidence(heldOut, discovery.evidence(), seed);
                MacroDiscovery.Relational rel = MacroDiscovery.relational(heldOut, tx.columns(), ty.columns(),
                        NeighbourRegression.DEFAULT_NEIGHBOURS);
                EpochRecord best = result.best();
                metrics.put("version", Version.VERSION);
                metrics.put("macro_dims", k);
                metrics.put("k_chosen_by", search == null ? "--macro-dims" : "search");
                metrics.put("shared", evidence.allShared());
                metrics.put("coordinates_without_evidence", withoutEvidence(evidence));
                metrics.put("relative_mismatch", evidence.relativeMismatch());
                metrics.put("evidence_p_value", evidence.pValue());
                metrics.put("y_from_macro_x", rel.yFromMacroX());
                metrics.put("x_from_macro_y", rel.xFromMacroY());
                metrics.put("constraints_x", constraintsX);
                metrics.put("constraints_y", constraintsY);
                metrics.put("input_noise_x", constraintsX.isEmpty() ? 0 : CONSTRAINT_NOISE);
                metrics.put("input_noise_y", constraintsY.isEmpty() ? 0 : CONSTRAINT_NOISE);
                metrics.put("val_match", best.valMatch());
                metrics.put("val_loss", best.valLoss());
                metrics.put("val_nll_x", best.valNllX());
                metrics.put("val_nll_y", best.valNllY());
                metrics.put("train_loss", best.trainLoss());
                metrics.put("train_match", best.trainMatch());
                metrics.put("best_epoch", result.bestEpoch());
                metrics.put("epochs_run", result.history().size());
                metrics.put("stopped_early", result.stoppedEarly());
                metrics.put("stopped_by", !result.stoppedEarly() ? "ceiling"
                        : net.config().training().plateauPatience() > 0 ? "plateau" : "patience");
                metrics.put("rollbacks", trainer.rollbacks());
                metrics.put("rows", tx.rowCount());
                metrics.put("train_rows", result.trainRows());
                metrics.put("validation_rows", result.validationRows());
                metrics.put("held_out_rows", split.heldOut().rows());
                metrics.put("training_seconds", result.seconds());
                metrics.put("seconds", (System.nanoTime() - t0) / 1e9);
                metrics.put("evidence", Json.SNAKE.valueToTree(evidence));
                metrics.put("y_features_from_macro_x", rel.yFeatures());
                metrics.put("x_features_from_macro_y", rel.xFeatures());
                if (search != null) {
                    metrics.put("k_search", Json.SNAKE.valueToTree(search));
                }
                Json.write(dir.resolve("metrics.json"), metrics);
                MacroDiscovery.Encoded shown = heldOut;
                if (shown.pairs().rows() > PLOT_ROWS) {
                    shown = shown.select(java.util.Arrays.copyOf(
                            Seeds.permutation(shown.pairs().rows(), Seeds.stream(seed, "report")), PLOT_ROWS));
                }
                TrainReport.write(dir, result, metrics, evidence, List.of(
                        new TrainReport.SideView("x", xFile.toString(), tx.columns(), shown.pairs().x(), shown.mx()),
                        new TrainReport.SideView("y", yFile.toString(), ty.columns(), shown.pairs().y(), shown.my())),
                        Seeds.stream(seed, "report-shuffle"));
            }
            RunFolder.deleteTree(checkpoint);
            RunFolder.deleteTree(startFolder);
            Files.deleteIfExists(dir.resolve("k_search.json"));
            folder.commit();
            printEvidence(console, evidence);
            console.printf(Locale.ROOT, "K %d  relative mismatch %.4g (p %.3g)  Y from m_X %.3f  X from m_Y %.3f  "
                            + "seconds %.1f%n", k, evidence.relativeMismatch(), evidence.pValue(),
                    (Double) metrics.get("y_from_macro_x"), (Double) metrics.get("x_from_macro_y"),
                    (Double) metrics.get("seconds"));
            console.println("model in " + folder.target());
        }
        return 0;
    }

    /** One progress bar per K of the search, each closed when the next starts. */
    private static final class SearchProgress implements AutoCloseable {
        private final boolean quiet;
        private TrainingProgress current;

        SearchProgress(boolean quiet) {
            this.quiet = quiet;
        }

        TrainingListener forK(int k) {
            close();
            if (quiet) {
                return TrainingListener.NONE;
            }
            current = new TrainingProgress("K=" + k);
            return current;
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /**
     * The rows training sees: as given, or with noise of {@value #CONSTRAINT_NOISE} of each column's spread
     * when the side has exact constraints (said on the console).
     */
    private static double[][] constrained(PrintWriter console, String side, List<String> constraints, double[][] rows,
            long seed) {
        if (constraints.isEmpty()) {
            return rows;
        }
        for (String c : constraints) {
            console.printf(Locale.ROOT, "note: %s has an exact constraint: %s%n", side, c);
        }
        console.printf(Locale.ROOT, "note: training adds Gaussian noise of %.0f%% of each column's spread to %s, "
                + "without which its density, and the likelihood, would not exist%n", 100 * CONSTRAINT_NOISE, side);
        return InputChecks.jitter(rows, CONSTRAINT_NOISE, seed);
    }

    private void printTrial(PrintWriter console, MacroDiscovery.Trial t) {
        CoordinateEvidence w = t.evidence().weakest();
        console.printf(Locale.ROOT, "K=%d  weakest coordinate m%d: Spearman %.3f, p %.3g  relative mismatch %.4g  %s%n",
                t.k(), w.coordinate() + 1, w.spearman(), w.pValue(), t.evidence().relativeMismatch(),
                t.accepted() ? "every coordinate shared" : "not every coordinate shared");
    }

    private static void printEvidence(PrintWriter console, MacrostateEvidence e) {
        console.printf(Locale.ROOT, "evidence on %d held-out pairs against %d shuffled pairings:%n", e.rows(),
                e.permutations());
        for (CoordinateEvidence c : e.coordinates()) {
            String added = c.coordinate() == 0 ? "" : String.format(Locale.ROOT,
                    "  beyond earlier coordinates: Spearman %.3f, p %.3g", c.conditionalSpearman(),
                    c.conditionalPValue());
            console.printf(Locale.ROOT, "  m%d  Spearman %.4f  z %.1f  p %.3g  relative mismatch %.4g%s  %s%n",
                    c.coordinate() + 1, c.spearman(), c.z(), c.pValue(), c.relativeMismatch(), added,
                    c.shared() ? "shared" : "NO EVIDENCE: this coordinate is not shared by X and Y");
        }
    }

    private static List<Integer> withoutEvidence(MacrostateEvidence e) {
        List<Integer> out = new ArrayList<>();
        for (CoordinateEvidence c : e.coordinates()) {
            if (!c.shared()) {
                out.add(c.coordinate() + 1);
            }
        }
        return out;
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
}
