package org.macronet.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.macronet.random.Seeds;

/**
 * Checks of a side's table: what training cannot survive (a constant column: an error naming it) and
 * what it can survive once told (exact constraints among the columns: detected and described).
 */
public final class InputChecks {
    private InputChecks() {}

    /**
     * Refuses a constant column: it carries no information, and a standardised constant makes the
     * encoder's likelihood infinite.
     *
     * @param side how to name the table in the message, e.g. "X (x.csv)"
     * @throws IllegalArgumentException naming the first constant column
     */
    public static void requireVarying(String side, List<String> columns, double[][] rows) {
        int d = columns.size();
        for (int j = 0; j < d; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] r : rows) {
                min = Math.min(min, r[j]);
                max = Math.max(max, r[j]);
            }
            // Relative to the magnitude: 1e9 + rounding noise is constant for float arithmetic too.
            if (max - min <= 1e-9 * Math.max(Math.abs(max), Math.abs(min))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "column '%s' of %s is constant (%s in "
                        + "every row): it carries no information; remove it", columns.get(j), side, min));
            }
        }
    }

    /** Local variance ratio below which the rows count as lying on a lower-dimensional surface. */
    static final double SURFACE_RATIO = 1e-3;
    /** Smallest eigenvalue of the correlation matrix below which a linear combination counts as constant. */
    static final double LINEAR_EIGENVALUE = 1e-8;

    /**
     * Exact constraints among the columns, each described in one line: a linear combination of the
     * standardised columns that is constant (fractions that sum to one), or rows that lie on a surface
     * of lower dimension than the table (an angle given as its cosine and sine). Such a table has no
     * density, so an invertible encoder's likelihood grows without bound; training survives it with
     * noise added to the inputs (see {@link #jitter}).
     *
     * <p>Linear: an eigenvalue of the columns' correlation matrix below {@value #LINEAR_EIGENVALUE}
     * (its eigenvector is the combination). Nonlinear: at up to 300 rows, the covariance of the 2·D + 2
     * nearest rows (standardised columns, among up to 20 000) has a smallest-to-largest eigenvalue ratio
     * below {@value #SURFACE_RATIO} at the median. Measured medians: an angle's (cos, sin) 9e-7, a cylinder
     * (cos, sin, Gaussian) 2.4e-4 at 4000 rows; tables that fill their space 0.09 to 0.34 (Gaussians in 4
     * and 6 dimensions, the oscillator's annulus, correlated and heteroscedastic columns). A column with
     * few distinct values lowers the ratio too, and is as much a table without a density.
     *
     * @param columns the column names
     * @param rows the table, [N, D]
     * @param seed chooses the probe rows
     * @return one description per constraint found (empty when none)
     */
    public static List<String> constraints(List<String> columns, double[][] rows, long seed) {
        int n = rows.length;
        int d = columns.size();
        List<String> found = new ArrayList<>();
        if (d < 2 || n < 4 * d + 4) {
            return found;
        }
        double[][] z = Columns.standardised(rows);
        double[][] corr = new double[d][d];
        for (double[] r : z) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    corr[a][b] += r[a] * r[b] / n;
                }
            }
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(corr, false));
        double[] values = eig.getEigenvalues();
        for (int i = 0; i < d; i++) {
            if (values[i] < LINEAR_EIGENVALUE * d) {
                double[] v = eig.getEigenvector(i).toArray();
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < d; j++) {
                    if (Math.abs(v[j]) > 1e-3) {
                        sb.append(sb.length() == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%.3g·%s", v[j],
                                columns.get(j)));
                    }
                }
                found.add("linear: " + sb + " (standardised columns) is constant");
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        int nb = 2 * d + 2;
        int probes = Math.min(300, n);
        int[] order = Seeds.permutation(n, Seeds.stream(seed, "constraint-probes"));
        int pool = Math.min(n, 20000);
        double[][] ref = new double[pool][];
        for (int i = 0; i < pool; i++) {
            ref[i] = z[order[i]];
        }
        double[][] query = Arrays.copyOf(ref, probes);
        int[][] near = Neighbours.nearest(ref, query, nb + 1);
        double[] ratios = new double[probes];
        for (int i = 0; i < probes; i++) {
            double[][] local = new double[nb][];
            for (int q = 0; q < nb; q++) {
                local[q] = ref[near[i][q + 1]];
            }
            double[] ev = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(covariance(local), false))
                    .getEigenvalues();
            double max = Arrays.stream(ev).max().orElse(0);
            double min = Arrays.stream(ev).min().orElse(0);
            ratios[i] = max > 0 ? Math.max(0, min) / max : 0;
        }
        Arrays.sort(ratios);
        double median = ratios[probes / 2];
        if (median < SURFACE_RATIO) {
            found.add(String.format(Locale.ROOT, "nonlinear: the rows lie on a surface of dimension %d or less in "
                    + "the %d columns (median local variance ratio %.2g), e.g. an angle given as its cosine and sine",
                    d - 1, d, median));
        }
        return found;
    }

    /**
     * The rows with independent Gaussian noise of {@code fraction} of each column's standard deviation
     * added, from (seed, "input-jitter"): gives a table with an exact constraint a density.
     */
    public static double[][] jitter(double[][] rows, double fraction, long seed) {
        SplittableRandom rng = Seeds.stream(seed, "input-jitter");
        int d = rows[0].length;
        double[] sd = Columns.sd(rows);
        double[][] out = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = rows[i][j] + fraction * sd[j] * Seeds.gaussian(rng);
            }
        }
        return out;
    }

    private static double[][] covariance(double[][] pts) {
        int n = pts.length;
        int d = pts[0].length;
        double[] mean = new double[d];
        for (double[] p : pts) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / n;
            }
        }
        double[][] c = new double[d][d];
        for (double[] p : pts) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
                }
            }
        }
        return c;
    }
}
