package org.macronet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.macronet.Version;
import org.macronet.data.AtomicFiles;
import org.macronet.data.Npy;
import org.macronet.experiment.TuringData;
import org.macronet.experiment.TuringExperiment;
import org.macronet.experiment.TuringSystem;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import org.macronet.macro.Standardizer;
import org.macronet.random.Seeds;
import org.macronet.report.FieldImages;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;
import org.macronet.system.reaction.SimulationConfig;

/**
 * `macronet design` on a model trained by `macronet turing`: rules for a target pattern (or macrostate),
 * flagged when outside the training range, and optionally grown by simulation and classified.
 */
final class TuringDesign {
    static final String KEY = "turing";

    private TuringDesign() {}

    /** The growth settings saved with a Turing model, or null for any other model. */
    static TuringSystem system(Path model) throws IOException {
        JsonNode t = Json.MAPPER.readTree(model.resolve("model.json").toFile()).path("data").path(KEY);
        if (t.isMissingNode()) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(t, TuringSystem.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(model.resolve("model.json") + " is corrupted (its " + KEY + " entry is unreadable)", e);
        }
    }

    /**
     * A target pattern from a .npy file (S×S, 1×S×S or S² values) or a .png image (its grey levels are
     * rescaled to the mean and spread of the training patterns), as one flattened row.
     */
    static double[] readPattern(Path file, MacroNet net, int size) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        double[] v;
        if (name.endsWith(".npy")) {
            Npy.Array a = Npy.read(file);
            long count = 1;
            for (int s : a.shape()) {
                count *= s;
            }
            if (count != (long) size * size || a.shape().length > 3) {
                throw new IllegalArgumentException(file + " holds an array of shape " + java.util.Arrays.toString(a.shape())
                        + ": the model's patterns are " + size + "x" + size);
            }
            v = a.data();
        } else if (name.endsWith(".png")) {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException(file + " is not a readable PNG image");
            }
            if (img.getWidth() != size || img.getHeight() != size) {
                throw new IllegalArgumentException(file + " is " + img.getWidth() + "x" + img.getHeight()
                        + " pixels: the model's patterns are " + size + "x" + size);
            }
            v = new double[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = img.getRGB(x, y);
                    v[y * size + x] = (0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF)) / 255;
                }
            }
            Standardizer st = net.standardizer(Side.Y);
            double mean = org.macronet.stats.Stats.mean(v);
            double sd = org.macronet.stats.Stats.std(v);
            for (int i = 0; i < v.length; i++) {
                v[i] = st.mean()[0] + (sd > 1e-9 ? (v[i] - mean) / sd * st.std()[0] : 0);
            }
        } else {
            throw new IllegalArgumentException(file + ": unsupported pattern file (use .npy or .png)");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(file + " has a non-finite value (" + v[i] + ") at cell " + i);
            }
        }
        return v;
    }

    /** Designs n rules for each target into {@code out} (a folder), and grows them when {@code verify}. */
    static void run(MacroNet net, TuringSystem sys, double[][] targets, double[] targetPattern, int n,
            double temperature, long seed, boolean verify, Path out, boolean force, int threads, boolean quiet,
            PrintWriter console, PrintWriter err) throws IOException {
        try (RunFolder folder = RunFolder.create(out, force)) {
            Path dir = folder.dir();
            var rng = Seeds.stream(seed, "design");
            List<double[]> rules = new ArrayList<>();
            List<Integer> targetOf = new ArrayList<>();
            for (int t = 0; t < targets.length; t++) {
                for (double[] r : net.design(Side.X, targets[t], n, temperature, rng)) {
                    rules.add(r);
                    targetOf.add(t);
                }
            }
            int outside = 0;
            double[][] table = new double[rules.size()][];
            for (int i = 0; i < rules.size(); i++) {
                double[] r = rules.get(i);
                boolean in = sys.inRange(r);
                outside += in ? 0 : 1;
                table[i] = new double[] {r[0], r[1], r[2], r[3], targetOf.get(i), in ? 1 : 0};
            }

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("version", Version.VERSION);
            summary.put("designs", rules.size());
            summary.put("targets", targets);
            summary.put("temperature", temperature);
            summary.put("seed", seed);
            summary.put("outside_training_range", outside);
            summary.put("training_range_min", sys.ruleMin());
            summary.put("training_range_max", sys.ruleMax());
            Morphology targetFamily = null;
            if (targetPattern != null) {
                PatternDescriptors d = PatternAnalyzer.describe(targetPattern, sys.size());
                targetFamily = d.morphology();
                summary.put("target_family", targetFamily.label());
                summary.put("target_wavelength", d.wavelength());
            }
            List<String> grownLabels = null;
            if (verify) {
                List<SimulationConfig> sims = new ArrayList<>();
                for (int i = 0; i < rules.size(); i++) {
                    sims.add(sys.simulation(rules.get(i), Seeds.stream(seed, "verify", i).nextLong()));
                }
                List<float[]> fields = new ArrayList<>();
                TuringExperiment.Listener progress = quiet ? TuringExperiment.Listener.NONE : new TuringExperiment.Listener() {
                    int last = -1;

                    @Override
                    public void simulated(int done, int total) {
                        int decile = done * 10 / total;
                        if (decile > last) {
                            last = decile;
                            err.println("verify: " + done + "/" + total + " simulations");
                            err.flush();
                        }
                    }
                };
                List<PatternDescriptors> grown = TuringExperiment.simulateAll(sims, threads, progress, fields);
                int s = sys.size();
                float[] all = new float[rules.size() * s * s];
                Map<String, Integer> counts = new LinkedHashMap<>();
                List<String> captions = new ArrayList<>();
                grownLabels = new ArrayList<>();
                int success = 0;
                for (int i = 0; i < rules.size(); i++) {
                    PatternDescriptors d = grown.get(i);
                    String label = d == null ? "invalid" : d.morphology().label();
                    counts.merge(label, 1, Integer::sum);
                    grownLabels.add(label);
                    captions.add(label + (table[i][5] == 1 ? "" : " (out of range)"));
                    if (fields.get(i) != null) {
                        System.arraycopy(fields.get(i), 0, all, i * s * s, s * s);
                    } else {
                        java.util.Arrays.fill(all, i * s * s, (i + 1) * s * s, Float.NaN);
                    }
                    if (targetFamily != null && d != null
                            && TuringExperiment.Group.of(d.morphology()) == TuringExperiment.Group.of(targetFamily)) {
                        success++;
                    }
                }
                Npy.writeFloat32(dir.resolve("patterns.npy"), new int[] {rules.size(), s, s}, all);
                int shown = Math.min(64, rules.size());
                List<float[]> gallery = new ArrayList<>();
                for (int i = 0; i < shown; i++) {
                    gallery.add(fields.get(i) != null ? fields.get(i) : new float[s * s]);
                }
                FieldImages.writePng(FieldImages.gallery(gallery, s, s, captions.subList(0, shown), 8, 2),
                        dir.resolve("gallery.png"));
                summary.put("grown_families", counts);
                if (targetFamily != null) {
                    summary.put("success_rate", success / (double) rules.size());
                }
            }
            writeDesigns(dir.resolve("designs.csv"), table, grownLabels);
            Json.write(dir.resolve("summary.json"), summary);
            folder.commit();
            console.printf(Locale.ROOT, "%d rules designed; %d outside the training range (flagged in designs.csv)%s%n",
                    rules.size(), outside, summary.containsKey("success_rate") ? String.format(Locale.ROOT,
                            "; %.0f%% grew a %s pattern", 100 * (double) summary.get("success_rate"),
                            TuringExperiment.Group.of(targetFamily).label()) : "");
            console.println("results in " + folder.target());
        }
    }

    /**
     * designs.csv: the rule parameters, the target's index and whether the rule lies inside the training
     * range, and with --verify the family of the pattern the rule grew ("invalid" when it diverged).
     */
    private static void writeDesigns(Path file, double[][] table, List<String> grown) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", TuringData.RULE_NAMES))
                .append(",target,in_training_range").append(grown != null ? ",grown_family" : "").append('\n');
        for (int i = 0; i < table.length; i++) {
            double[] r = table[i];
            sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append(',')
                    .append((int) r[4]).append(',').append((int) r[5]);
            if (grown != null) {
                sb.append(',').append(grown.get(i));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
