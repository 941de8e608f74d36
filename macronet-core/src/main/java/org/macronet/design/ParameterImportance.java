package org.macronet.design;

import java.util.SplittableRandom;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import org.macronet.stats.Stats;

/**
 * Which input coordinates control the macrostate, measured two ways (shared/METHOD.md §2):
 *
 * <ul>
 *   <li>{@code pinned[j]} = 1 − mean over targets of std(x_j | m = m*) / std(x_j): the share of
 *       coordinate j's spread that fixing the macrostate removes (1 = fully pinned = controlling,
 *       0 = free);
 *   <li>{@code spread[j]} = mean over targets of std(x_j | m = m*) / range(x_j), the raw design spread
 *       normalised by the coordinate's prior range (small = controlling);
 *   <li>{@code gradient[j]} = Σ_i mean |∂m_i/∂x_j| · range(x_j): how much the macrostate moves when x_j
 *       sweeps its range, normalised to sum to 1 over j.
 * </ul>
 *
 * @param pinned per coordinate, higher = more controlling
 * @param spread per coordinate, lower = more controlling
 * @param gradient per coordinate, higher = more controlling, sums to 1
 */
public record ParameterImportance(double[] pinned, double[] spread, double[] gradient) {

    /**
     * @param data observations of {@code side} that define the prior range (e.g. the training data)
     * @param targets macrostates at which designs are drawn, each of length k
     * @param designsPerTarget designs per target, ≥ 2
     */
    public static ParameterImportance measure(MacroNet net, Side side, double[][] data, double[][] targets,
            int designsPerTarget, double temperature, SplittableRandom rng) {
        if (designsPerTarget < 2) {
            throw new IllegalArgumentException("need at least 2 designs per target, got " + designsPerTarget);
        }
        int d = data[0].length;
        double[] std = new double[d];
        double[] range = new double[d];
        for (int j = 0; j < d; j++) {
            double[] c = Stats.column(data, j);
            std[j] = Stats.std(c);
            range[j] = java.util.Arrays.stream(c).max().orElseThrow() - java.util.Arrays.stream(c).min().orElseThrow();
            if (!(range[j] > 0)) {
                range[j] = 1;
                std[j] = 1;
            }
        }
        double[] condStd = new double[d];
        for (double[] t : targets) {
            double[][] designs = net.design(side, t, designsPerTarget, temperature, rng);
            for (int j = 0; j < d; j++) {
                condStd[j] += Stats.std(Stats.column(designs, j)) / targets.length;
            }
        }
        double[] pinned = new double[d];
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            pinned[j] = 1 - condStd[j] / std[j];
            spread[j] = condStd[j] / range[j];
        }
        double[][] g = net.meanAbsMacroGradient(side, data);
        double[] grad = new double[d];
        double total = 0;
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                grad[j] += row[j] * range[j];
                total += row[j] * range[j];
            }
        }
        for (int j = 0; j < d; j++) {
            grad[j] = total > 0 ? grad[j] / total : 0;
        }
        return new ParameterImportance(pinned, spread, grad);
    }
}
