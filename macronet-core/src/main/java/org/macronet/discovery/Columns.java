package org.macronet.discovery;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.ranking.NaturalRanking;

/** Per-column statistics of a table [N, D], shared by the scores and checks of this package. */
final class Columns {
    private Columns() {}

    /** Population standard deviation of each column. */
    static double[] sd(double[][] rows) {
        return moments(rows)[1];
    }

    /** Each column minus its mean, divided by its standard deviation (a constant column becomes 0). */
    static double[][] standardised(double[][] rows) {
        double[][] m = moments(rows);
        int d = rows[0].length;
        double[][] z = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = m[1][j] > 0 ? (rows[i][j] - m[0][j]) / m[1][j] : 0;
            }
        }
        return z;
    }

    /**
     * Each column replaced by its normal scores: Φ⁻¹((rank − ½) / N), ties sharing their mean rank (a constant
     * column becomes 0). What a Gaussian macrostate makes of a quantity it encodes monotonically.
     */
    static double[][] normalScores(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        NormalDistribution normal = new NormalDistribution();
        NaturalRanking ranking = new NaturalRanking();
        double[][] z = new double[n][d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = rows[i][j];
            }
            double[] rank = ranking.rank(column);
            for (int i = 0; i < n; i++) {
                z[i][j] = normal.inverseCumulativeProbability((rank[i] - 0.5) / n);
            }
        }
        return z;
    }

    /** {mean, population sd} of each column. */
    private static double[][] moments(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]);
        }
        return new double[][] {mean, sd};
    }
}
