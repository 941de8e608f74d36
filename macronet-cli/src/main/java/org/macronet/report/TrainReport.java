package org.macronet.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.macronet.macro.TrainingResult;

/**
 * The report of `macronet train` on user data: training curves, {@code training.csv}, and one scatter
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

    /** Writes every file of the report into {@code dir}; returns the path of report.html. */
    public static Path write(Path dir, TrainingResult training, Map<String, ?> metrics, List<SideView> sides)
            throws IOException {
        Files.createDirectories(dir);
        OscillatorReport.writeTraining(training.history(), training.bestEpoch(), dir.resolve(TRAINING));
        OscillatorReport.writeCsv(training.history(), dir.resolve(TRAINING_CSV));
        HtmlReport r = new HtmlReport("MacroNet — macrostate of paired observations");
        r.paragraph("Two invertible networks F_X and F_Y were trained so that their first k outputs, the macrostate "
                + "m, agree between the paired rows of X and Y while the remaining outputs are standard normal noise. "
                + "The plots below show each macrostate coordinate against each input column: a column the "
                + "macrostate depends on shows a structured cloud, a column it ignores a shapeless one.");
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
                            "macrostate m" + (i + 1), column(s.rows(), j), column(s.macro(), i));
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

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
