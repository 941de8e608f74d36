package org.macronet.discovery;

import java.util.Arrays;

/**
 * Exact k-nearest-neighbour search in Euclidean distance (brute force: the point sets scored here
 * hold a few thousand rows of a few coordinates). The one neighbour search of the project: every
 * score that needs neighbours calls it.
 */
public final class Neighbours {
    private Neighbours() {}

    /**
     * The k nearest reference rows of each query row, nearest first (ties: the lower index first).
     *
     * @param reference rows to search, [N, K]
     * @param query rows to search for, [M, K]
     * @param k neighbours per query, 1 ≤ k ≤ N
     * @return indices into {@code reference}, [M, k]
     */
    public static int[][] nearest(double[][] reference, double[][] query, int k) {
        return search(reference, query, k, false);
    }

    /**
     * Leave-one-out neighbours within one set: the k nearest other rows of each row.
     *
     * @param points rows, [N, K]
     * @param k neighbours per row, 1 ≤ k &lt; N
     * @return indices into {@code points}, [N, k], never the row itself
     */
    public static int[][] nearestOthers(double[][] points, int k) {
        return search(points, points, k, true);
    }

    private static int[][] search(double[][] ref, double[][] query, int k, boolean leaveOneOut) {
        int n = ref.length;
        if (k < 1 || k > n - (leaveOneOut ? 1 : 0)) {
            throw new IllegalArgumentException("cannot find " + k + " neighbours among " + n + " rows"
                    + (leaveOneOut ? " (the row itself excluded)" : ""));
        }
        int dim = ref[0].length;
        int[][] out = new int[query.length][k];
        double[] best = new double[k];
        for (int i = 0; i < query.length; i++) {
            double[] q = query[i];
            int[] idx = out[i];
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (int o = 0; o < n; o++) {
                if (leaveOneOut && o == i) {
                    continue;
                }
                double[] r = ref[o];
                double s = 0;
                for (int c = 0; c < dim && s < best[k - 1]; c++) {
                    double t = q[c] - r[c];
                    s += t * t;
                }
                if (s < best[k - 1]) {
                    // Insertion into the sorted list of the nearest rows so far.
                    int at = k - 1;
                    while (at > 0 && s < best[at - 1]) {
                        best[at] = best[at - 1];
                        idx[at] = idx[at - 1];
                        at--;
                    }
                    best[at] = s;
                    idx[at] = o;
                }
            }
        }
        return out;
    }
}
