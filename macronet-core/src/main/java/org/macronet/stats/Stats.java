package org.macronet.stats;

import java.util.Arrays;
import org.hipparchus.stat.correlation.PearsonsCorrelation;
import org.hipparchus.stat.correlation.SpearmansCorrelation;
import org.hipparchus.stat.descriptive.rank.Percentile;

/** Thin, named wrappers over Hipparchus for the figures MacroNet reports. */
public final class Stats {
    private Stats() {}

    public static double spearman(double[] a, double[] b) {
        return new SpearmansCorrelation().correlation(a, b);
    }

    public static double pearson(double[] a, double[] b) {
        return new PearsonsCorrelation().correlation(a, b);
    }

    /** q-th percentile, q in (0, 100]. */
    public static double percentile(double[] v, double q) {
        return new Percentile(q).evaluate(v);
    }

    public static double median(double[] v) {
        return percentile(v, 50);
    }

    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    public static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / Math.max(1, v.length - 1));
    }

    /** Column j of a table. */
    public static double[] column(double[][] t, int j) {
        double[] c = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            c[i] = t[i][j];
        }
        return c;
    }
}
