package org.macronet.report;

import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.experiment.OscillatorExperiment.DesignTarget;
import org.macronet.macro.EpochRecord;
import org.macronet.system.oscillator.HarmonicOscillator;
import org.macronet.system.oscillator.OscillatorPairs;

/**
 * Writes the report of a harmonic-oscillator experiment: four PNG charts, {@code training.csv} and
 * {@code report.html} that ties them together.
 */
public final class OscillatorReport {
    public static final String MACRO_VS_ENERGY = "macro_vs_energy.png";
    public static final String PHASE_SPACE = "phase_space.png";
    public static final String DESIGNS = "designs.png";
    public static final String TRAINING = "training.png";
    public static final String TRAINING_CSV = "training.csv";
    public static final String HTML = "report.html";
    /** The training chart stacks three panels, so it is taller than the others. */
    public static final int TRAINING_HEIGHT = 900;
    private static final int ELLIPSE_POINTS = 361;

    private OscillatorReport() {}

    /**
     * Writes every file of the report into {@code dir} (created if missing), replacing earlier ones.
     *
     * @return the path of report.html
     */
    public static Path write(OscillatorExperiment.Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        OscillatorPairs system = result.options().system();
        String[] axes = system.positionOnly() ? new String[] {"q(t)", "q(t + T/4)"}
                : new String[] {"position q", "momentum p"};

        double rho = number(result.metrics().get("spearman_energy"));
        Charts.scatter(dir.resolve(MACRO_VS_ENERGY),
                String.format(Locale.ROOT, "Learned macrostate vs true energy (|Spearman ρ| = %.4f)", rho),
                "true energy E", "macrostate m_X", result.testEnergy(), result.testMacroX());

        double[][] x = result.testX();
        Charts.colourScatter(dir.resolve(PHASE_SPACE), "Held-out states coloured by the learned macrostate", axes[0],
                axes[1], "macrostate m_X", column(x, 0), column(x, 1), result.testMacroX());

        writeDesigns(result, system, axes, dir.resolve(DESIGNS));
        writeTraining(result.training().history(), result.training().bestEpoch(), dir.resolve(TRAINING));
        writeCsv(result.training().history(), dir.resolve(TRAINING_CSV));

        Path html = dir.resolve(HTML);
        html(result).write(html);
        return html;
    }

    private static void writeDesigns(OscillatorExperiment.Result result, OscillatorPairs system, String[] axes,
            Path file) throws IOException {
        HarmonicOscillator osc = system.oscillator();
        List<Charts.Series> points = new ArrayList<>();
        List<Charts.Series> curves = new ArrayList<>();
        for (DesignTarget t : result.targets()) {
            String name = String.format(Locale.ROOT, "q=%.2f, E*=%.3f", t.quantile(), t.targetEnergy());
            points.add(new Charts.Series(name, column(t.designs(), 0), column(t.designs(), 1)));
            curves.add(ellipse(name + " (exact)", osc, t.targetEnergy(), system.positionOnly()));
        }
        Charts.pointsAndCurves(file, "Designed states and the exact orbit of each target energy", axes[0], axes[1],
                points, curves);
    }

    /**
     * The orbit of energy E: q = A cos θ, p = −mωA sin θ with A = √(2E/κ); observed as two positions a
     * quarter period apart it is the circle (A cos θ, −A sin θ). Closed (first point repeated).
     */
    static Charts.Series ellipse(String name, HarmonicOscillator osc, double energy, boolean positionOnly) {
        double a = osc.amplitude(Math.max(0, energy));
        double pScale = positionOnly ? a : osc.mass() * osc.omega() * a;
        double[] q = new double[ELLIPSE_POINTS];
        double[] p = new double[ELLIPSE_POINTS];
        for (int i = 0; i < ELLIPSE_POINTS; i++) {
            double theta = 2 * Math.PI * i / (ELLIPSE_POINTS - 1);
            q[i] = a * Math.cos(theta);
            p[i] = -pScale * Math.sin(theta);
        }
        return new Charts.Series(name, q, p);
    }

    static void writeTraining(List<EpochRecord> h, int bestEpoch, Path file) throws IOException {
        int n = h.size();
        double[] epoch = new double[n];
        double[][] v = new double[6][n];
        for (int i = 0; i < n; i++) {
            EpochRecord r = h.get(i);
            epoch[i] = r.epoch();
            v[0][i] = r.valLoss();
            v[1][i] = r.trainLoss();
            v[2][i] = r.valNllX();
            v[3][i] = r.valNllY();
            v[4][i] = r.valMatch();
            v[5][i] = r.trainMatch();
        }
        // Loss and NLL can be negative (densities above 1), so only the match panel is logarithmic.
        List<Charts.Panel> panels = List.of(
                new Charts.Panel("loss", List.of(new Charts.Series("validation loss (final λ)", epoch, v[0]),
                        new Charts.Series("training loss (epoch's λ)", epoch, v[1])), false),
                new Charts.Panel("NLL (nats/sample)", List.of(new Charts.Series("validation NLL X", epoch, v[2]),
                        new Charts.Series("validation NLL Y", epoch, v[3])), false),
                new Charts.Panel("‖m_X − m_Y‖²", List.of(new Charts.Series("validation match", epoch, v[4]),
                        new Charts.Series("training match", epoch, v[5])), true));
        double marker = bestEpoch >= 0 && bestEpoch < n ? bestEpoch : Double.NaN;
        Charts.panels(file, "Training curves (dashed: best epoch)", "epoch (0-based, as in training.csv)", panels,
                marker, Charts.WIDTH, TRAINING_HEIGHT);
    }

    /** One row per epoch; the header is the field names of {@link EpochRecord}, in order. */
    static void writeCsv(List<EpochRecord> history, Path file) throws IOException {
        RecordComponent[] fields = EpochRecord.class.getRecordComponents();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> names = new ArrayList<>();
            for (RecordComponent f : fields) {
                names.add(f.getName());
            }
            w.write(String.join(",", names));
            w.write('\n');
            for (EpochRecord r : history) {
                List<String> cells = new ArrayList<>();
                for (RecordComponent f : fields) {
                    try {
                        cells.add(String.valueOf(f.getAccessor().invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + f.getName(), e);
                    }
                }
                w.write(String.join(",", cells));
                w.write('\n');
            }
        }
    }

    static HtmlReport html(OscillatorExperiment.Result result) {
        OscillatorExperiment.Options o = result.options();
        HarmonicOscillator osc = o.system().oscillator();
        HtmlReport r = new HtmlReport("MacroNet — harmonic oscillator");
        r.paragraph(String.format(Locale.ROOT,
                "Each training pair (X, Y) holds two states of one oscillator (m = %s, κ = %s) a random time lag "
                        + "apart; energy E ∈ [%s, %s] and phase are uniform, so the energy is the only thing X and "
                        + "Y share. MacroNet trained two invertible networks F_X and F_Y so that their first "
                        + "output, the macrostate m, agrees between X and Y while the remaining outputs are "
                        + "standard normal noise. If it learned the right macrostate, m_X is a monotone function "
                        + "of the energy and carries no phase information.",
                HtmlReport.format(osc.mass()), HtmlReport.format(osc.stiffness()),
                HtmlReport.format(o.system().energyMin()), HtmlReport.format(o.system().energyMax())));
        r.paragraph(String.format(Locale.ROOT,
                "Inverse design: for target macrostates at quantiles of the held-out m_X, %d states were drawn "
                        + "as x = F_X⁻¹(m*, z) with z ~ N(0, %s²). Each target's energy E* is the median energy of "
                        + "the %d held-out pairs nearest it; a good model puts the designs on the orbit of E*.",
                o.designsPerTarget(), HtmlReport.format(o.temperature()), o.neighbours()));
        r.paragraph(String.format(Locale.ROOT, "Run: seed %d, %d training pairs, %d held-out pairs, %d epochs run "
                + "(weights kept from epoch %d, counting from 0; %s), %d validation rows.", o.model().seed(), o.pairs(),
                o.testPairs(), result.training().history().size(), result.training().bestEpoch(),
                result.training().stoppedEarly() ? "stopped early" : "no early stop",
                result.training().validationRows()));

        r.heading("Metrics");
        Map<String, Object> scalars = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : result.metrics().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                scalars.put(e.getKey(), v);
            }
        }
        r.keyValues(scalars);

        if (result.metrics().get("design_targets") instanceof List<?> targets && !targets.isEmpty()) {
            r.heading("Design targets");
            List<String> columns = new ArrayList<>();
            for (Object t : targets) {
                if (t instanceof Map<?, ?> m) {
                    for (Object k : m.keySet()) {
                        if (!columns.contains(String.valueOf(k))) {
                            columns.add(String.valueOf(k));
                        }
                    }
                }
            }
            List<List<?>> rows = new ArrayList<>();
            for (Object t : targets) {
                if (t instanceof Map<?, ?> m) {
                    List<Object> row = new ArrayList<>();
                    for (String c : columns) {
                        row.add(m.get(c));
                    }
                    rows.add(row);
                }
            }
            r.table(columns, rows);
        }

        r.heading("Figures");
        r.image(MACRO_VS_ENERGY, "Learned macrostate m_X against the true energy of held-out pairs: a correct "
                + "model gives a thin monotone curve (|Spearman ρ| close to 1), not a cloud.");
        r.image(PHASE_SPACE, "Held-out states in phase space coloured by m_X: a correct model colours each "
                + "ellipse of constant energy uniformly, so the colours form concentric rings with no dependence "
                + "on the angle (phase).");
        r.image(DESIGNS, "Designed states per target (points) over the exact orbit of the target energy E* "
                + "(line, same colour): correct designs lie on their own ellipse, spread around the whole orbit.");
        r.image(TRAINING, "Training curves per epoch: validation loss and NLLs should fall and flatten, and the "
                + "macro mismatch ‖m_X − m_Y‖² (log scale) should drop by orders of magnitude; the dashed line "
                + "marks the epoch whose weights were kept.");
        r.paragraph("Per-epoch numbers are in " + TRAINING_CSV + ".");
        return r;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
