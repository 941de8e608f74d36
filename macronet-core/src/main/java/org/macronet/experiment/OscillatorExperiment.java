package org.macronet.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingOptions;
import org.macronet.macro.TrainingResult;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;
import org.macronet.system.oscillator.OscillatorPairs;

/**
 * The harmonic-oscillator experiment of shared/METHOD.md §3: learn the macrostate of pairs of
 * states a random lag apart, score it against the exact energy, and design states on a target
 * energy ellipse.
 */
public final class OscillatorExperiment {

    /**
     * @param pairs training + validation pairs
     * @param testPairs held-out pairs for scoring
     * @param system how pairs are generated
     * @param model MacroNet architecture and training (its seed is the run's seed)
     * @param designsPerTarget designs drawn per target macrostate
     * @param targetQuantiles quantiles of the held-out macrostates used as targets
     * @param neighbours held-out pairs nearest a target whose median energy defines E*
     * @param temperature sampling temperature of the designs' noise coordinates
     */
    public record Options(int pairs, int testPairs, OscillatorPairs system, MacroNetConfig model,
            int designsPerTarget, double[] targetQuantiles, int neighbours, double temperature) {

        public Options {
            if (pairs < 16) {
                throw new IllegalArgumentException("need at least 16 training pairs, got " + pairs);
            }
            if (testPairs < neighbours) {
                throw new IllegalArgumentException("need at least " + neighbours + " test pairs, got " + testPairs);
            }
            if (designsPerTarget < 1) {
                throw new IllegalArgumentException("designs per target must be >= 1, got " + designsPerTarget);
            }
            for (double q : targetQuantiles) {
                if (!(q > 0 && q < 1)) {
                    throw new IllegalArgumentException("target quantiles must lie in (0, 1), got " + q);
                }
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            }
        }

        /** Defaults of `macronet oscillator`. */
        public static Options defaults(long seed) {
            MacroNetConfig model = new MacroNetConfig(2, 2, 1, DenseFlowSpec.defaults(), DenseFlowSpec.defaults(),
                    TrainingOptions.defaults(), seed);
            return new Options(20000, 5000, OscillatorPairs.defaults(), model, 200,
                    new double[] {0.1, 0.3, 0.5, 0.7, 0.9}, 50, 1.0);
        }

        public Options withModel(MacroNetConfig m) {
            return new Options(pairs, testPairs, system, m, designsPerTarget, targetQuantiles, neighbours, temperature);
        }

        public Options withPairs(int p) {
            return new Options(p, testPairs, system, model, designsPerTarget, targetQuantiles, neighbours, temperature);
        }

        public Options withSystem(OscillatorPairs s) {
            return new Options(pairs, testPairs, s, model, designsPerTarget, targetQuantiles, neighbours, temperature);
        }

        public Options withTemperature(double t) {
            return new Options(pairs, testPairs, system, model, designsPerTarget, targetQuantiles, neighbours, t);
        }
    }

    /** Designs for one target macrostate. */
    public record DesignTarget(double quantile, double macro, double targetEnergy, double[][] designs,
            double[] energies, double medianRelErr, double inBandFraction) {}

    /** Everything the experiment measured; {@link #metrics()} is what metrics.json holds. */
    public record Result(Options options, TrainingResult training, double[] testEnergy, double[] testPhase,
            double[][] testX, double[] testMacroX, double[] testMacroY, List<DesignTarget> targets,
            Map<String, Object> metrics) {}

    private OscillatorExperiment() {}

    /** Runs the experiment; the trained model is left in {@code net} (built from options.model()). */
    public static Result run(Options o, MacroNet net, TrainingListener listener) {
        long seed = o.model().seed();
        OscillatorPairs.Sample train = o.system().sample(o.pairs(), seed);
        OscillatorPairs.Sample test = o.system().sample(o.testPairs(), Seeds.stream(seed, "test").nextLong());
        TrainingResult tr = new MacroNetTrainer(net).train(train.data(), listener);

        double[] mx = Stats.column(net.encode(Side.X, test.data().x()), 0);
        double[] my = Stats.column(net.encode(Side.Y, test.data().y()), 0);
        double rhoX = Math.abs(Stats.spearman(mx, test.energy()));
        double rhoY = Math.abs(Stats.spearman(my, test.energy()));
        double[] cos = Arrays.stream(test.phaseX()).map(Math::cos).toArray();
        double[] sin = Arrays.stream(test.phaseX()).map(Math::sin).toArray();
        double phaseCorr = Math.max(Math.abs(Stats.pearson(mx, cos)), Math.abs(Stats.pearson(mx, sin)));
        double[] diff = new double[mx.length];
        for (int i = 0; i < mx.length; i++) {
            diff[i] = mx[i] - my[i];
        }

        SplittableRandom designRng = Seeds.stream(seed, "design");
        List<DesignTarget> targets = new ArrayList<>();
        List<Double> allErr = new ArrayList<>();
        for (double q : o.targetQuantiles()) {
            double mStar = Stats.percentile(mx, q * 100);
            double eStar = Stats.median(nearestEnergies(mx, test.energy(), mStar, o.neighbours()));
            double[][] designs = net.design(Side.X, new double[] {mStar}, o.designsPerTarget(), o.temperature(),
                    designRng);
            double[] energies = new double[designs.length];
            double[] rel = new double[designs.length];
            for (int i = 0; i < designs.length; i++) {
                energies[i] = o.system().energyOf(designs[i]);
                rel[i] = Math.abs(energies[i] - eStar) / eStar;
                allErr.add(rel[i]);
            }
            targets.add(new DesignTarget(q, mStar, eStar, designs, energies, Stats.median(rel), inBand(rel)));
        }
        double[] err = allErr.stream().mapToDouble(Double::doubleValue).toArray();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spearman_energy", rhoX);
        m.put("spearman_energy_y", rhoY);
        m.put("phase_corr_max", phaseCorr);
        m.put("macro_match_rmse", Math.sqrt(Arrays.stream(diff).map(d -> d * d).average().orElse(Double.NaN)));
        m.put("design_median_rel_err", Stats.median(err));
        m.put("design_in_band_fraction", inBand(err));
        m.put("design_mean_rel_err", Stats.mean(err));
        m.put("design_p90_rel_err", Stats.percentile(err, 90));
        m.put("design_max_rel_err", Arrays.stream(err).max().orElse(Double.NaN));
        m.put("design_temperature", o.temperature());
        List<Map<String, Object>> per = new ArrayList<>();
        for (DesignTarget t : targets) {
            Map<String, Object> pt = new LinkedHashMap<>();
            pt.put("quantile", t.quantile());
            pt.put("macro", t.macro());
            pt.put("target_energy", t.targetEnergy());
            pt.put("median_rel_err", t.medianRelErr());
            pt.put("in_band_fraction", t.inBandFraction());
            per.add(pt);
        }
        m.put("design_targets", per);
        m.putAll(tr.summary());
        m.put("parameters", net.parameterCount());
        return new Result(o, tr, test.energy(), test.phaseX(), test.data().x(), mx, my, targets, m);
    }

    private static double inBand(double[] rel) {
        return Arrays.stream(rel).filter(r -> r <= 0.05).count() / (double) rel.length;
    }

    /** Energies of the n held-out pairs whose macrostate is nearest {@code target}. */
    static double[] nearestEnergies(double[] macro, double[] energy, double target, int n) {
        Integer[] idx = IntStream.range(0, macro.length).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.comparingDouble(i -> Math.abs(macro[i] - target)));
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = energy[idx[i]];
        }
        return e;
    }
}
