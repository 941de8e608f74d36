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
 */
public record ImageEncoderSpec(int channels, int height, int width, ConvFlowSpec flow, double noise) {

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
}
