package org.macronet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Static helpers that write headless PNG charts (white background, readable fonts) with JFreeChart.
 * Non-finite points are left out of every chart, and of log axes also the non-positive ones, so a
 * diverged run still plots.
 */
public final class Charts {
    /** Default size of a chart in pixels. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;

    /** Tableau-10: distinguishable categorical colours, in the order series are given. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color GRID = new Color(0xdddddd);
    private static final Shape LEGEND_DOT = dot(4);

    /**
     * A named series of points, x and y of equal length.
     *
     * @param name legend entry
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x but " + y.length + " y values");
            }
        }
    }

    /**
     * One panel of a stacked chart sharing the x axis.
     *
     * @param yLabel label of this panel's y axis
     * @param logY logarithmic y axis (non-positive values are left out)
     */
    public record Panel(String yLabel, List<Series> series, boolean logY) {}

    private Charts() {}

    /** The i-th categorical colour (cycling). */
    public static Color colour(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** A scatter plot of (x[i], y[i]); points shrink and turn translucent for thousands of points. */
    public static void scatter(Path file, String title, String xLabel, String yLabel, double[] x, double[] y)
            throws IOException {
        Series s = new Series(yLabel, x, y);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, dot(pointRadius(x.length)));
        r.setSeriesPaint(0, translucent(colour(0), x.length));
        XYPlot plot = new XYPlot(collection(List.of(s), false), axis(xLabel, false), axis(yLabel, false), r);
        save(file, chart(title, plot, false), WIDTH, HEIGHT);
    }

    /**
     * A scatter plot of (x[i], y[i]) coloured by z[i] on the viridis scale, with a colour bar.
     *
     * @param zLabel label of the colour bar
     */
    public static void colourScatter(Path file, String title, String xLabel, String yLabel, String zLabel, double[] x,
            double[] y, double[] z) throws IOException {
        if (x.length != y.length || x.length != z.length) {
            throw new IllegalArgumentException("x, y and z differ in length: " + x.length + ", " + y.length + ", " + z.length);
        }
        int n = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[][] xyz = new double[3][x.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && Double.isFinite(z[i])) {
                xyz[0][n] = x[i];
                xyz[1][n] = y[i];
                xyz[2][n] = z[i];
                lo = Math.min(lo, z[i]);
                hi = Math.max(hi, z[i]);
                n++;
            }
        }
        double[][] kept = {java.util.Arrays.copyOf(xyz[0], n), java.util.Arrays.copyOf(xyz[1], n),
            java.util.Arrays.copyOf(xyz[2], n)};
        if (n == 0) {
            lo = 0;
            hi = 1;
        } else if (!(hi > lo)) {
            double pad = Math.max(1e-9, Math.abs(lo) * 1e-3);
            lo -= pad;
            hi += pad;
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(zLabel, kept);
        Viridis scale = new Viridis(lo, hi);
        XYShapeRenderer r = new XYShapeRenderer();
        r.setPaintScale(scale);
        r.setAutoPopulateSeriesShape(false);
        r.setDefaultShape(dot(pointRadius(n)));
        r.setDrawOutlines(false);
        XYPlot plot = new XYPlot(data, axis(xLabel, false), axis(yLabel, false), r);
        JFreeChart chart = chart(title, plot, false);

        NumberAxis zAxis = new NumberAxis(zLabel);
        zAxis.setRange(lo, hi);
        zAxis.setLabelFont(LABEL_FONT);
        zAxis.setTickLabelFont(TICK_FONT);
        PaintScaleLegend bar = new PaintScaleLegend(scale, zAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        bar.setStripWidth(16);
        bar.setSubdivisionCount(256);
        bar.setStripOutlineVisible(false);
        bar.setMargin(new RectangleInsets(10, 6, 40, 10));
        bar.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(bar);
        save(file, chart, WIDTH, HEIGHT);
    }

    /** A multi-series line chart, y optionally logarithmic. */
    public static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series, boolean logY)
            throws IOException {
        XYPlot plot = linePlot(new Panel(yLabel, series, logY), axis(xLabel, false), 0);
        save(file, chart(title, plot, series.size() > 1), WIDTH, HEIGHT);
    }

    /**
     * Line-chart panels stacked over one shared x axis, each with its own legend entries.
     *
     * @param markerX x of a dashed vertical marker on every panel (e.g. the best epoch); NaN for none
     */
    public static void panels(Path file, String title, String xLabel, List<Panel> panels, double markerX, int width,
            int height) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to draw");
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(axis(xLabel, false));
        plot.setGap(12);
        int offset = 0;
        for (Panel p : panels) {
            XYPlot sub = linePlot(p, null, offset);
            if (Double.isFinite(markerX)) {
                ValueMarker m = new ValueMarker(markerX, Color.GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                sub.addDomainMarker(m);
            }
            plot.add(sub, 1);
            offset += p.series().size();
        }
        save(file, chart(title, plot, true), width, height);
    }

    /**
     * Several point series, each drawn with the closed curve of the same index in the same colour
     * (e.g. samples and the exact level set they should lie on). Only the point series appear in the
     * legend; curves are drawn on top, and should repeat their first point to close.
     */
    public static void pointsAndCurves(Path file, String title, String xLabel, String yLabel, List<Series> points,
            List<Series> curves) throws IOException {
        XYLineAndShapeRenderer pr = new XYLineAndShapeRenderer(false, true);
        int total = points.stream().mapToInt(s -> s.x().length).sum();
        for (int i = 0; i < points.size(); i++) {
            pr.setSeriesShape(i, dot(pointRadius(total) + 0.5));
            pr.setSeriesPaint(i, translucent(colour(i), total));
            pr.setLegendShape(i, LEGEND_DOT);
        }
        XYLineAndShapeRenderer cr = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            cr.setSeriesPaint(i, colour(i).darker());
            cr.setSeriesStroke(i, new BasicStroke(2f));
            cr.setSeriesVisibleInLegend(i, false);
        }
        XYPlot plot = new XYPlot(collection(points, false), axis(xLabel, false), axis(yLabel, false), pr);
        plot.setDataset(1, collection(curves, false));
        plot.setRenderer(1, cr);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        save(file, chart(title, plot, true), WIDTH, HEIGHT);
    }

    /**
     * Grouped bars: one group per category, one bar per series ({@code values[s][c]} is series s at
     * category c).
     */
    public static void bars(Path file, String title, String yLabel, List<String> categories, List<String> seriesNames,
            double[][] values) throws IOException {
        org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
        for (int s = 0; s < seriesNames.size(); s++) {
            for (int c = 0; c < categories.size(); c++) {
                data.addValue(values[s][c], seriesNames.get(s), categories.get(c));
            }
        }
        org.jfree.chart.axis.CategoryAxis x = new org.jfree.chart.axis.CategoryAxis();
        x.setTickLabelFont(LABEL_FONT);
        NumberAxis y = new NumberAxis(yLabel);
        y.setLabelFont(LABEL_FONT);
        y.setTickLabelFont(TICK_FONT);
        org.jfree.chart.renderer.category.BarRenderer r = new org.jfree.chart.renderer.category.BarRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        r.setShadowVisible(false);
        for (int s = 0; s < seriesNames.size(); s++) {
            r.setSeriesPaint(s, colour(s));
        }
        org.jfree.chart.plot.CategoryPlot plot = new org.jfree.chart.plot.CategoryPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);
        save(file, chart(title, plot, true), WIDTH, HEIGHT);
    }

    private static XYPlot linePlot(Panel p, ValueAxis xAxis, int colourOffset) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < p.series().size(); i++) {
            r.setSeriesPaint(i, colour(colourOffset + i));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(collection(p.series(), p.logY()), xAxis, axis(p.yLabel(), p.logY()), r);
        style(plot);
        return plot;
    }

    /** Series as a collection, in the given order (never sorted, so closed curves stay closed). */
    private static XYSeriesCollection collection(List<Series> series, boolean positiveOnly) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (Series s : series) {
            // Keys must be unique; a repeated name gets invisible padding rather than failing.
            String key = s.name();
            while (c.getSeriesIndex(key) >= 0) {
                key = key + " ";
            }
            XYSeries xy = new XYSeries(key, false, true);
            for (int i = 0; i < s.x().length; i++) {
                double x = s.x()[i];
                double y = s.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y) && (!positiveOnly || y > 0)) {
                    xy.add(x, y, false);
                }
            }
            c.addSeries(xy);
        }
        return c;
    }

    private static ValueAxis axis(String label, boolean log) {
        ValueAxis a;
        if (log) {
            LogAxis la = new LogAxis(label);
            la.setSmallestValue(1e-12);
            la.setBase(10);
            // Whole decades only: JFreeChart's default picks half-decades labelled 3.162E-1.
            TickUnits decades = new TickUnits();
            for (int step : new int[] {1, 2, 3, 5, 10}) {
                decades.add(new NumberTickUnit(step));
            }
            la.setStandardTickUnits(decades);
            la.setNumberFormatOverride(new java.text.DecimalFormat("0E0"));
            a = la;
        } else {
            NumberAxis na = new NumberAxis(label);
            na.setAutoRangeIncludesZero(false);
            a = na;
        }
        a.setLabelFont(LABEL_FONT);
        a.setTickLabelFont(TICK_FONT);
        return a;
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        if (plot instanceof XYPlot xy) {
            style(xy);
        }
        JFreeChart c = new JFreeChart(title, TITLE_FONT, plot, legend);
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        c.setPadding(new RectangleInsets(8, 8, 8, 8));
        LegendTitle l = c.getLegend();
        if (l != null) {
            l.setItemFont(LEGEND_FONT);
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
        }
        return c;
    }

    private static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setOutlinePaint(Color.GRAY);
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static void save(Path file, JFreeChart chart, int width, int height) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }

    private static double pointRadius(int n) {
        return n > 2000 ? 1.3 : n > 300 ? 2.0 : 3.0;
    }

    private static Color translucent(Color c, int n) {
        int alpha = n > 2000 ? 150 : 210;
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static Shape dot(double r) {
        return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
    }
}
