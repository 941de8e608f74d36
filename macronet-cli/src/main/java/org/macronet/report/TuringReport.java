package org.macronet.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.macronet.experiment.TuringData;
import org.macronet.experiment.TuringExperiment;
import org.macronet.system.pattern.Morphology;

/** The report of `macronet turing`: PNG plots and galleries tied together by report.html. */
public final class TuringReport {
    public static final String HTML = "report.html";
    static final int GALLERY = 40;
    /** Held-out samples with their macrostates, for analysis outside the report. */
    public static final String HELD_OUT = "heldout.csv";

    private TuringReport() {}

    /** Writes every file of the report into {@code dir}; returns the path of report.html. */
    public static Path write(TuringExperiment.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        TuringData data = r.data();
        int size = data.size();
        OscillatorReport.writeTraining(r.training().history(), r.training().bestEpoch(), dir.resolve("training.png"));
        OscillatorReport.writeCsv(r.training().history(), dir.resolve("training.csv"));

        int[] test = r.testRows();
        double[] f = new double[test.length];
        double[] k = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            f[i] = data.rules()[test[i]][0];
            k[i] = data.rules()[test[i]][1];
        }
        int dims = r.testMacroY()[0].length;
        writeHeldOut(r, dir.resolve(HELD_OUT));
        for (int d = 0; d < Math.min(dims, 3); d++) {
            double[] m = org.macronet.stats.Stats.column(r.testMacroY(), d);
            Charts.colourScatter(dir.resolve("macro_fk_" + (d + 1) + ".png"),
                    "Macrostate m" + (d + 1) + " of the grown pattern over the (F, k) plane", "F", "k", "m" + (d + 1), f,
                    k, m);
        }
        List<Charts.Series> byFamily = new ArrayList<>();
        List<Charts.Series> fkFamily = new ArrayList<>();
        for (Morphology fam : Morphology.values()) {
            int[] rows = IntStream.range(0, test.length).filter(i -> data.families()[test[i]] == fam).toArray();
            if (rows.length == 0) {
                continue;
            }
            double[] m1 = new double[rows.length];
            double[] m2 = new double[rows.length];
            double[] ff = new double[rows.length];
            double[] kk = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                m1[i] = r.testMacroY()[rows[i]][0];
                m2[i] = dims > 1 ? r.testMacroY()[rows[i]][1] : 0;
                ff[i] = f[rows[i]];
                kk[i] = k[rows[i]];
            }
            byFamily.add(new Charts.Series(fam.label(), m1, m2));
            fkFamily.add(new Charts.Series(fam.label(), ff, kk));
        }
        Charts.pointsAndCurves(dir.resolve("macro_families.png"), "Held-out patterns in macrostate space, by family",
                "m1", dims > 1 ? "m2" : "0", byFamily, List.of());
        Charts.pointsAndCurves(dir.resolve("families_fk.png"), "Pattern families over the (F, k) plane (held-out)", "F",
                "k", fkFamily, List.of());

        // Gallery of held-out patterns ordered by m1.
        Integer[] order = IntStream.range(0, test.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> r.testMacroY()[i][0]));
        List<float[]> fields = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int shown = Math.min(GALLERY, test.length);
        for (int s = 0; s < shown; s++) {
            int i = order[(int) ((long) s * (test.length - 1) / Math.max(1, shown - 1))];
            fields.add(floats(data.patterns()[test[i]]));
            captions.add(String.format(Locale.ROOT, "m1 %.2f %s", r.testMacroY()[i][0], data.families()[test[i]].label()));
        }
        FieldImages.writePng(FieldImages.gallery(fields, size, size, captions, 8, 2), dir.resolve("gallery_by_macro.png"));

        // Target vs designed-and-simulated, and imagined patterns.
        List<float[]> designFields = new ArrayList<>();
        List<String> designCaps = new ArrayList<>();
        List<float[]> imagineFields = new ArrayList<>();
        List<String> imagineCaps = new ArrayList<>();
        List<List<?>> designRows = new ArrayList<>();
        for (int t = 0; t < r.targets().size(); t++) {
            TuringExperiment.DesignTarget dt = r.targets().get(t);
            float[] target = floats(data.patterns()[dt.reference()]);
            designFields.add(target);
            designCaps.add("target " + dt.group().label());
            for (int i = 0; i < TuringExperiment.SHOWN_DESIGNS; i++) {
                boolean has = i < dt.grownPatterns().length && dt.grownPatterns()[i] != null;
                designFields.add(has ? dt.grownPatterns()[i] : new float[size * size]);
                designCaps.add(has ? (dt.grown()[i] == null ? "invalid" : dt.grown()[i].label()) : "invalid rule");
            }
            imagineFields.add(target);
            imagineCaps.add("target " + dt.group().label());
            double[][] im = r.imagined()[t];
            for (int i = 0; i < im.length; i++) {
                imagineFields.add(floats(im[i]));
                imagineCaps.add(i < TuringExperiment.IMAGINED ? "imagined, T" : "imagined, T/2");
            }
            long in = 0;
            for (boolean b : dt.inRange()) {
                in += b ? 1 : 0;
            }
            designRows.add(List.of(dt.group().label(), dt.reference(), fmt(dt.macro()), dt.rules().length,
                    dt.successRate(), in / (double) dt.rules().length, meanRule(dt.rules())));
        }
        FieldImages.writePng(FieldImages.gallery(designFields, size, size, designCaps, 1 + TuringExperiment.SHOWN_DESIGNS,
                2), dir.resolve("designs.png"));
        FieldImages.writePng(FieldImages.gallery(imagineFields, size, size, imagineCaps, 1 + r.imagined()[0].length, 2),
                dir.resolve("imagined.png"));

        List<String> names = TuringData.RULE_NAMES;
        double[] share = r.simulationScore().clone();
        double total = Arrays.stream(share).sum();
        for (int j = 0; j < share.length; j++) {
            share[j] = total > 0 ? share[j] / total : 0;
        }
        Charts.bars(dir.resolve("importance.png"), "Which rule parameters control the pattern", "share of importance",
                names, List.of("MacroNet score (design spread + gradient)", "simulation: how often a small change alters "
                        + "the pattern"), new double[][] {r.importanceScore(), share});

        HtmlReport h = new HtmlReport("MacroNet — Turing patterns (Gray–Scott)");
        h.paragraph("Rules X = (F, k, Du/Dv, Dv) of the Gray–Scott model and the v-field Y each grows on a periodic "
                + size + "×" + size + " grid from a random initial condition. A dense invertible network encodes the "
                + "rule, a multi-scale convolutional one (squeeze + convolutional couplings, macrostate from the "
                + "coarsest scale) the pattern; their first " + dims + " outputs, the macrostate, are trained to agree.");
        h.heading("Metrics");
        Map<String, Object> scalars = new LinkedHashMap<>();
        r.metrics().forEach((key, v) -> {
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                scalars.put(key, v);
            }
        });
        h.keyValues(scalars);
        h.paragraph("Design success by family (temperature T):");
        h.keyValues(castMap(r.metrics().get("design_success_by_family")));
        h.paragraph("Design success by family at T/2:");
        h.keyValues(castMap(r.metrics().get("design_success_by_family_half_temperature")));
        h.paragraph("For comparison, chance (a rule drawn at random from the training data grows the family this "
                + "often):");
        h.keyValues(castMap(r.metrics().get("design_success_chance_by_family")));
        h.paragraph("and the references' own rules, each regrown from " + r.metrics().get("design_own_rule_seeds")
                + " fresh initial conditions (what knowing the true rule achieves; a reference its own rule rarely "
                + "grows again is a target no rule grows reliably):");
        h.keyValues(castMap(r.metrics().get("design_success_own_rule_by_family")));
        h.heading("The macrostate over the rule plane");
        for (int d = 0; d < Math.min(dims, 3); d++) {
            h.image("macro_fk_" + (d + 1) + ".png", "Macrostate m" + (d + 1) + " of each held-out pattern, placed at its "
                    + "rule's (F, k); Du/Dv and Dv vary too, which blurs the plane.");
        }
        h.image("families_fk.png", "The engine's family of each held-out pattern over (F, k), for comparison.");
        h.image("macro_families.png", "Held-out patterns in macrostate space: families should form separate regions "
                + "(family_knn_accuracy measures it).");
        h.heading("Patterns ordered by macrostate");
        h.image("gallery_by_macro.png", "Held-out patterns at evenly spaced ranks of m1.");
        h.heading("Inverse design, verified by simulation");
        h.paragraph("For each reference pattern (held out of training) rules were drawn from F_X⁻¹([m*, z]) with "
                + "z ~ N(0, T²I), T = " + r.options().temperature() + ", and each was simulated from a fresh random "
                + "initial condition. First column: the reference; then the first grown patterns with their family.");
        h.image("designs.png", "Target (left) and patterns grown by designed rules.");
        h.table(List.of("target family", "reference", "m*", "designs", "success", "in training range",
                "mean designed rule (F, k, Du/Dv, Dv)"), designRows);
        h.heading("Imagined patterns");
        h.image("imagined.png", "F_Y⁻¹([m*, z]): patterns the pattern encoder generates for each reference's "
                + "macrostate, 4 at temperature T and 4 at T/2 (the training noise and the tails of z make T = 1 "
                + "samples grainy; the reference is on the left).");
        h.heading("Which parameters control the pattern");
        h.image("importance.png", "MacroNet's importance score (mean of: the share of each parameter's spread that fixing "
                + "the macrostate removes, and the mean |∂m/∂x_j| times its range) against how often a small change of "
                + "the parameter changes the pattern's family or wavelength in simulation.");
        List<List<?>> imp = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            imp.add(List.of(names.get(j), r.importanceScore()[j], r.importance().pinned()[j], r.importance().gradient()[j],
                    r.simulationScore()[j]));
        }
        h.table(List.of("parameter", "score", "pinned by macrostate", "gradient share", "simulation change rate"), imp);
        h.heading("Training");
        h.image("training.png", "Training curves per epoch; the dashed line marks the epoch whose weights were kept.");
        Path html = dir.resolve(HTML);
        h.write(html);
        return html;
    }

    /** One row per held-out sample: its sweep index, rule, family, wavelength and macrostates. */
    static void writeHeldOut(TuringExperiment.Result r, Path file) throws IOException {
        TuringData data = r.data();
        int k = r.testMacroY()[0].length;
        StringBuilder csv = new StringBuilder("index,F,k,Du/Dv,Dv,family,wavelength");
        for (int d = 1; d <= k; d++) {
            csv.append(",m_pattern").append(d);
        }
        for (int d = 1; d <= k; d++) {
            csv.append(",m_rule").append(d);
        }
        csv.append('\n');
        for (int i = 0; i < r.testRows().length; i++) {
            int row = r.testRows()[i];
            csv.append(row);
            for (double v : data.rules()[row]) {
                csv.append(',').append(v);
            }
            csv.append(',').append(data.families()[row].label()).append(',')
                    .append(Double.isNaN(data.wavelengths()[row]) ? "" : String.valueOf(data.wavelengths()[row]));
            for (double v : r.testMacroY()[i]) {
                csv.append(',').append(v);
            }
            for (double v : r.testMacroX()[i]) {
                csv.append(',').append(v);
            }
            csv.append('\n');
        }
        org.macronet.data.AtomicFiles.writeString(file, csv.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    private static String meanRule(double[][] rules) {
        double[] mean = new double[rules[0].length];
        for (double[] r : rules) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += r[j] / rules.length;
            }
        }
        return fmt(mean);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int j = 0; j < v.length; j++) {
            b.append(j > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[j]));
        }
        return b.append(')').toString();
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
