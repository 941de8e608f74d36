package org.macronet.discovery;

/**
 * How much of some target columns a set of features determines, estimated without a model: each row's
 * targets are predicted by the mean over its n nearest other rows in feature space (leave-one-out).
 *
 * <p>Per target column, R² = 1 − MSE / ((1 + 1/n)·Var), the factor 1 + 1/n removing the noise of the
 * neighbour mean, so that a target independent of the features scores ≈ 0 (rather than −1/n) and a
 * smooth function of the features scores ≈ 1. It estimates Var(E[t | f]) / Var(t), the share of the
 * target's variance that the features explain, nonlinearly; it is biased low where the target varies
 * faster than the neighbourhoods are wide (edges, discontinuities).
 */
public final class NeighbourRegression {
    /** Neighbours per prediction unless told otherwise. */
    public static final int DEFAULT_NEIGHBOURS = 10;

    private NeighbourRegression() {}

    /**
     * R² of each target column regressed on the features (see the class comment); NaN for a constant
     * column.
     *
     * @param features [N, K]
     * @param targets [N, D], the same rows
     * @param neighbours n, 1 ≤ n &lt; N
     */
    public static double[] r2(double[][] features, double[][] targets, int neighbours) {
        int[][] near = Neighbours.nearestOthers(features, neighbours);
        int n = targets.length;
        if (features.length != n) {
            throw new IllegalArgumentException("features have " + features.length + " rows, targets " + n);
        }
        int d = targets[0].length;
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] t : targets) {
                mean += t[j] / n;
            }
            double var = 0;
            double resid = 0;
            for (int i = 0; i < n; i++) {
                double pred = 0;
                for (int q : near[i]) {
                    pred += targets[q][j];
                }
                pred /= neighbours;
                double e = targets[i][j] - pred;
                resid += e * e;
                var += (targets[i][j] - mean) * (targets[i][j] - mean);
            }
            out[j] = var > 0 ? 1 - resid / (var * (1 + 1.0 / neighbours)) : Double.NaN;
        }
        return out;
    }

    /**
     * What {@link #r2} gives for these targets when the features determine them exactly: each target
     * regressed on all the targets themselves (standardised). The same rows and estimator, so the gap
     * to 1 is the estimator's own bias at this sample size and dimension, not lost information; a
     * macrostate's R² is read against it.
     */
    public static double[] ceiling(double[][] targets, int neighbours) {
        return r2(Columns.standardised(targets), targets, neighbours);
    }

    /**
     * The share of a whole table's variance the features explain, every column standardised first:
     * the mean of {@link #r2} over the non-constant columns.
     */
    public static double explained(double[][] features, double[][] targets, int neighbours) {
        double[] r = r2(features, targets, neighbours);
        double s = 0;
        int used = 0;
        for (double v : r) {
            if (!Double.isNaN(v)) {
                s += v;
                used++;
            }
        }
        return used == 0 ? Double.NaN : s / used;
    }
}
