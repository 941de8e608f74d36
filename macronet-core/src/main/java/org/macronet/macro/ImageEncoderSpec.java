package org.macronet.macro;

import org.macronet.flow.ConvFlowSpec;

/**
 * An image-shaped observation and its multi-scale convolutional encoder. The observation's rows are
 * the images flattened row-major over (channel, row, column); the encoder sees them as
 * [B, channels, height, width] and its latent opens with the coarsest scale, which carries the
 * macrostate (see {@link org.macronet.flow.MultiScaleFlow}).
 *
 * <p>Images are standardised with one mean and one standard deviation for all pixels (per-pixel
 * statistics would break the translation symmetry a pattern has). During training, N(0, noise²) is
 * added to each standardised pixel of every batch (dequantisation): a nearly uniform image would
 * otherwise let the likelihood grow without bound by contracting the directions it does not vary in.
 *
 * @param channels channels C, ≥ 1
 * @param height H, divisible by 2^levels
 * @param width W, divisible by 2^levels
 * @param flow architecture of the encoder; null for a dense flow (the config's flowY) on the flattened
 *     image, with the same standardisation and noise (the ablation of the convolutional encoder)
 * @param noise standard deviation of the training noise in standardised units, ≥ 0
 * @param periodic the images live on a periodic grid whose circular shifts are symmetries of the data (a
 *     pattern grown with periodic boundaries from a random initial condition): training shows every image at
 *     a random circular shift, and {@link MacroNet#encode} averages the macrostate over
 *     {@link #SHIFTS} fixed circular shifts, so that the macrostate of a pattern does not depend on where the
 *     pattern sits on the grid (the encoder alone is only approximately invariant)
 */
public record ImageEncoderSpec(int channels, int height, int width, ConvFlowSpec flow, double noise,
        boolean periodic) {

    /** Circular shifts the macrostate of a periodic image is averaged over (the first is no shift). */
    public static final int SHIFTS = 8;

    /** A non-periodic image. */
    public ImageEncoderSpec(int channels, int height, int width, ConvFlowSpec flow, double noise) {
        this(channels, height, width, flow, noise, false);
    }

    public ImageEncoderSpec {
        TrainingOptions.require(channels >= 1 && height >= 1 && width >= 1,
                "image shape must be positive, got " + channels + "x" + height + "x" + width);
        int factor = flow == null ? 1 : 1 << flow.levels();
        TrainingOptions.require(height % factor == 0 && width % factor == 0,
                (flow == null ? 0 : flow.levels()) + " levels need height and width divisible by " + factor + ", got " + height + "x" + width);
        TrainingOptions.require(noise >= 0 && Double.isFinite(noise), "image noise must be >= 0, got " + noise);
    }

    /** Number of values per image, C·H·W. */
    public int dim() {
        return channels * height * width;
    }

    /**
     * The {@link #SHIFTS} circular shifts {dy, dx} the macrostate is averaged over: no shift, then shifts drawn
     * once from a fixed stream (the same for every model of this shape, whatever its seed).
     */
    public int[][] averagingShifts() {
        java.util.SplittableRandom rng = org.macronet.random.Seeds.stream(0, "image.averaging-shifts");
        int[][] shifts = new int[SHIFTS][];
        shifts[0] = new int[] {0, 0};
        for (int i = 1; i < SHIFTS; i++) {
            shifts[i] = new int[] {rng.nextInt(height), rng.nextInt(width)};
        }
        return shifts;
    }

    /**
     * Copies the flat image at {@code src[from…]} into {@code dst[to…]} circularly shifted by dy rows and dx columns
     * (0 ≤ dy &lt; H, 0 ≤ dx &lt; W): value v lands at {@link #shiftedIndex shiftedIndex(v, dy, dx)}.
     */
    public void shift(float[] src, int from, float[] dst, int to, int dy, int dx) {
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int in = from + plane + y * width;
                int out = to + plane + (y + dy) % height * width;
                System.arraycopy(src, in, dst, out + dx, width - dx);
                System.arraycopy(src, in + width - dx, dst, out, dx);
            }
        }
    }

    /**
     * Where value {@code index} of a flat image (C·H·W, row-major) lands when the image is circularly shifted
     * by dy rows and dx columns (0 ≤ dy &lt; H, 0 ≤ dx &lt; W).
     */
    public int shiftedIndex(int index, int dy, int dx) {
        int plane = height * width;
        int c = index / plane;
        int y = index % plane / width;
        int x = index % width;
        return c * plane + (y + dy) % height * width + (x + dx) % width;
    }
}
