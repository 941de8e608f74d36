package org.macronet.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.macronet.data.PairedData;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingResult;
import org.macronet.random.Seeds;

/**
 * Finds out whether, and in how many coordinates, two observations share a macrostate.
 *
 * <p>The pairs are split once: the held-out part (see {@link Options#heldOutFraction()}) is never
 * trained on, nor used to pick a training epoch, and every piece of evidence is computed on it. The
 * number K of macrostate coordinates is searched upwards: for K = 1, 2, … a short training at K,
 * then a permutation test of every coordinate on the held-out pairs ({@link Evidence}); K is accepted
 * when every one of its coordinates is shared, and the search stops at the first K that is not (or at
 * the largest K the data allow). The answer is the largest accepted K, or none (0) when K = 1 already
 * fails: then X and Y show no shared macrostate at the chosen significance. The test at K = 1 is the
 * only one that separates "none" from a macrostate, and it is exact on held-out pairs: when X and Y
 * share nothing, a macrostate is reported with probability at most alpha (measured: "none" in 30 of 30
 * negative-control runs).
 */
public final class MacroDiscovery {
    private MacroDiscovery() {}

    /**
     * @param maxK largest K tried (also bounded by each side's dimension − 1), ≥ 1
     * @param searchEpochs epochs of each short training of the search, ≥ 1
     * @param heldOutFraction share of the pairs held out for evidence, in (0, 0.5]
     * @param evidence thresholds of the tests
     */
    public record Options(int maxK, int searchEpochs, double heldOutFraction, EvidenceOptions evidence) {
        public Options {
            if (maxK < 1) {
                throw new IllegalArgumentException("largest K must be >= 1, got " + maxK);
            }
            if (searchEpochs < 1) {
                throw new IllegalArgumentException("search epochs must be >= 1, got " + searchEpochs);
            }
            if (!(heldOutFraction > 0 && heldOutFraction <= 0.5)) {
                throw new IllegalArgumentException("held-out fraction must be in (0, 0.5], got " + heldOutFraction);
            }
            java.util.Objects.requireNonNull(evidence, "evidence");
        }

        public static Options defaults() {
            return new Options(4, 32, 0.1, EvidenceOptions.defaults());
        }
    }

    /** The pairs trained on (training and validation) and the pairs held out for evidence. */
    public record Split(PairedData fit, PairedData heldOut) {}

    /**
     * Splits the pairs by a permutation from (seed, "evidence-split"): max(fraction·N, min(200, N/4)) rows
     * held out, the rest to fit.
     */
    public static Split split(PairedData data, long seed, double heldOutFraction) {
        int n = data.rows();
        int held = (int) Math.max(Math.round(n * heldOutFraction), Math.min(200, n / 4));
        int[] order = Seeds.permutation(n, Seeds.stream(seed, "evidence-split"));
        // Sorted so that the fitted rows keep their file order (the trainer shuffles them itself).
        int[] fit = Arrays.copyOfRange(order, held, n);
        int[] out = Arrays.copyOfRange(order, 0, held);
        Arrays.sort(fit);
        Arrays.sort(out);
        return new Split(data.select(fit), data.select(out));
    }

    /**
     * One step of the K search.
     *
     * @param k macrostate dimension trained
     * @param evidence its evidence on the held-out pairs
     * @param valMatch validation mismatch of its kept epoch (trainer's validation split)
     * @param seconds training time
     */
    public record Trial(int k, MacrostateEvidence evidence, double valMatch, double seconds) {
        public boolean accepted() {
            return evidence.allShared();
        }
    }

    /**
     * What the K search found.
     *
     * @param trials every K tried, in order
     * @param k the chosen K, 0 = no shared macrostate
     * @param largestTried the largest K the data allowed trying
     */
    public record Search(List<Trial> trials, int k, int largestTried) {
        public boolean none() {
            return k == 0;
        }

        /** The trial of K = 1 (what the answer "none" rests on). */
        public Trial first() {
            return trials.get(0);
        }
    }

    /**
     * The outcome of a search with the model the full training at the chosen K starts from: the short
     * training at K − 1 (the one {@link #growTo} gives), null when K is 1 or none.
     */
    public record Outcome(Search search, MacroNet model) implements AutoCloseable {
        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
        }
    }

    /**
     * Searches K upwards from 1 on {@code split}. Each step is a short training (its epochs replaced by
     * {@link Options#searchEpochs()}, no screening) of the configuration {@code configForK} gives, started
     * from the weights of the step before: the networks do not depend on K, so the model at K + 1 keeps the
     * K coordinates already found and has only to make one more agree. Trained from scratch instead, short
     * runs lost an invariant already found (measured on two oscillators: at K = 2, 20 epochs from scratch
     * left m1 unshared, Spearman −0.02).
     *
     * <p>The full training of the chosen K then starts where {@code train --macro-dims K} starts, from the
     * short training at K − 1 (see {@link #growTo}), so an automatic K gives the same model as that K given:
     * continuing the short training at K itself lowered the oscillator's |Spearman| with the energy from
     * 0.9995 to 0.9981 (seed 1).
     *
     * @param listenerForK progress of the training at each K
     */
    public static Outcome searchK(Split split, IntFunction<MacroNetConfig> configForK, Options options,
            IntFunction<TrainingListener> listenerForK) {
        int dx = split.fit().dimX();
        int dy = split.fit().dimY();
        int largest = Math.min(options.maxK(), Math.min(dx, dy) - 1);
        List<Trial> trials = new ArrayList<>();
        MacroNet accepted = null;
        MacroNet beforeAccepted = null;
        try {
            for (int k = 1; k <= largest; k++) {
                Staged st = stage(split.fit(), configForK.apply(k), accepted, options, listenerForK.apply(k));
                MacroNet net = st.net();
                MacrostateEvidence e = evidence(net, split.heldOut(), options.evidence(), net.config().seed());
                Trial t = new Trial(k, e, st.result().best().valMatch(), st.result().seconds());
                trials.add(t);
                if (!t.accepted()) {
                    net.close();
                    break;
                }
                if (beforeAccepted != null) {
                    beforeAccepted.close();
                }
                beforeAccepted = accepted;
                accepted = net;
            }
        } catch (RuntimeException e) {
            closeAll(accepted, beforeAccepted);
            throw e;
        }
        int chosen = accepted == null ? 0 : accepted.macroDims();
        closeAll(accepted);
        return new Outcome(new Search(trials, chosen, largest), beforeAccepted);
    }

    private static void closeAll(MacroNet... nets) {
        for (MacroNet n : nets) {
            if (n != null) {
                n.close();
            }
        }
    }

    /**
     * The short trainings that lead up to a model with {@code k} coordinates, as in {@link #searchK} but
     * without tests: K = 1, …, k − 1, each started from the one before. Null for k = 1 (nothing to grow from).
     */
    public static MacroNet growTo(PairedData fit, IntFunction<MacroNetConfig> configForK, int k, Options options,
            IntFunction<TrainingListener> listenerForK) {
        MacroNet previous = null;
        for (int j = 1; j < k; j++) {
            MacroNet net = stage(fit, configForK.apply(j), previous, options, listenerForK.apply(j)).net();
            if (previous != null) {
                previous.close();
            }
            previous = net;
        }
        return previous;
    }

    private record Staged(MacroNet net, TrainingResult result) {}

    private static Staged stage(PairedData fit, MacroNetConfig config, MacroNet from, Options options,
            TrainingListener listener) {
        // Stages are short fixed cosine schedules, whatever budget the final training follows.
        MacroNetConfig c = config.withTraining(
                config.training().withEpochs(options.searchEpochs()).withScreening(1, 1).withPlateauPatience(0));
        MacroNet net = new MacroNet(c);
        try {
            if (from != null) {
                net.startFrom(from);
            }
            return new Staged(net, new MacroNetTrainer(net).train(fit, listener));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The evidence of a trained model on held-out pairs, shuffles from (seed, "evidence"). */
    public static MacrostateEvidence evidence(MacroNet net, PairedData heldOut, EvidenceOptions options, long seed) {
        return evidence(Encoded.of(net, heldOut), options, seed);
    }

    /** The evidence of macrostates already computed, shuffles from (seed, "evidence"). */
    public static MacrostateEvidence evidence(Encoded pairs, EvidenceOptions options, long seed) {
        return Evidence.of(pairs.mx(), pairs.my(), options, seed);
    }

    /**
     * Held-out pairs with the macrostate of each side, encoded once for every figure computed on them.
     *
     * @param pairs the observations
     * @param mx m_X of each row, [N, K]
     * @param my m_Y of each row, [N, K]
     */
    public record Encoded(PairedData pairs, double[][] mx, double[][] my) {
        public static Encoded of(MacroNet net, PairedData pairs) {
            return new Encoded(pairs, net.encode(Side.X, pairs.x()), net.encode(Side.Y, pairs.y()));
        }

        /** The rows at the given indices, in that order. */
        public Encoded select(int[] rows) {
            double[][] sx = new double[rows.length][];
            double[][] sy = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                sx[i] = mx[rows[i]];
                sy[i] = my[rows[i]];
            }
            return new Encoded(pairs.select(rows), sx, sy);
        }
    }

    /**
     * How much of each side the <em>other</em> side's macrostate determines, on held-out pairs: the mean
     * {@link NeighbourRegression} R² of the side's degree-≤2 features (standardised columns, their squares
     * and pairwise products; squares only beyond {@value #MAX_PRODUCT_COLUMNS} columns) regressed on the
     * other side's macrostate. What a relational macrostate is for: a macrostate fitted to noise describes
     * its own side but predicts nothing of the partner (≈ 0). Squares and products are there because a
     * shared invariant often fixes no column's mean: an oscillator's energy says nothing of E[q] (the phase
     * is random) but fixes E[q²] and E[p²].
     *
     * @param yFromMacroX mean R² of Y's features on m_X
     * @param xFromMacroY mean R² of X's features on m_Y
     * @param yFeatures name of each feature of Y ("c", "c^2", "a*b") with its R²
     * @param xFeatures the same for X
     */
    public record Relational(double yFromMacroX, double xFromMacroY, java.util.Map<String, Double> yFeatures,
            java.util.Map<String, Double> xFeatures) {}

    /** Columns up to which {@link #relational} includes pairwise products. */
    public static final int MAX_PRODUCT_COLUMNS = 16;

    /** {@link Relational} figures of encoded held-out pairs, with the sides' column names. */
    public static Relational relational(Encoded heldOut, List<String> xColumns, List<String> yColumns,
            int neighbours) {
        java.util.Map<String, Double> y = predicted(heldOut.mx(), heldOut.pairs().y(), yColumns, neighbours);
        java.util.Map<String, Double> x = predicted(heldOut.my(), heldOut.pairs().x(), xColumns, neighbours);
        return new Relational(meanOf(y.values()), meanOf(x.values()), y, x);
    }

    private static java.util.Map<String, Double> predicted(double[][] macro, double[][] rows, List<String> names,
            int neighbours) {
        int n = rows.length;
        int d = rows[0].length;
        double[][] z = Columns.standardised(rows);
        List<String> featureNames = new ArrayList<>();
        List<int[]> terms = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            featureNames.add(names.get(j));
            terms.add(new int[] {j});
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                if (a == b || d <= MAX_PRODUCT_COLUMNS) {
                    featureNames.add(a == b ? names.get(a) + "^2" : names.get(a) + "*" + names.get(b));
                    terms.add(new int[] {a, b});
                }
            }
        }
        double[][] f = new double[n][terms.size()];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < terms.size(); t++) {
                int[] term = terms.get(t);
                f[i][t] = term.length == 1 ? z[i][term[0]] : z[i][term[0]] * z[i][term[1]];
            }
        }
        double[] r2 = NeighbourRegression.r2(macro, f, neighbours);
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (int t = 0; t < r2.length; t++) {
            out.put(featureNames.get(t), r2[t]);
        }
        return out;
    }

    private static double meanOf(java.util.Collection<Double> v) {
        double s = 0;
        int used = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                used++;
            }
        }
        return used == 0 ? Double.NaN : s / used;
    }
}
