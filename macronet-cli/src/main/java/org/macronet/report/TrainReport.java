package org.macronet.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.macronet.discovery.CoordinateEvidence;
import org.macronet.discovery.MacrostateEvidence;
import org.macronet.macro.TrainingResult;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;

/**
 * The report of `macronet train` on user data: the evidence against chance (a table and, per macrostate
 * coordinate, m_X against m_Y on held-out pairs next to the same pairs shuffled), training curves,
 * {@code training.csv}, and one scatter
 * plot of each macrostate coordinate against each input column of each side (the first
 * {@value #MAX_COLUMNS} columns and {@value #MAX_MACRO} coordinates), tied together by report.html.
 */
public final class TrainReport {
    public static final String HTML = "report.html";
    public static final String TRAINING = "training.png";
    public static final String TRAINING_CSV = "training.csv";
    static final int MAX_COLUMNS = 8;
    static final int MAX_MACRO = 4;

    /**
     * One observation as plotted: its column names, some of its rows and their macrostate.
     *
     * @param side "x" or "y"
     * @param source the file it came from
     * @param columns column names
     * @param rows rows (a sample of the data)
     * @param macro the macrostate of each row, [rows, k]
     */
    public record SideView(String side, String source, List<String> columns, double[][] rows, double[][] macro) {}

    private TrainReport() {}

    /**
     * Writes every file of the report into {@code dir}; returns the path of report.html.
     *
     * @param evidence the evidence of the model on held-out pairs
     * @param sides held-out pairs of each side with their macrostates, rows aligned
     * @param rng the shuffle of the pairs drawn as the chance cloud
     */
    public static Path write(Path dir, TrainingResult training, Map<String, ?> metrics, MacrostateEvidence evidence,
            List<SideView> sides, SplittableRandom rng) throws IOException {
        Files.createDirectories(dir);
        OscillatorReport.writeTraining(training.history(), training.bestEpoch(), dir.resolve(TRAINING));
        OscillatorReport.writeCsv(training.history(), dir.resolve(TRAINING_CSV));
        HtmlReport r = new HtmlReport("MacroNet — macrostate of paired observations");
        r.paragraph("Two invertible networks F_X and F_Y were trained so that their first k outputs, the macrostate "
                + "m, agree between the paired rows of X and Y while the remaining outputs are standard normal noise. "
                + "The plots below show each macrostate coordinate against each input column: a column the "
                + "macrostate depends on shows a structured cloud, a column it ignores a shapeless one.");
        r.heading("Evidence against chance");
        r.paragraph(String.format(Locale.ROOT, "Each macrostate coordinate of X is compared with the same coordinate "
                + "of Y on %d held-out pairs that training never saw, and with %d shuffled pairings of the same rows "
                + "(what X and Y sharing nothing would give). A coordinate counts as shared when its permutation "
                + "p-value is below %.3g and the rank correlation of the two sides is at least %.2f (after the "
                + "first coordinate, also for what it adds to the earlier ones: a coordinate that only re-encodes "
                + "them is no new dimension). Whole "
                + "macrostate: relative mismatch %.4g (1 = chance, 0 = perfect agreement), p = %.3g.",
                evidence.rows(), evidence.permutations(), evidence.options().alpha(),
                evidence.options().minCorrelation(), evidence.relativeMismatch(), evidence.pValue()));
        List<List<?>> rows = new java.util.ArrayList<>();
        for (CoordinateEvidence c : evidence.coordinates()) {
            rows.add(List.of("m" + (c.coordinate() + 1), c.spearman(), c.z(), c.pValue(), c.relativeMismatch(),
                    c.coordinate() == 0 ? "—" : c.conditionalSpearman(), c.coordinate() == 0 ? "—" : c.conditionalPValue(),
                    c.shared() ? "shared" : "NO EVIDENCE"));
        }
        r.table(List.of("coordinate", "Spearman ρ", "z vs null", "p-value", "relative mismatch",
                "ρ beyond earlier coordinates", "its p-value", "verdict"), rows);
        if (sides.size() == 2) {
            double[][] mx = sides.get(0).macro();
            double[][] my = sides.get(1).macro();
            int[] shuffle = Seeds.permutation(my.length, rng);
            int k = Math.min(MAX_MACRO, evidence.coordinates().size());
            for (int i = 0; i < k; i++) {
                double[] a = Stats.column(mx, i);
                double[] b = Stats.column(my, i);
                double[] shuffled = new double[b.length];
                for (int j = 0; j < b.length; j++) {
                    shuffled[j] = b[shuffle[j]];
                }
                String file = String.format(Locale.ROOT, "pairs_m%d.png", i + 1);
                Charts.pointsAndCurves(dir.resolve(file), String.format(Locale.ROOT, "m%d of X against m%d of Y", i + 1,
                        i + 1), "m" + (i + 1) + " of X", "m" + (i + 1) + " of Y",
                        List.of(new Charts.Series("shuffled pairs (chance)", a, shuffled),
                                new Charts.Series("held-out pairs", a, b)), List.of());
                r.image(file, String.format(Locale.ROOT, "Coordinate m%d on %d held-out pairs (orange) and on the same "
                        + "rows shuffled (blue): a shared coordinate lies on the diagonal, far from the shuffled cloud.",
                        i + 1, a.length));
            }
        }
        r.heading("Metrics");
        Map<String, Object> scalars = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                scalars.put(k, v);
            }
        });
        r.keyValues(scalars);
        r.heading("Training");
        r.image(TRAINING, "Training curves per epoch: validation loss and NLLs should fall and flatten, and the "
                + "macro mismatch ‖m_X − m_Y‖² (log scale) should drop; the dashed line marks the epoch whose "
                + "weights were kept. Per-epoch numbers are in " + TRAINING_CSV + ".");
        for (SideView s : sides) {
            r.heading("Macrostate against the columns of " + s.side().toUpperCase(Locale.ROOT) + " (" + s.source() + ")");
            int k = Math.min(MAX_MACRO, s.macro().length == 0 ? 0 : s.macro()[0].length);
            int d = Math.min(MAX_COLUMNS, s.columns().size());
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) {
                    String file = String.format(Locale.ROOT, "m%d_vs_%s%d.png", i + 1, s.side(), j + 1);
                    String col = s.columns().get(j);
                    Charts.scatter(dir.resolve(file), String.format(Locale.ROOT, "m%d against %s", i + 1, col), col,
                            "macrostate m" + (i + 1), Stats.column(s.rows(), j), Stats.column(s.macro(), i));
                    r.image(file, String.format(Locale.ROOT, "Macrostate coordinate m%d of %d sampled rows against "
                            + "column '%s' of %s.", i + 1, s.rows().length, col,
                            s.side().toUpperCase(Locale.ROOT)));
                }
            }
            if (s.columns().size() > d || (s.macro().length > 0 && s.macro()[0].length > k)) {
                r.paragraph("Only the first " + d + " columns and " + k + " macrostate coordinates are plotted.");
            }
        }
        Path html = dir.resolve(HTML);
        r.write(html);
        return html;
    }
}
