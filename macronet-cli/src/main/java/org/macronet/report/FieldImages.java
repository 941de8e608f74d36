package org.macronet.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.macronet.data.AtomicFiles;

/**
 * Colour-mapped images of row-major 2-D fields (viridis, each field scaled to its own min..max; a field whose
 * spread is below 1e-3 of its magnitude is drawn flat).
 */
public final class FieldImages {
    /** Viridis at nine evenly spaced stops (matplotlib's colour map). */
    private static final int[] VIRIDIS = {0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863,
        0xaadc32, 0xfde725};
    private static final int CAPTION_HEIGHT = 14;
    private static final int GAP = 2;

    private FieldImages() {}

    /** Viridis colour (RGB) of t in [0, 1]; t outside is clamped, NaN gives grey. */
    public static int viridis(double t) {
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return (r << 16) | (g << 8) | bl;
    }

    /** The field (height×width, row-major) as an image, each cell a scale×scale block. */
    public static BufferedImage render(float[] field, int height, int width, int scale) {
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        draw(img, field, height, width, scale, 0, 0);
        return img;
    }

    private static void draw(BufferedImage img, float[] field, int height, int width, int scale, int x0, int y0) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : field) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        // A uniform field is drawn in the middle colour rather than stretching float32 rounding residue (relative
        // spread 1e-7..1e-4, e.g. a decayed Turing state at small dt) over the whole colour map.
        double span = max - min;
        boolean flat = !(span > 1e-3 * Math.max(1, Math.max(Math.abs(max), Math.abs(min))));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = field[y * width + x];
                int rgb = !Float.isFinite(v) ? 0x808080 : viridis(flat ? 0.5 : (v - min) / span);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /**
     * A grid of fields ({@code cols} per row), each with an optional caption under it.
     *
     * @param fields each height×width, row-major
     * @param captions one per field, or null for none
     */
    public static BufferedImage gallery(List<float[]> fields, int height, int width, List<String> captions, int cols,
            int scale) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a gallery needs at least one field");
        }
        int c = Math.max(1, Math.min(cols, fields.size()));
        int rows = (fields.size() + c - 1) / c;
        int cellW = width * scale + GAP;
        int cellH = height * scale + GAP + (captions == null ? 0 : CAPTION_HEIGHT);
        BufferedImage img = new BufferedImage(c * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < fields.size(); i++) {
            int x0 = GAP + (i % c) * cellW;
            int y0 = GAP + (i / c) * cellH;
            draw(img, fields.get(i), height, width, scale, x0, y0);
            if (captions != null && captions.get(i) != null) {
                String s = captions.get(i);
                while (s.length() > 1 && fm.stringWidth(s) > width * scale) {
                    s = s.substring(0, s.length() - 1);
                }
                g.drawString(s, x0, y0 + height * scale + fm.getAscent());
            }
        }
        g.dispose();
        return img;
    }

    /** Writes the image as PNG, atomically. */
    public static void writePng(BufferedImage img, Path path) throws IOException {
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
