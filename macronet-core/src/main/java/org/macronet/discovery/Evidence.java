package org.macronet.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;

/**
 * Permutation tests of the agreement between the macrostates of paired observations.
 *
 * <p>Under the null hypothesis that the pairing carries no information, every re-pairing of the
 * held-out rows is as likely as the observed one, so the observed statistic is compared with its
 * distribution over random re-pairings; with encoders fitted on other rows the test is exact. Per
 * coordinate the statistic is the rank correlation of m_X,c and m_Y,c, and for coordinates after the
 * first also that of what each side's coordinate adds to its earlier ones (a coordinate that only
 * re-encodes the earlier ones is no new dimension); for the whole macrostate the mean squared distance
 * ‖m_X − m_Y‖². The conditional test is approximate (shuffling also breaks the link between the
 * earlier coordinates), which its minimum correlation absorbs.
 */
public final class Evidence {
    private Evidence() {}

    /**
     * @param mx macrostates of X on held-out pairs, [N, K]
     * @param my macrostates of Y on the same pairs, [N, K]
     * @param rng source of the shuffles
     */
    public static MacrostateEvidence of(double[][] mx, double[][] my, EvidenceOptions options, SplittableRandom rng) {
        int n = mx.length;
        if (my.length != n || n < 8) {
            throw new IllegalArgumentException("evidence needs at least 8 aligned pairs, got " + n + " and " + my.length);
        }
        int k = mx[0].length;
        int b = options.permutations();
        int[][] shuffles = new int[b][];
        for (int s = 0; s < b; s++) {
            shuffles[s] = Seeds.permutation(n, rng);
        }
        List<CoordinateEvidence> coords = new ArrayList<>();
        double mismatch = 0;
        double shuffledMismatch = 0;
        for (int c = 0; c < k; c++) {
            double[] a = Stats.column(mx, c);
            double[] y = Stats.column(my, c);
            double[] t = rankTest(centredRanks(a), centredRanks(y), shuffles);
            double rho = t[0];
            double pValue = t[1];
            double nullMean = t[2];
            double nullSd = t[3];
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += (a[i] - y[i]) * (a[i] - y[i]) / n;
            }
            double chance = expectedShuffledMismatch(a, y);
            mismatch += m;
            shuffledMismatch += chance;
            boolean shared = pValue < options.alpha() && rho >= options.minCorrelation();
            Double condRho = null;
            Double condP = null;
            if (c > 0) {
                double[] added = rankTest(centredRanks(residual(mx, c)), centredRanks(residual(my, c)), shuffles);
                condRho = added[0];
                condP = added[1];
                shared &= condP < options.alpha() && condRho >= options.minCorrelation();
            }
            coords.add(new CoordinateEvidence(c, rho, nullMean, nullSd, nullSd > 0 ? (rho - nullMean) / nullSd : 0,
                    pValue, chance > 0 ? m / chance : 1, condRho, condP, shared));
        }
        int atMost = 0;
        for (int[] p : shuffles) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                double[] u = mx[i];
                double[] v = my[p[i]];
                for (int c = 0; c < k; c++) {
                    m += (u[c] - v[c]) * (u[c] - v[c]);
                }
            }
            if (m / n <= mismatch) {
                atMost++;
            }
        }
        return new MacrostateEvidence(n, b, mismatch, shuffledMismatch,
                shuffledMismatch > 0 ? mismatch / shuffledMismatch : 1, (1.0 + atMost) / (1.0 + b), coords, options);
    }

    /** Neighbours of the regression that removes the earlier coordinates (see {@link CoordinateEvidence}). */
    static final int CONDITIONAL_NEIGHBOURS = 10;

    /** Coordinate c of each row minus its leave-one-out nearest-neighbour prediction from coordinates 0..c−1. */
    static double[] residual(double[][] m, int c) {
        int n = m.length;
        double[][] earlier = new double[n][];
        for (int i = 0; i < n; i++) {
            earlier[i] = java.util.Arrays.copyOf(m[i], c);
        }
        int[][] near = Neighbours.nearestOthers(earlier, Math.min(CONDITIONAL_NEIGHBOURS, n - 1));
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double pred = 0;
            for (int q : near[i]) {
                pred += m[q][c];
            }
            r[i] = m[i][c] - pred / near[i].length;
        }
        return r;
    }

    /** {ρ, one-sided p, null mean, null sd} of centred ranks against their shuffles. */
    private static double[] rankTest(double[] ra, double[] rb, int[][] shuffles) {
        double norm = Math.sqrt(dot(ra, ra) * dot(rb, rb));
        double rho = norm > 0 ? dot(ra, rb) / norm : 0;
        double sum = 0;
        double sum2 = 0;
        int atLeast = 0;
        for (int[] p : shuffles) {
            double r = 0;
            for (int i = 0; i < ra.length; i++) {
                r += ra[i] * rb[p[i]];
            }
            r = norm > 0 ? r / norm : 0;
            sum += r;
            sum2 += r * r;
            if (r >= rho) {
                atLeast++;
            }
        }
        int b = shuffles.length;
        double mean = sum / b;
        return new double[] {rho, (1.0 + atLeast) / (1.0 + b), mean, Math.sqrt(Math.max(0, sum2 / b - mean * mean))};
    }

    /**
     * The mean of (a_i − b_π(i))² averaged over all permutations π: mean(a²) + mean(b²) − 2·mean(a)·mean(b).
     */
    static double expectedShuffledMismatch(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        double qa = 0;
        double qb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
            qa += a[i] * a[i] / n;
            qb += b[i] * b[i] / n;
        }
        return qa + qb - 2 * ma * mb;
    }

    /** Ranks (ties averaged) minus their mean. */
    static double[] centredRanks(double[] v) {
        double[] r = new NaturalRanking(TiesStrategy.AVERAGE).rank(v);
        double mean = (r.length + 1) / 2.0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= mean;
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Convenience: the shuffles drawn from (seed, "evidence"). */
    public static MacrostateEvidence of(double[][] mx, double[][] my, EvidenceOptions options, long seed) {
        return of(mx, my, options, Seeds.stream(seed, "evidence"));
    }
}
