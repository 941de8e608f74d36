package org.macronet.report;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * The perceptually uniform viridis colour map (matplotlib's), as a JFreeChart {@link PaintScale}
 * over [lower, upper]; values outside are clamped, NaN is drawn grey.
 */
public final class Viridis implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;

    /** viridis at 0, 0.1, …, 1; linear interpolation between neighbours is visually exact. */
    private static final int[] ANCHORS = {0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884,
        0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725};

    private final double lower;
    private final double upper;

    /** @throws IllegalArgumentException unless lower &lt; upper, both finite */
    public Viridis(double lower, double upper) {
        if (!(lower < upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("colour scale needs finite lower < upper, got [" + lower + ", " + upper + "]");
        }
        this.lower = lower;
        this.upper = upper;
    }

    /** The colour at fraction t of the map, t clamped to [0, 1]. */
    public static Color at(double t) {
        if (Double.isNaN(t)) {
            return Color.GRAY;
        }
        double s = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int i = Math.min((int) s, ANCHORS.length - 2);
        double f = s - i;
        Color a = new Color(ANCHORS[i]);
        Color b = new Color(ANCHORS[i + 1]);
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return at((value - lower) / (upper - lower));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Viridis v && v.lower == lower && v.upper == upper;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lower) * 31 + Double.hashCode(upper);
    }
}
