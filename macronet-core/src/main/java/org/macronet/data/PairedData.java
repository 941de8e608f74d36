package org.macronet.data;

/**
 * Two aligned observations of the same system, row i of {@code x} paired with row i of {@code y}.
 * Rows are samples; every value is finite.
 */
public record PairedData(double[][] x, double[][] y) {

    public PairedData {
        if (x.length != y.length) {
            throw new IllegalArgumentException("X has " + x.length + " rows but Y has " + y.length);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        checkTable("X", x);
        checkTable("Y", y);
    }

    public int rows() {
        return x.length;
    }

    public int dimX() {
        return x[0].length;
    }

    public int dimY() {
        return y[0].length;
    }

    /** The rows at the given indices, in that order. */
    public PairedData select(int[] rows) {
        double[][] sx = new double[rows.length][];
        double[][] sy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            sx[i] = x[rows[i]];
            sy[i] = y[rows[i]];
        }
        return new PairedData(sx, sy);
    }

    private static void checkTable(String name, double[][] t) {
        int d = t[0].length;
        for (int i = 0; i < t.length; i++) {
            if (t[i].length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has " + t[i].length + " columns, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(t[i][j])) {
                    throw new IllegalArgumentException(name + " has a non-finite value (" + t[i][j] + ") at row " + i + ", column " + j);
                }
            }
        }
    }
}
