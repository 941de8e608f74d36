package org.macronet.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Architecture of a multi-scale convolutional flow on images ({@link MultiScaleFlow}): {@code levels}
 * × [squeeze → {@code stepsPerLevel} × (ActNorm → invertible 1×1 conv → conv affine coupling)], half
 * the channels factored out after every level but the last, and optionally a dense flow ({@code head})
 * on the flattened coarsest scale, which opens the latent.
 *
 * @param levels number of scales L, ≥ 1; height and width must be divisible by 2^L
 * @param stepsPerLevel flow steps per scale, ≥ 1
 * @param hiddenChannels channels of the couplings' conditioner CNN, ≥ 1
 * @param clamp soft clamp α of the affine log-scale, &gt; 0
 * @param head dense flow on the coarsest scale, so that the macrostate can mix all coarse features
 *     (see {@link MultiScaleFlow}); null for none
 * @param haar whether the first 1×1 convolution of every level starts as the Haar transform of the
 *     squeezed 2×2 blocks ({@link InvertibleConv1x1#haar}) and the others as the identity, so that a fresh
 *     flow keeps the local averages and its coarsest scale holds block means of the image (a start
 *     close to a wavelet pyramid); otherwise every 1×1 convolution starts as a random rotation (Glow)
 */
public record ConvFlowSpec(int levels, int stepsPerLevel, int hiddenChannels, float clamp, DenseFlowSpec head,
        boolean haar) {

    /** A purely convolutional stack (no dense head), random rotations. */
    public ConvFlowSpec(int levels, int stepsPerLevel, int hiddenChannels, float clamp) {
        this(levels, stepsPerLevel, hiddenChannels, clamp, null, false);
    }

    /** Random rotations as the 1×1 convolutions' start. */
    public ConvFlowSpec(int levels, int stepsPerLevel, int hiddenChannels, float clamp, DenseFlowSpec head) {
        this(levels, stepsPerLevel, hiddenChannels, clamp, head, false);
    }

    public ConvFlowSpec {
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1, got " + levels);
        }
        if (stepsPerLevel < 1) {
            throw new IllegalArgumentException("steps per level must be >= 1, got " + stepsPerLevel);
        }
        if (hiddenChannels < 1) {
            throw new IllegalArgumentException("hidden channels must be >= 1, got " + hiddenChannels);
        }
        if (!(clamp > 0)) {
            throw new IllegalArgumentException("clamp must be > 0, got " + clamp);
        }
    }

    /**
     * Builds the flow for [B, channels, height, width] images; parameters are created in
     * {@code params} under names starting with {@code prefix}.
     */
    public MultiScaleFlow build(ParameterSet params, String prefix, int channels, int height, int width,
            SplittableRandom rng) {
        MultiScaleFlow.checkSize(channels, height, width, levels);
        List<FlowSequence> flows = new ArrayList<>();
        int c = channels;
        for (int l = 0; l < levels; l++) {
            c *= 4;
            List<InvertibleLayer> layers = new ArrayList<>();
            layers.add(new Squeeze());
            for (int k = 0; k < stepsPerLevel; k++) {
                String n = prefix + ".level" + l + ".step" + k;
                layers.add(new ActNorm(params, n + ".actnorm", c));
                layers.add(!haar ? new InvertibleConv1x1(params, n + ".mix", c, rng)
                        : new InvertibleConv1x1(params, n + ".mix",
                                k == 0 ? InvertibleConv1x1.haar(c) : InvertibleConv1x1.identity(c)));
                layers.add(new ConvAffineCoupling(params, n + ".coupling", c, hiddenChannels, clamp, rng));
            }
            flows.add(new FlowSequence(layers));
            c /= 2;
        }
        // Squeezes keep the number of values and each of the L − 1 splits halves it.
        int coarsestDim = channels * height * width >> (levels - 1);
        InvertibleLayer top = head == null ? null : head.build(params, prefix + ".head", coarsestDim, rng);
        return new MultiScaleFlow(channels, height, width, flows, top);
    }
}
