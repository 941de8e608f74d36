package org.macronet.system.pattern;

import java.util.List;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Computes {@link PatternDescriptors} of a row-major n×n periodic field.
 *
 * <p>Morphology rules, in order (validated on the Gray–Scott atlas points, see the tests):
 * <ol>
 *   <li>uniform: not patterned;</li>
 *   <li>spots: one phase (above or below the Otsu threshold; negative spots count) has at least two
 *       components, and ≥ {@link #SPOT_AREA_FRACTION} of its area lies in compact components (not wrapping,
 *       aspect ratio ≤ {@link #SPOT_MAX_ASPECT}, shape factor P²/4πA ≤ {@link #SPOT_MAX_SHAPE});</li>
 *   <li>stripes: the gradients share one orientation (coherence ≥ {@link #STRIPE_COHERENCE}: parallel
 *       stripes), or at least half of the minority phase lies in unbranched ribbons: components that do not
 *       wrap or wrap along one direction only, with aspect ratio ≥ {@link #STRIPE_MIN_ASPECT} and
 *       straightness ≥ {@link #STRIPE_MIN_STRAIGHTNESS} (worms and stripes across the torus);</li>
 *   <li>labyrinth: otherwise (large branched components without a common orientation).</li>
 * </ol>
 */
public final class PatternAnalyzer {
    /** Relative spread above which a field counts as patterned. */
    public static final double PATTERNED_CONTRAST = 0.02;
    static final double SPOT_AREA_FRACTION = 0.6;
    static final double SPOT_MAX_ASPECT = 2.0;
    static final double SPOT_MAX_SHAPE = 2.2;
    static final double STRIPE_COHERENCE = 0.5;
    static final double WORM_AREA_FRACTION = 0.5;
    static final double STRIPE_MIN_ASPECT = 2.5;
    static final double STRIPE_MIN_STRAIGHTNESS = 0.2;

    private PatternAnalyzer() {}

    /** Descriptors of the row-major {@code n×n} field. */
    public static PatternDescriptors describe(float[] field, int n) {
        double[] d = new double[field.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = field[i];
        }
        return describe(d, n);
    }

    /** Descriptors of the row-major {@code n×n} field. */
    public static PatternDescriptors describe(double[] field, int n) {
        if (field.length != n * n) {
            throw new IllegalArgumentException("field of " + field.length + " values is not " + n + "×" + n);
        }
        double mean = 0;
        boolean finite = true;
        for (double x : field) {
            mean += x;
            finite &= Double.isFinite(x);
        }
        if (!finite) {
            return new PatternDescriptors(false, Double.NaN, Morphology.DIVERGED, Double.NaN, Double.NaN, Double.NaN,
                    0, 0, Double.NaN);
        }
        mean /= field.length;
        double var = 0;
        for (double x : field) {
            var += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(var / field.length);
        if (!(std > PATTERNED_CONTRAST * Math.max(Math.abs(mean), 0.01))) {
            return new PatternDescriptors(false, Double.NaN, Morphology.UNIFORM, Double.NaN, mean, std, 0, 0,
                    Double.NaN);
        }
        double threshold = otsu(field);
        boolean[] high = new boolean[field.length];
        int above = 0;
        for (int i = 0; i < field.length; i++) {
            high[i] = field[i] > threshold;
            above += high[i] ? 1 : 0;
        }
        List<TorusComponents.Component> hi = TorusComponents.of(high, n, true);
        List<TorusComponents.Component> lo = TorusComponents.of(high, n, false);
        double coherence = coherence(field, n);
        Morphology m = classify(hi, lo, coherence);
        return new PatternDescriptors(true, dominantWavelength(field, n), m, above / (double) field.length, mean, std,
                hi.size(), lo.size(), coherence);
    }

    static Morphology classify(List<TorusComponents.Component> hi, List<TorusComponents.Component> lo,
            double coherence) {
        if (spotty(hi) || spotty(lo)) {
            return Morphology.SPOTS;
        }
        if (coherence >= STRIPE_COHERENCE) {
            return Morphology.STRIPES;
        }
        List<TorusComponents.Component> minority = area(hi) <= area(lo) ? hi : lo;
        double total = area(minority);
        double stripy = 0;
        for (TorusComponents.Component c : minority) {
            if (c.windingRank() <= 1 && c.aspectRatio() >= STRIPE_MIN_ASPECT
                    && c.straightness() >= STRIPE_MIN_STRAIGHTNESS) {
                stripy += c.area();
            }
        }
        return stripy >= WORM_AREA_FRACTION * total ? Morphology.STRIPES : Morphology.LABYRINTH;
    }

    private static boolean spotty(List<TorusComponents.Component> cs) {
        if (cs.size() < 2) {
            return false;
        }
        double compact = 0;
        for (TorusComponents.Component c : cs) {
            if (c.windingRank() == 0 && c.aspectRatio() <= SPOT_MAX_ASPECT && c.shapeFactor() <= SPOT_MAX_SHAPE) {
                compact += c.area();
            }
        }
        return compact >= SPOT_AREA_FRACTION * area(cs);
    }

    private static double area(List<TorusComponents.Component> cs) {
        double a = 0;
        for (TorusComponents.Component c : cs) {
            a += c.area();
        }
        return a;
    }

    /** Otsu's threshold over a 256-bin histogram between the field's minimum and maximum. */
    static double otsu(double[] f) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : f) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int bins = 256;
        long[] h = new long[bins];
        double scale = (bins - 1e-9) / (max - min);
        for (double x : f) {
            h[(int) ((x - min) * scale)]++;
        }
        double total = f.length;
        double sumAll = 0;
        for (int i = 0; i < bins; i++) {
            sumAll += i * (double) h[i];
        }
        double w0 = 0;
        double sum0 = 0;
        double best = -1;
        int bestI = bins / 2;
        for (int i = 0; i < bins - 1; i++) {
            w0 += h[i];
            sum0 += i * (double) h[i];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double m0 = sum0 / w0;
            double m1 = (sumAll - sum0) / w1;
            double between = w0 * w1 * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                bestI = i;
            }
        }
        return min + (bestI + 1) / scale;
    }

    /**
     * Dominant wavelength in cells: the radial bin (|k| rounded, 1 ≤ bin ≤ n/2) with the largest mean power
     * of the mean-free field, refined to the power-weighted mean |k| of the modes within one bin of it.
     */
    public static double dominantWavelength(double[] field, int n) {
        double mean = 0;
        for (double x : field) {
            mean += x;
        }
        mean /= field.length;
        double[] a = new double[2 * n * n];
        for (int i = 0; i < field.length; i++) {
            a[i] = field[i] - mean;
        }
        new DoubleFFT_2D(n, n).realForwardFull(a);
        int maxBin = n / 2;
        double[] sum = new double[maxBin + 2];
        int[] count = new int[maxBin + 2];
        double[] power = new double[n * n];
        double[] radius = new double[n * n];
        for (int r = 0; r < n; r++) {
            int ky = r <= n / 2 ? r : r - n;
            for (int c = 0; c < n; c++) {
                int kx = c <= n / 2 ? c : c - n;
                int i = r * n + c;
                double re = a[2 * i];
                double im = a[2 * i + 1];
                power[i] = re * re + im * im;
                radius[i] = Math.sqrt((double) kx * kx + (double) ky * ky);
                int bin = (int) Math.round(radius[i]);
                if (bin >= 1 && bin <= maxBin) {
                    sum[bin] += power[i];
                    count[bin]++;
                }
            }
        }
        int peak = 1;
        double best = -1;
        for (int b = 1; b <= maxBin; b++) {
            double m = count[b] == 0 ? 0 : sum[b] / count[b];
            if (m > best) {
                best = m;
                peak = b;
            }
        }
        double wk = 0;
        double w = 0;
        for (int i = 0; i < power.length; i++) {
            if (radius[i] > 0 && Math.abs(radius[i] - peak) <= 1.0) {
                wk += power[i] * radius[i];
                w += power[i];
            }
        }
        return w > 0 ? n / (wk / w) : Double.NaN;
    }

    /** (λ₁ − λ₂)/(λ₁ + λ₂) of the field-averaged structure tensor of periodic central-difference gradients. */
    static double coherence(double[] f, int n) {
        double jxx = 0;
        double jyy = 0;
        double jxy = 0;
        for (int y = 0; y < n; y++) {
            int up = (y == 0 ? n - 1 : y - 1) * n;
            int dn = (y == n - 1 ? 0 : y + 1) * n;
            for (int x = 0; x < n; x++) {
                int l = y * n + (x == 0 ? n - 1 : x - 1);
                int r = y * n + (x == n - 1 ? 0 : x + 1);
                double gx = 0.5 * (f[r] - f[l]);
                double gy = 0.5 * (f[dn + x] - f[up + x]);
                jxx += gx * gx;
                jyy += gy * gy;
                jxy += gx * gy;
            }
        }
        double tr = jxx + jyy;
        if (tr <= 0) {
            return 0;
        }
        return Math.sqrt((jxx - jyy) * (jxx - jyy) + 4 * jxy * jxy) / tr;
    }
}
