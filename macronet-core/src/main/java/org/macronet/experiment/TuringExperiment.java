package org.macronet.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.macronet.design.ParameterImportance;
import org.macronet.flow.ConvFlowSpec;
import org.macronet.flow.DenseFlowSpec;
import org.macronet.macro.ImageEncoderSpec;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingOptions;
import org.macronet.macro.TrainingResult;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;
import org.macronet.system.pattern.Morphology;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;
import org.macronet.system.reaction.BatchRunner;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SimulationResult;
import org.macronet.system.reaction.Sweep;
import org.macronet.system.reaction.SweepConfig;

/**
 * The Turing-pattern experiment of shared/METHOD.md §3: MacroNet between Gray–Scott rules
 * X = (F, k, Du/Dv, Dv) and the patterns Y they grow; family separation in macrostate space, inverse
 * design of rules for a reference pattern verified by simulation, and which rule parameters control
 * the pattern, cross-checked by finite differences in simulation.
 */
public final class TuringExperiment {
    /** Grown patterns kept per design target for the report. */
    public static final int SHOWN_DESIGNS = 8;
    /** Imagined patterns per reference and temperature (T, then T/2). */
    public static final int IMAGINED = 4;
    /** Fresh initial conditions each design reference's own rule is regrown from (the design's baseline). */
    public static final int OWN_RULE_SEEDS = 5;

    /** Design targets: the pattern families as the issue groups them. */
    public enum Group {
        UNIFORM("uniform"), SPOTS("spots"), STRIPES_OR_LABYRINTH("stripes/labyrinth");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The group of a morphology; diverged patterns belong to none (null). */
        public static Group of(Morphology m) {
            return switch (m) {
                case UNIFORM -> UNIFORM;
                case SPOTS -> SPOTS;
                case STRIPES, LABYRINTH -> STRIPES_OR_LABYRINTH;
                case DIVERGED -> null;
            };
        }
    }

    /**
     * @param sweep the data: a Gray–Scott sweep over F, k, Du and Dv
     * @param testFraction share of the samples held out of training (references, scoring)
     * @param model MacroNet (X dense, Y image); its seed is the run's seed
     * @param neighbours k of the k-nearest-neighbour vote
     * @param referencesPerGroup held-out reference patterns per target group
     * @param designsPerTarget rules designed (and simulated) per reference
     * @param temperature sampling temperature of the designs' noise coordinates
     * @param importanceTargets macrostates at which design spread is measured
     * @param importanceDesigns designs per importance target
     * @param probes rules at which finite differences are simulated
     * @param probeStep finite-difference step as a fraction of each parameter's range
     * @param threads simulation threads
     */
    public record Options(SweepConfig sweep, double testFraction, MacroNetConfig model, int neighbours,
            int referencesPerGroup, int designsPerTarget, double temperature, int importanceTargets,
            int importanceDesigns, int probes, double probeStep, int threads) {

        public Options {
            if (!(testFraction > 0 && testFraction < 0.5)) {
                throw new IllegalArgumentException("test fraction must lie in (0, 0.5), got " + testFraction);
            }
            if (neighbours < 1 || referencesPerGroup < 1 || designsPerTarget < 1 || importanceTargets < 1
                    || importanceDesigns < 2 || probes < 1 || threads < 1) {
                throw new IllegalArgumentException("counts must be positive (designs for importance >= 2)");
            }
            if (!(temperature > 0) || !(probeStep > 0 && probeStep < 0.5)) {
                throw new IllegalArgumentException("temperature must be > 0 and the probe step in (0, 0.5)");
            }
            if (model.dimX() != 4 || model.dimY() != sweep.size() * sweep.size()) {
                throw new IllegalArgumentException("the model must map 4 rule parameters to " + sweep.size() + "²-cell patterns");
            }
        }

        /**
         * Early-stop tolerance of the simulations (max |∂u/∂t|, |∂v/∂t|), the data's and the verifications'. On the
         * first 1 500 rules of seed 9's default sweep it left every pattern's family as after the full 10 000 steps
         * and every wavelength within 1 %; half of those rules stopped (722 of the 762 in the uniform state), after a
         * median of 800 steps, so the sweep ran 55 % of the steps.
         */
        public static final double STOP_TOLERANCE = 1e-5;

        /**
         * Grid side of the {@code --quick} preset (the demo's). A 32² pattern costs a quarter of a 64² one to simulate
         * and to train on, which buys twice the samples and epochs of the old 64² quick preset (1500, 20) in less
         * time. Measured (K = 3, seeds 1, 2, 3, 4 references per family): design success 0.793 / 0.855 / 0.862 and
         * knn 0.931 / 0.953 / 0.942 in 127–137 s, against 0.688 / 0.697 / 0.665 at 64². Patterns hold fewer
         * wavelengths, so a rule regrows its family less often (seed agreement 0.89 on seed 2, 0.965 at 64²).
         */
        public static final int QUICK_SIZE = 32;

        /**
         * Defaults of {@code macronet turing}: F ∈ [0.02, 0.065], k ∈ [0.05, 0.07], Du ∈ [0.16, 0.26],
         * Dv ∈ [0.08, 0.12] (uniform, spot, stripe and labyrinth regimes; about half uniform), 64² cells,
         * at most 10 000 steps, stopping early once the fields change slower than {@link #STOP_TOLERANCE}.
         * {@code quick} grows {@link #QUICK_SIZE}² patterns instead, 3000 of them.
         */
        public static Options defaults(long seed, boolean quick, int threads) {
            int samples = quick ? 3000 : 6000;
            int size = quick ? QUICK_SIZE : 64;
            Map<String, double[]> ranges = new LinkedHashMap<>();
            ranges.put("F", new double[] {0.02, 0.065});
            ranges.put("k", new double[] {0.05, 0.07});
            ranges.put("Du", new double[] {0.16, 0.26});
            ranges.put("Dv", new double[] {0.08, 0.12});
            GrayScott gs = new GrayScott();
            SweepConfig sweep = new SweepConfig(gs, gs.defaults(), ranges, samples, size, 10_000, Double.NaN, Double.NaN,
                    seed, STOP_TOLERANCE);
            return new Options(sweep, 0.15, defaultModel(seed, size), 10, 10, 50, 1.0, 8, 200,
                    quick ? 80 : 200, 0.05, threads);
        }

        /** Everything in JSON-ready form (the sweep as {@link SweepConfig#describe()}). */
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("sweep", sweep.describe());
            d.put("rule_columns", TuringData.RULE_NAMES);
            d.put("test_fraction", testFraction);
            d.put("model", model);
            d.put("neighbours", neighbours);
            d.put("references_per_family", referencesPerGroup);
            d.put("designs_per_target", designsPerTarget);
            d.put("temperature", temperature);
            d.put("importance_targets", importanceTargets);
            d.put("importance_designs", importanceDesigns);
            d.put("probes", probes);
            d.put("probe_step", probeStep);
            d.put("threads", threads);
            return d;
        }

        public Options withModel(MacroNetConfig m) {
            return new Options(sweep, testFraction, m, neighbours, referencesPerGroup, designsPerTarget, temperature,
                    importanceTargets, importanceDesigns, probes, probeStep, threads);
        }

        public Options withSweep(SweepConfig s) {
            return new Options(s, testFraction, model, neighbours, referencesPerGroup, designsPerTarget, temperature,
                    importanceTargets, importanceDesigns, probes, probeStep, threads);
        }
    }

    /**
     * The default macrostate dimension. Most uniform patterns (70 % of them in seed 9's data) are the non-trivial
     * homogeneous state, whose level varies smoothly with the rule; at k = 2 that level takes one coordinate, and
     * spots, stripes and labyrinths crowd together in the rest (20-NN purity of held-out spots 0.81 and stripes
     * 0.83, seed 5). With k = 3, design success rose on four of five runs (full preset seeds 5 and 6:
     * 0.773 → 0.818, 0.715 → 0.809; the 64² --quick of then, seeds 1, 2, 3: 0.642 → 0.688, 0.765 → 0.697,
     * 0.557 → 0.665).
     */
    public static final int MACRO_DIMS = 3;

    /**
     * The default model: dense rule encoder, multi-scale convolutional pattern encoder, k = {@link #MACRO_DIMS}.
     */
    public static MacroNetConfig defaultModel(long seed, int size) {
        return model(seed, size, true);
    }

    /**
     * The model with a multi-scale convolutional pattern encoder ({@code conv}) or, for the ablation, a dense
     * flow on the flattened pattern (same standardisation, noise and training).
     */
    public static MacroNetConfig model(long seed, int size, boolean conv) {
        return model(seed, size, conv, true);
    }

    /** As {@link #model(long, int, boolean)}, with the Haar start of the 1×1 convolutions or not. */
    public static MacroNetConfig model(long seed, int size, boolean conv, boolean haar) {
        DenseFlowSpec rule = DenseFlowSpec.defaults();
        DenseFlowSpec head = new DenseFlowSpec(4, 64, 2, 2f, "affine", "reverse", true);
        ConvFlowSpec flow = conv ? new ConvFlowSpec(4, 2, 32, 2f, head, haar) : null;
        DenseFlowSpec patternDense = conv ? rule : new DenseFlowSpec(8, 64, 2, 2f, "affine", "random", true);
        TrainingOptions t = new TrainingOptions(40, 64, 1e-3, 0.1, 300, 5, true, 0.1, 0, 100);
        return new MacroNetConfig(4, size * size, MACRO_DIMS, rule, patternDense, t, seed,
                new ImageEncoderSpec(1, size, size, flow, 0.1, true));
    }

    /** One reference pattern and the rules designed for its macrostate. */
    public record DesignTarget(Group group, int reference, double[] macro, double[][] rules, boolean[] inRange,
            Morphology[] grown, float[][] grownPatterns, double successRate) {}

    /** Everything the experiment measured; {@link #metrics()} is what metrics.json holds. */
    public record Result(Options options, TuringSystem system, TrainingResult training, TuringData data, int[] testRows,
            double[][] testMacroY, double[][] testMacroX, double[][] trainMacroY, int[] trainRows, List<DesignTarget> targets,
            double[][][] imagined, ParameterImportance importance, double[] importanceScore, double[] simulationScore,
            Map<String, Object> metrics) {}

    /** Progress of the parts that are not training. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** Progress of the data simulations. */
        default Sweep.Listener sweep() {
            return new Sweep.Listener() {};
        }

        /** Progress of training. */
        default TrainingListener training() {
            return TrainingListener.NONE;
        }

        /** A phase of the experiment begins, with the number of simulations it will run (0 if none). */
        default void phase(String name, int simulations) {}

        /** One simulation of the current phase finished. */
        default void simulated(int done, int total) {}
    }

    private TuringExperiment() {}

    /** Generates (or reuses) the data in {@code dataDir}, trains {@code net} and measures everything. */
    public static Result run(Options o, Path dataDir, MacroNet net, Listener listener) throws IOException {
        return run(o, dataDir, net, listener, null, false);
    }

    /**
     * As {@link #run(Options, Path, MacroNet, Listener)}, with a training checkpoint after every epoch in
     * {@code checkpointDir} (null: none), from which {@code resume} continues an interrupted run.
     */
    public static Result run(Options o, Path dataDir, MacroNet net, Listener listener, Path checkpointDir,
            boolean resume) throws IOException {
        long seed = o.model().seed();
        listener.phase("simulating the data", o.sweep().samples());
        TuringData data = TuringData.generate(o.sweep(), dataDir, o.threads(), listener.sweep());
        int n = data.rows();
        int nTest = Math.max(1, (int) Math.round(n * o.testFraction()));
        int[] order = Seeds.permutation(n, Seeds.stream(seed, "turing.split"));
        int[] testRows = Arrays.copyOfRange(order, 0, nTest);
        int[] trainRows = Arrays.copyOfRange(order, nTest, n);
        Arrays.sort(testRows);
        Arrays.sort(trainRows);
        double[][] trainX = rows(data.rules(), trainRows);
        double[][] trainY = rows(data.patterns(), trainRows);
        double[][] testX = rows(data.rules(), testRows);
        double[][] testY = rows(data.patterns(), testRows);

        listener.phase("training", 0);
        TrainingResult tr = new MacroNetTrainer(net).train(new org.macronet.data.PairedData(trainX, trainY),
                listener.training(), checkpointDir, resume);

        listener.phase("scoring", 0);
        double[][] mTrainY = net.encode(Side.Y, trainY);
        double[][] mTestY = net.encode(Side.Y, testY);
        double[][] mTestX = net.encode(Side.X, testX);
        Morphology[] trainFam = pick(data.families(), trainRows);
        Morphology[] testFam = pick(data.families(), testRows);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family_knn_accuracy", knnAccuracy(mTrainY, trainFam, mTestY, testFam, o.neighbours(), true));
        m.put("family_knn_accuracy_4_families", knnAccuracy(mTrainY, trainFam, mTestY, testFam, o.neighbours(), false));
        m.put("family_knn_accuracy_from_rule", knnAccuracy(mTrainY, trainFam, mTestX, testFam, o.neighbours(), true));
        m.put("family_knn_neighbours", o.neighbours());
        m.put("macro_match_rmse", rmse(mTestX, mTestY));

        // Inverse design for held-out reference patterns of each group, verified by simulation.
        double[] lo = new double[4];
        double[] hi = new double[4];
        for (int j = 0; j < 4; j++) {
            double[] c = Stats.column(trainX, j);
            lo[j] = Arrays.stream(c).min().orElseThrow();
            hi[j] = Arrays.stream(c).max().orElseThrow();
        }
        TuringSystem system = TuringSystem.of(o.sweep(), lo, hi);
        SplittableRandom refRng = Seeds.stream(seed, "turing.references");
        List<int[]> refs = new ArrayList<>();
        for (Group g : Group.values()) {
            int[] members = IntStream.range(0, nTest).filter(i -> Group.of(testFam[i]) == g).toArray();
            if (members.length == 0) {
                continue; // reported under design_missing_families
            }
            int[] perm = Seeds.permutation(members.length, refRng);
            for (int r = 0; r < Math.min(o.referencesPerGroup(), members.length); r++) {
                refs.add(new int[] {g.ordinal(), members[perm[r]]});
            }
        }
        Designs designed = designAndGrow(o, net, system, refs, mTestY, o.temperature(), "turing.design",
                "turing.design.sim", "simulating the designs", listener, true);
        List<double[][]> designs = designed.rules();
        List<PatternDescriptors> grown = designed.grown();
        List<float[]> grownFields = designed.fields();
        List<DesignTarget> targets = new ArrayList<>();
        Map<String, Object> byGroup = new LinkedHashMap<>();
        int at = 0;
        double outOfRange = 0;
        for (int t = 0; t < refs.size(); t++) {
            Group g = Group.values()[refs.get(t)[0]];
            double[][] rules = designs.get(t);
            boolean[] in = new boolean[rules.length];
            Morphology[] fam = new Morphology[rules.length];
            int ok = 0;
            float[][] shown = new float[Math.min(SHOWN_DESIGNS, rules.length)][];
            for (int i = 0; i < rules.length; i++, at++) {
                if (i < shown.length) {
                    shown[i] = grownFields.get(at);
                }
                in[i] = system.inRange(rules[i]);
                outOfRange += in[i] ? 0 : 1;
                PatternDescriptors d = grown.get(at);
                fam[i] = d == null ? null : d.morphology();
                ok += fam[i] != null && Group.of(fam[i]) == g ? 1 : 0;
            }
            targets.add(new DesignTarget(g, testRows[refs.get(t)[1]], mTestY[refs.get(t)[1]], rules, in, fam, shown,
                    ok / (double) rules.length));
        }
        List<String> missing = new ArrayList<>();
        for (Group g : Group.values()) {
            double[] rates = targets.stream().filter(t -> t.group() == g).mapToDouble(DesignTarget::successRate).toArray();
            if (rates.length == 0) {
                missing.add(g.label());
            } else {
                byGroup.put(g.label(), Stats.mean(rates));
            }
        }
        if (byGroup.isEmpty()) {
            throw new IllegalStateException("no held-out pattern of any family to design for: too few samples");
        }
        m.put("design_success_rate", meanOverFamilies(byGroup));
        m.put("design_success_by_family", byGroup);
        putDesignBaselines(m, o, system, refs, testRows, data, trainFam, targets, listener);
        m.put("design_missing_families", missing);
        m.put("design_out_of_range_fraction", outOfRange / grown.size());
        m.put("design_invalid_fraction", grown.stream().filter(d -> d == null).count() / (double) grown.size());
        m.put("design_temperature", o.temperature());
        m.put("designs_per_target", o.designsPerTarget());
        m.put("design_references_per_family", o.referencesPerGroup());
        // The same references at half the temperature (z ~ N(0, 0.25·I)): designs nearer the middle of each
        // macrostate's fibre, away from its tails (shared/METHOD.md's documented option, reported separately).
        Map<String, Object> cool = designSuccessAt(o, net, system, refs, mTestY, 0.5 * o.temperature(), listener);
        m.put("design_success_rate_half_temperature", cool.get("rate"));
        m.put("design_success_by_family_half_temperature", cool.get("by_family"));

        // Imagined patterns: F_Y⁻¹ at each reference's macrostate.
        double[][][] imagined = new double[refs.size()][][];
        SplittableRandom imagineRng = Seeds.stream(seed, "turing.imagine");
        for (int t = 0; t < refs.size(); t++) {
            double[] macro = targets.get(t).macro();
            double[][] hot = net.design(Side.Y, macro, IMAGINED, o.temperature(), imagineRng);
            double[][] cooler = net.design(Side.Y, macro, IMAGINED, 0.5 * o.temperature(), imagineRng);
            imagined[t] = java.util.stream.Stream.concat(Arrays.stream(hot), Arrays.stream(cooler))
                    .toArray(double[][]::new);
        }

        // Which rule parameters control the pattern: from the model, and by finite differences in simulation.
        SplittableRandom impRng = Seeds.stream(seed, "turing.importance");
        double[][] impTargets = new double[o.importanceTargets()][];
        int[] impPerm = Seeds.permutation(nTest, impRng);
        for (int i = 0; i < impTargets.length; i++) {
            impTargets[i] = mTestY[impPerm[i % nTest]];
        }
        ParameterImportance imp = ParameterImportance.measure(net, Side.X, trainX, impTargets, o.importanceDesigns(),
                o.temperature(), impRng);
        double[] score = new double[4];
        double pinnedSum = Arrays.stream(imp.pinned()).map(v -> Math.max(0, v)).sum();
        for (int j = 0; j < 4; j++) {
            score[j] = 0.5 * (pinnedSum > 0 ? Math.max(0, imp.pinned()[j]) / pinnedSum : 0) + 0.5 * imp.gradient()[j];
        }
        double[] simScore = finiteDifferences(o, system, testX, listener, m);
        m.put("importance", importanceMap(imp, score, simScore, ((Number) m.get("probes")).intValue()));
        m.put("importance_vs_simulation_spearman", Stats.spearman(score, simScore));
        m.put("importance_vs_simulation_spearman_spread", Stats.spearman(imp.pinned(), simScore));
        m.put("importance_vs_simulation_spearman_gradient", Stats.spearman(imp.gradient(), simScore));

        m.put("samples", n);
        m.put("train_samples", trainRows.length);
        m.put("test_samples", nTest);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Morphology f : Morphology.values()) {
            counts.put(f.label(), Arrays.stream(data.families()).filter(x -> x == f).count());
        }
        m.put("family_counts", counts);
        m.putAll(tr.summary());
        m.put("parameters", net.parameterCount());
        return new Result(o, system, tr, data, testRows, mTestY, mTestX, mTrainY, trainRows, targets, imagined, imp,
                score, simScore, m);
    }

    /**
     * What the design success compares with. Chance: a rule drawn from the training data grows each group with the
     * group's share of the training patterns. The references' own rules: each reference's rule regrown from
     * {@link #OWN_RULE_SEEDS} fresh initial conditions; a reference that its own rule rarely grows again (a rule
     * near a family boundary, or one whose family depends on the initial condition) is a target no rule grows
     * reliably, so this rate is what knowing the true rule achieves. Per reference: the design success and the
     * own rule's, to show whether failures gather on a few references.
     */
    private static void putDesignBaselines(Map<String, Object> m, Options o, TuringSystem system, List<int[]> refs,
            int[] testRows, TuringData data, Morphology[] trainFam, List<DesignTarget> targets, Listener listener) {
        long seed = o.model().seed();
        Map<String, Object> chance = new LinkedHashMap<>();
        for (Group g : Group.values()) {
            if (refs.stream().anyMatch(r -> r[0] == g.ordinal())) {
                chance.put(g.label(), Arrays.stream(trainFam).filter(f -> Group.of(f) == g).count()
                        / (double) trainFam.length);
            }
        }
        m.put("design_success_chance", meanOverFamilies(chance));
        m.put("design_success_chance_by_family", chance);
        List<SimulationConfig> sims = new ArrayList<>();
        for (int[] ref : refs) {
            double[] rule = data.rules()[testRows[ref[1]]];
            for (int i = 0; i < OWN_RULE_SEEDS; i++) {
                sims.add(system.simulation(rule, Seeds.stream(seed, "turing.design.own.sim", sims.size()).nextLong()));
            }
        }
        listener.phase("regrowing the references' own rules", sims.size());
        List<PatternDescriptors> grown = simulateAll(sims, o.threads(), listener, null);
        Map<Group, double[]> own = new java.util.EnumMap<>(Group.class);
        List<Map<String, Object>> perReference = new ArrayList<>();
        for (int t = 0; t < refs.size(); t++) {
            Group g = Group.values()[refs.get(t)[0]];
            int ok = 0;
            for (int i = 0; i < OWN_RULE_SEEDS; i++) {
                PatternDescriptors d = grown.get(t * OWN_RULE_SEEDS + i);
                ok += d != null && Group.of(d.morphology()) == g ? 1 : 0;
            }
            double rate = ok / (double) OWN_RULE_SEEDS;
            double[] sum = own.computeIfAbsent(g, x -> new double[2]);
            sum[0] += rate;
            sum[1]++;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("family", g.label());
            e.put("sample", targets.get(t).reference());
            e.put("design_success", targets.get(t).successRate());
            e.put("own_rule_success", rate);
            perReference.add(e);
        }
        Map<String, Object> ownByFamily = familyMeans(own);
        m.put("design_success_own_rule", meanOverFamilies(ownByFamily));
        m.put("design_success_own_rule_by_family", ownByFamily);
        m.put("design_own_rule_seeds", OWN_RULE_SEEDS);
        m.put("design_success_by_reference", perReference);
    }

    /** Each group's {sum, count} as label → sum / count, in the groups' order. */
    private static Map<String, Object> familyMeans(Map<Group, double[]> sums) {
        Map<String, Object> out = new LinkedHashMap<>();
        sums.forEach((g, sum) -> out.put(g.label(), sum[0] / sum[1]));
        return out;
    }

    /** The mean of a label → rate map's rates (NaN when empty). */
    private static double meanOverFamilies(Map<String, Object> byFamily) {
        return byFamily.values().stream().mapToDouble(v -> (Double) v).average().orElse(Double.NaN);
    }

    /** Rules designed for each reference (in order), the patterns they grew (null: invalid) and their fields. */
    private record Designs(List<double[][]> rules, List<PatternDescriptors> grown, List<float[]> fields) {}

    /**
     * Designs {@link Options#designsPerTarget()} rules at each reference's pattern macrostate with temperature T
     * (noise from the seed's stream {@code stream}) and grows each from its own initial condition (stream
     * {@code simStream}, one per design).
     *
     * @param keepFields whether to keep the grown fields (for the report); null fields otherwise
     */
    private static Designs designAndGrow(Options o, MacroNet net, TuringSystem system, List<int[]> refs,
            double[][] mTestY, double temperature, String stream, String simStream, String phase, Listener listener,
            boolean keepFields) {
        long seed = o.model().seed();
        SplittableRandom rng = Seeds.stream(seed, stream);
        List<double[][]> rules = new ArrayList<>();
        List<SimulationConfig> sims = new ArrayList<>();
        for (int[] ref : refs) {
            double[][] r = net.design(Side.X, mTestY[ref[1]], o.designsPerTarget(), temperature, rng);
            rules.add(r);
            for (double[] rule : r) {
                sims.add(system.simulation(rule, Seeds.stream(seed, simStream, sims.size()).nextLong()));
            }
        }
        listener.phase(phase, sims.size());
        List<float[]> fields = keepFields ? new ArrayList<>() : null;
        return new Designs(rules, simulateAll(sims, o.threads(), listener, fields), fields);
    }

    /** Success of designs at another temperature for the same references: {"rate", "by_family"}. */
    private static Map<String, Object> designSuccessAt(Options o, MacroNet net, TuringSystem system, List<int[]> refs,
            double[][] mTestY, double temperature, Listener listener) {
        List<PatternDescriptors> grown = designAndGrow(o, net, system, refs, mTestY, temperature,
                "turing.design.t" + temperature, "turing.design.t.sim",
                "simulating the designs at temperature " + temperature, listener, false).grown();
        Map<Group, double[]> okAndCount = new java.util.EnumMap<>(Group.class);
        for (int t = 0; t < refs.size(); t++) {
            Group g = Group.values()[refs.get(t)[0]];
            double[] c = okAndCount.computeIfAbsent(g, x -> new double[2]);
            for (int i = 0; i < o.designsPerTarget(); i++) {
                PatternDescriptors d = grown.get(t * o.designsPerTarget() + i);
                c[0] += d != null && Group.of(d.morphology()) == g ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, Object> byFamily = familyMeans(okAndCount);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate", meanOverFamilies(byFamily));
        out.put("by_family", byFamily);
        return out;
    }

    /**
     * How often a small change of each rule parameter changes the grown pattern: at {@code probes} held-out
     * rules, parameter j is moved by ±probeStep of its range (the sign alternates; the step is mirrored when
     * it would leave the range), and both rules are grown from the same initial condition. A change counts
     * when the family group differs, or both are patterned and the wavelength moves by more than 5 %. Each
     * probe rule is also grown from a second initial condition, which measures family_seed_agreement.
     */
    static double[] finiteDifferences(Options o, TuringSystem system, double[][] testX, Listener listener,
            Map<String, Object> metrics) {
        double[] lo = system.ruleMin();
        double[] hi = system.ruleMax();
        long seed = o.model().seed();
        SplittableRandom rng = Seeds.stream(seed, "turing.probes");
        int[] perm = Seeds.permutation(testX.length, rng);
        int probes = Math.min(o.probes(), testX.length);
        int per = 6; // base, 4 moved, base from another initial condition
        List<SimulationConfig> sims = new ArrayList<>();
        for (int p = 0; p < probes; p++) {
            double[] base = testX[perm[p]];
            long s = Seeds.stream(seed, "turing.probe.sim", p).nextLong();
            sims.add(system.simulation(base, s));
            for (int j = 0; j < 4; j++) {
                double[] moved = base.clone();
                double step = o.probeStep() * (hi[j] - lo[j]) * (p % 2 == 0 ? 1 : -1);
                if (moved[j] + step > hi[j] || moved[j] + step < lo[j]) {
                    step = -step;
                }
                moved[j] += step;
                sims.add(system.simulation(moved, s));
            }
            sims.add(system.simulation(base, Seeds.stream(seed, "turing.probe.sim2", p).nextLong()));
        }
        listener.phase("finite differences in simulation", sims.size());
        List<PatternDescriptors> d = simulateAll(sims, o.threads(), listener, null);
        double[] changed = new double[4];
        int sameFamily = 0;
        Map<Group, int[]> sameByGroup = new java.util.EnumMap<>(Group.class);
        for (int p = 0; p < probes; p++) {
            PatternDescriptors base = d.get(per * p);
            for (int j = 0; j < 4; j++) {
                PatternDescriptors moved = d.get(per * p + 1 + j);
                changed[j] += differs(base, moved) ? 1.0 / probes : 0;
            }
            PatternDescriptors other = d.get(per * p + 5);
            boolean same = base != null && other != null && Group.of(base.morphology()) == Group.of(other.morphology());
            sameFamily += same ? 1 : 0;
            if (base != null && Group.of(base.morphology()) != null) {
                int[] c = sameByGroup.computeIfAbsent(Group.of(base.morphology()), g -> new int[2]);
                c[0] += same ? 1 : 0;
                c[1]++;
            }
        }
        // How reproducible a rule's family is from another random initial condition: a ceiling for anything
        // that predicts the family from the rule (design success, the rule side's k-NN accuracy), overall and
        // by the family the first initial condition grew.
        metrics.put("family_seed_agreement", sameFamily / (double) probes);
        Map<String, Object> agreement = new LinkedHashMap<>();
        sameByGroup.forEach((g, c) -> agreement.put(g.label(), c[0] / (double) c[1]));
        metrics.put("family_seed_agreement_by_family", agreement);
        metrics.put("probes", probes);
        metrics.put("probe_step", o.probeStep());
        return changed;
    }

    private static boolean differs(PatternDescriptors a, PatternDescriptors b) {
        if (a == null || b == null) {
            return a != b;
        }
        if (Group.of(a.morphology()) != Group.of(b.morphology())) {
            return true;
        }
        return a.patterned() && b.patterned()
                && Math.abs(a.wavelength() - b.wavelength()) > 0.05 * a.wavelength();
    }

    /** Simulates the configurations (null = invalid rule, gives null) and describes each grown v-field. */
    public static List<PatternDescriptors> simulateAll(List<SimulationConfig> sims, int threads, Listener listener,
            List<float[]> fields) {
        int total = sims.size();
        int[] done = {0};
        try (BatchRunner runner = new BatchRunner(threads)) {
            List<Object[]> out = runner.map(total, i -> {
                SimulationConfig c = sims.get(i);
                if (c == null) {
                    return new Object[] {null, null};
                }
                SimulationResult r = org.macronet.system.reaction.ExplicitEulerSimulator.run(c);
                return new Object[] {PatternAnalyzer.describe(r.v(), r.size()), r.v()};
            }, (i, r) -> {
                synchronized (done) {
                    listener.simulated(++done[0], total);
                }
            });
            List<PatternDescriptors> d = new ArrayList<>();
            for (Object[] r : out) {
                d.add((PatternDescriptors) r[0]);
                if (fields != null) {
                    fields.add((float[]) r[1]);
                }
            }
            return d;
        }
    }

    private static Map<String, Object> importanceMap(ParameterImportance imp, double[] score, double[] sim,
            int probes) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int j = 0; j < 4; j++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("score", score[j]);
            e.put("pinned_by_macrostate", imp.pinned()[j]);
            e.put("design_spread", imp.spread()[j]);
            e.put("mean_abs_gradient_share", imp.gradient()[j]);
            e.put("simulation_change_rate", sim[j]);
            e.put("simulation_change_rate_se", Math.sqrt(sim[j] * (1 - sim[j]) / probes));
            out.put(TuringData.RULE_NAMES.get(j), e);
        }
        return out;
    }

    /**
     * Accuracy of a k-nearest-neighbour vote (Euclidean, in macrostate space) of the reference rows'
     * families at predicting the query rows' families; families grouped as the design targets are
     * ({@link Group}) when {@code grouped}, the engine's four families otherwise. Ties go to the
     * nearest neighbour's family among the tied ones.
     */
    public static double knnAccuracy(double[][] refMacro, Morphology[] refFamily, double[][] queryMacro,
            Morphology[] queryFamily, int k, boolean grouped) {
        int correct = 0;
        Integer[] idx = IntStream.range(0, refMacro.length).boxed().toArray(Integer[]::new);
        for (int q = 0; q < queryMacro.length; q++) {
            double[] mq = queryMacro[q];
            double[] dist = new double[refMacro.length];
            for (int i = 0; i < refMacro.length; i++) {
                double s = 0;
                for (int j = 0; j < mq.length; j++) {
                    double dd = refMacro[i][j] - mq[j];
                    s += dd * dd;
                }
                dist[i] = s;
            }
            Integer[] sorted = idx.clone();
            Arrays.sort(sorted, Comparator.comparingDouble(i -> dist[i]));
            Map<Object, Integer> votes = new LinkedHashMap<>();
            for (int r = 0; r < Math.min(k, sorted.length); r++) {
                Object label = grouped ? Group.of(refFamily[sorted[r]]) : refFamily[sorted[r]];
                votes.merge(String.valueOf(label), 1, Integer::sum);
            }
            int best = votes.values().stream().max(Integer::compare).orElseThrow();
            Object winner = votes.entrySet().stream().filter(e -> e.getValue() == best).findFirst().orElseThrow().getKey();
            Object truth = grouped ? Group.of(queryFamily[q]) : queryFamily[q];
            correct += winner.equals(String.valueOf(truth)) ? 1 : 0;
        }
        return correct / (double) queryMacro.length;
    }

    private static double rmse(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
            }
        }
        return Math.sqrt(s / a.length);
    }

    static double[][] rows(double[][] t, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = t[idx[i]];
        }
        return out;
    }

    private static Morphology[] pick(Morphology[] f, int[] idx) {
        Morphology[] out = new Morphology[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = f[idx[i]];
        }
        return out;
    }
}
