package org.macronet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.experiment.OscillatorExperiment.DesignTarget;
import org.macronet.macro.EpochRecord;
import org.macronet.macro.TrainingResult;
import org.macronet.system.oscillator.HarmonicOscillator;

/** The report of a synthetic (but self-consistent) oscillator result: files, images and HTML. */
class OscillatorReportTest {
    private static final int TEST_PAIRS = 5000;
    private static final int EPOCHS = 30;

    @TempDir
    static Path dir;
    static OscillatorExperiment.Result result;
    static Path html;

    @BeforeAll
    static void writeReport() throws IOException {
        System.setProperty("java.awt.headless", "true");
        result = syntheticResult(11);
        html = OscillatorReport.write(result, dir);
    }

    /** A result whose macrostate is a noisy monotone function of the exact energy, as a good model's is. */
    static OscillatorExperiment.Result syntheticResult(long seed) {
        OscillatorExperiment.Options o = OscillatorExperiment.Options.defaults(seed);
        HarmonicOscillator osc = o.system().oscillator();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] energy = new double[TEST_PAIRS];
        double[] phase = new double[TEST_PAIRS];
        double[][] x = new double[TEST_PAIRS][];
        double[] mx = new double[TEST_PAIRS];
        double[] my = new double[TEST_PAIRS];
        for (int i = 0; i < TEST_PAIRS; i++) {
            energy[i] = o.system().energyMin() + (o.system().energyMax() - o.system().energyMin()) * rng.nextDouble();
            phase[i] = 2 * Math.PI * rng.nextDouble() - Math.PI;
            x[i] = osc.state(energy[i], phase[i]);
            mx[i] = -1.7 * Math.log(energy[i]) + 0.02 * (rng.nextDouble() - 0.5);
            my[i] = mx[i] + 0.01 * (rng.nextDouble() - 0.5);
        }
        List<DesignTarget> targets = new ArrayList<>();
        List<Map<String, Object>> perTarget = new ArrayList<>();
        for (double q : o.targetQuantiles()) {
            double eStar = 0.5 + 1.5 * q;
            double[][] designs = new double[o.designsPerTarget()][];
            double[] e = new double[designs.length];
            for (int i = 0; i < designs.length; i++) {
                designs[i] = osc.state(eStar * (1 + 0.04 * (rng.nextDouble() - 0.5)), 2 * Math.PI * rng.nextDouble());
                e[i] = osc.energy(designs[i][0], designs[i][1]);
            }
            targets.add(new DesignTarget(q, -1.7 * Math.log(eStar), eStar, designs, e, 0.01, 0.97));
            Map<String, Object> pt = new LinkedHashMap<>();
            pt.put("quantile", q);
            pt.put("macro", -1.7 * Math.log(eStar));
            pt.put("target_energy", eStar);
            pt.put("median_rel_err", 0.0123 + q / 100);
            pt.put("in_band_fraction", 0.97);
            perTarget.add(pt);
        }
        List<EpochRecord> history = new ArrayList<>();
        for (int ep = 0; ep < EPOCHS; ep++) {
            double match = Math.exp(-0.3 * ep);
            // A zero training match must not break the logarithmic panel.
            double trainMatch = ep == 5 ? 0 : 1.2 * match;
            double nll = 1.5 - 2.5 * (1 - Math.exp(-0.2 * ep));
            history.add(new EpochRecord(ep, Math.min(1, (ep + 1) / 10.0) * 30, 1e-3, 30 * trainMatch + 2 * nll,
                    trainMatch, 30 * match + 2 * nll, match, nll, nll + 0.05, 3.0, 0, ep * 0.5));
        }
        TrainingResult tr = new TrainingResult(history, EPOCHS - 3, false, 18000, 2000, 15.0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spearman_energy", 0.99876);
        m.put("spearman_energy_y", 0.99712);
        m.put("phase_corr_max", 0.0213);
        m.put("macro_match_rmse", 0.00456);
        m.put("design_median_rel_err", 0.0117);
        m.put("design_in_band_fraction", 0.973);
        m.put("design_temperature", 1.0);
        m.put("design_targets", perTarget);
        m.put("best_epoch", EPOCHS - 3);
        m.put("epochs_run", EPOCHS);
        m.put("train_seconds", 15.0);
        m.put("final_val_nll_x", Double.NaN);
        m.put("parameters", 12345L);
        return new OscillatorExperiment.Result(o, tr, energy, phase, x, mx, my, targets, m);
    }

    @Test
    void writesEveryChartAsANonBlankPngOfTheExpectedSize() throws IOException {
        Map<String, Integer> heights = Map.of(OscillatorReport.MACRO_VS_ENERGY, Charts.HEIGHT,
                OscillatorReport.PHASE_SPACE, Charts.HEIGHT, OscillatorReport.DESIGNS, Charts.HEIGHT,
                OscillatorReport.TRAINING, OscillatorReport.TRAINING_HEIGHT);
        for (Map.Entry<String, Integer> e : heights.entrySet()) {
            Path png = dir.resolve(e.getKey());
            assertThat(png).as(e.getKey()).isRegularFile();
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(e.getKey() + " decodes").isNotNull();
            assertThat(img.getWidth()).as(e.getKey()).isEqualTo(Charts.WIDTH);
            assertThat(img.getHeight()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(distinctColours(img)).as(e.getKey() + " colours").isGreaterThan(20);
            assertThat(nonWhiteFraction(img)).as(e.getKey() + " ink").isGreaterThan(0.02);
        }
    }

    @Test
    void phaseSpaceUsesBothEndsOfTheColourScale() throws IOException {
        BufferedImage img = ImageIO.read(dir.resolve(OscillatorReport.PHASE_SPACE).toFile());
        assertThat(hasColourNear(img, Viridis.at(0).getRGB())).as("dark purple (low m)").isTrue();
        assertThat(hasColourNear(img, Viridis.at(1).getRGB())).as("yellow (high m)").isTrue();
    }

    @Test
    void htmlReferencesEveryImageAndShowsTheMetrics() throws IOException {
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>MacroNet — harmonic oscillator</title>");
        for (String png : List.of(OscillatorReport.MACRO_VS_ENERGY, OscillatorReport.PHASE_SPACE,
                OscillatorReport.DESIGNS, OscillatorReport.TRAINING)) {
            assertThat(page).contains("<img src=\"" + png + "\"");
        }
        for (Map.Entry<String, Object> e : result.metrics().entrySet()) {
            if (e.getValue() instanceof Number n) {
                assertThat(page).as(e.getKey()).contains("<td>" + e.getKey() + "</td><td class=\"num\">"
                        + HtmlReport.format(n) + "</td>");
            }
        }
        assertThat(page).contains("0.9988", "12345", "NaN", "<th>target_energy</th>", "<th>median_rel_err</th>");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) result.metrics().get("design_targets");
        for (Map<String, Object> t : per) {
            assertThat(page).contains(HtmlReport.format(t.get("median_rel_err")),
                    HtmlReport.format(t.get("target_energy")));
        }
        assertThat(page).doesNotContain("design_targets</td>");
    }

    @Test
    void trainingCsvHasAHeaderAndOneRowPerEpoch() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(OscillatorReport.TRAINING_CSV));
        assertThat(lines).hasSize(EPOCHS + 1);
        assertThat(lines.get(0)).isEqualTo("epoch,lambda,learningRate,trainLoss,trainMatch,valLoss,valMatch,"
                + "valNllX,valNllY,maxGradNorm,skippedSteps,seconds");
        assertThat(lines.get(1).split(",")).hasSize(12).startsWith("0", "3.0");
    }

    @Test
    void ellipseIsTheExactOrbit() {
        HarmonicOscillator osc = new HarmonicOscillator(2.0, 0.5);
        Charts.Series s = OscillatorReport.ellipse("E=1.3", osc, 1.3, false);
        for (int i = 0; i < s.x().length; i++) {
            assertThat(osc.energy(s.x()[i], s.y()[i])).isCloseTo(1.3, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(s.x()[0]).isEqualTo(s.x()[s.x().length - 1]);
    }

    @Test
    void htmlEscapesTextAndRejectsImagePaths() {
        String page = new HtmlReport("a <b> & \"c\"").paragraph("x < y && 'z'").render();
        assertThat(page).contains("a &lt;b&gt; &amp; &quot;c&quot;", "x &lt; y &amp;&amp; &#39;z&#39;")
                .doesNotContain("<b>");
        assertThatThrownBy(() -> new HtmlReport("t").image("../x.png", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HtmlReport.format(0.998765)).isEqualTo("0.9988");
        assertThat(HtmlReport.format(3.0)).isEqualTo("3");
        assertThat(HtmlReport.format(1.5e-7)).isEqualTo("1.500e-07");
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }

    private static double nonWhiteFraction(BufferedImage img) {
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    ink++;
                }
            }
        }
        return ink / (double) (img.getWidth() * img.getHeight());
    }

    private static boolean hasColourNear(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                int d = Math.abs(((c >> 16) & 255) - ((rgb >> 16) & 255)) + Math.abs(((c >> 8) & 255) - ((rgb >> 8) & 255))
                        + Math.abs((c & 255) - (rgb & 255));
                if (d < 24) {
                    return true;
                }
            }
        }
        return false;
    }
}
