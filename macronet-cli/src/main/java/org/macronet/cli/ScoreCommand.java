package org.macronet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.macronet.data.PairedData;
import org.macronet.data.Table;
import org.macronet.discovery.EvidenceOptions;
import org.macronet.discovery.MacroDiscovery;
import org.macronet.discovery.MacrostateEvidence;
import org.macronet.discovery.NeighbourRegression;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `macronet score`: a model checked against known answers on held-out pairs: how well the macrostate
 * determines each true invariant, and the evidence against chance on these pairs.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score a model on held-out pairs whose invariants are known (e.g. from export-system): the R^2",
                "of each invariant regressed on m_X by a local linear fit over its " + NeighbourRegression.DEFAULT_NEIGHBOURS
                        + " nearest neighbours (1 = the macrostate determines it,",
                "0 = it says nothing of it), next to the estimator's ceiling (the same regression on the true",
                "invariants themselves: its gap to 1 is the estimator's bias at this many rows, not lost information),",
                "and with --y the permutation evidence of every coordinate.",
                "Prints one line per figure and writes them as JSON with --out."})
public final class ScoreCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model folder written by train")
    Path model;

    @Option(names = "--x", required = true, paramLabel = "FILE", description = "held-out observations X")
    Path xFile;

    @Option(names = "--y", paramLabel = "FILE", description = "their partners Y (for the evidence)")
    Path yFile;

    @Option(names = "--invariants", required = true, paramLabel = "FILE",
            description = "true invariants of the same rows, one column each (.npy or .csv)")
    Path invariantsFile;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the shuffles (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "write the figures as JSON")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Table truth = named(Table.read(invariantsFile));
        try (MacroNet net = MacroNet.load(model)) {
            Table tx = Inputs.read(xFile, "x");
            requireAligned(tx, truth);
            if (tx.columnCount() != net.config().dimX()) {
                throw new IllegalArgumentException(xFile + " has " + tx.columnCount() + " columns, the model's X has "
                        + net.config().dimX());
            }
            double[][] mx = net.encode(Side.X, tx.rows());
            double[] r2 = NeighbourRegression.r2(mx, truth.rows(), NeighbourRegression.DEFAULT_NEIGHBOURS);
            double[] ceiling = NeighbourRegression.ceiling(truth.rows(), NeighbourRegression.DEFAULT_NEIGHBOURS);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("macro_dims", net.macroDims());
            result.put("rows", tx.rowCount());
            Map<String, Double> byInvariant = new LinkedHashMap<>();
            Map<String, Double> ceilingByInvariant = new LinkedHashMap<>();
            for (int j = 0; j < r2.length; j++) {
                byInvariant.put(truth.columns().get(j), r2[j]);
                ceilingByInvariant.put(truth.columns().get(j), ceiling[j]);
                console.printf(Locale.ROOT, "r2 %-20s %.4f  (estimator ceiling %.4f)%n", truth.columns().get(j), r2[j],
                        ceiling[j]);
            }
            result.put("invariant_r2", byInvariant);
            result.put("invariant_r2_ceiling", ceilingByInvariant);
            result.put("min_invariant_r2", java.util.Arrays.stream(r2).min().orElse(Double.NaN));
            if (yFile != null) {
                Table ty = Inputs.read(yFile, "y");
                requireAligned(ty, truth);
                MacrostateEvidence e = MacroDiscovery.evidence(new MacroDiscovery.Encoded(
                        new PairedData(tx.rows(), ty.rows()), mx, net.encode(Side.Y, ty.rows())),
                        EvidenceOptions.defaults(), seed);
                result.put("evidence", Json.SNAKE.valueToTree(e));
                console.printf(Locale.ROOT, "relative mismatch %.4g  p %.3g  shared coordinates %d of %d%n",
                        e.relativeMismatch(), e.pValue(), e.sharedCount(), e.coordinates().size());
            }
            if (out != null) {
                Json.write(out, result);
            }
        }
        return 0;
    }

    /**
     * An .npy file has no column names: those of the system.json that export-system writes next to it are
     * used when it has one of the right length.
     */
    private Table named(Table t) throws java.io.IOException {
        Path meta = invariantsFile.toAbsolutePath().resolveSibling("system.json");
        if (!invariantsFile.toString().endsWith(".npy") || !java.nio.file.Files.isRegularFile(meta)) {
            return t;
        }
        com.fasterxml.jackson.databind.JsonNode names = Json.MAPPER.readTree(meta.toFile()).path("invariant_columns");
        if (!names.isArray() || names.size() != t.columnCount()) {
            return t;
        }
        java.util.List<String> cols = new java.util.ArrayList<>();
        names.forEach(n -> cols.add(n.asText()));
        return new Table(cols, t.rows());
    }

    private void requireAligned(Table t, Table truth) {
        if (t.rowCount() != truth.rowCount()) {
            throw new IllegalArgumentException(invariantsFile + " has " + truth.rowCount() + " rows but the observations "
                    + "have " + t.rowCount());
        }
    }
}
