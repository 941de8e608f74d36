package org.macronet.macro;

/**
 * Per-column affine map to zero mean and unit variance, fitted on training data and saved with the
 * model so that encoding and design work in the user's units.
 *
 * @param mean column means
 * @param std column standard deviations (a constant column gets 1)
 */
public record Standardizer(double[] mean, double[] std) {

    public static Standardizer fit(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                double c = r[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / Math.max(1, rows.length - 1));
            if (!(std[j] > 1e-12)) {
                std[j] = 1;
            }
        }
        return new Standardizer(mean, std);
    }

    /**
     * One mean and one standard deviation over every value of every row (repeated per column): for
     * images, whose pixels are exchangeable under translation.
     */
    public static Standardizer fitPooled(double[][] rows) {
        int d = rows[0].length;
        double sum = 0;
        for (double[] r : rows) {
            for (double v : r) {
                sum += v;
            }
        }
        long count = (long) rows.length * d;
        double mean = sum / count;
        double ss = 0;
        for (double[] r : rows) {
            for (double v : r) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = Math.sqrt(ss / Math.max(1, count - 1));
        if (!(std > 1e-12)) {
            std = 1;
        }
        double[] means = new double[d];
        double[] stds = new double[d];
        java.util.Arrays.fill(means, mean);
        java.util.Arrays.fill(stds, std);
        return new Standardizer(means, stds);
    }

    /** Row-major float32 copy of the standardised rows. */
    public float[] apply(double[][] rows) {
        int d = mean.length;
        float[] out = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " columns, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((rows[i][j] - mean[j]) / std[j]);
            }
        }
        return out;
    }

    /** Back to the user's units. */
    public double[][] invert(float[] flat, int rows) {
        int d = mean.length;
        double[][] out = new double[rows][d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = flat[i * d + j] * std[j] + mean[j];
            }
        }
        return out;
    }
}
