package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Glow's invertible 1×1 convolution on a [B, C, H, W] batch: the same invertible C×C matrix W mixes
 * the channels of every pixel, y[:, i, h, w] = Σ_j W_ij·x[:, j, h, w]. W is LU parametrised exactly as
 * in {@link InvertibleLinear} (same parameter names, random rotation at start), so
 * log|det J| = H·W·Σ log|diag U|.
 */
public final class InvertibleConv1x1 implements InvertibleLayer {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final int channels;
    private final InvertibleLinear matrix;

    public InvertibleConv1x1(ParameterSet params, String name, int channels, SplittableRandom rng) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        this.channels = channels;
        this.matrix = new InvertibleLinear(params, name, channels, rng);
    }

    /** A 1×1 convolution that starts as the given invertible C×C channel mixing. */
    public InvertibleConv1x1(ParameterSet params, String name, double[][] initial) {
        this.channels = initial.length;
        this.matrix = new InvertibleLinear(params, name, initial);
    }

    /**
     * The orthonormal Haar transform of the 2×2 blocks that {@link Squeeze} stacks into channels: for C
     * input channels (4C squeezed channels ordered (c, row, column)), output channels 0..C−1 are the block
     * sums/2 (local averages), then C horizontal, C vertical and C diagonal differences. After it, the first
     * half of the channels, which a multi-scale flow keeps, holds the averages.
     */
    public static double[][] haar(int squeezedChannels) {
        if (squeezedChannels % 4 != 0) {
            throw new IllegalArgumentException("Haar mixing needs a multiple of 4 channels, got " + squeezedChannels);
        }
        int c = squeezedChannels / 4;
        double[][] signs = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
        double[][] w = new double[squeezedChannels][squeezedChannels];
        for (int band = 0; band < 4; band++) {
            for (int ch = 0; ch < c; ch++) {
                for (int sub = 0; sub < 4; sub++) {
                    w[band * c + ch][ch * 4 + sub] = 0.5 * signs[band][sub];
                }
            }
        }
        return w;
    }

    /** The C×C identity. */
    public static double[][] identity(int channels) {
        double[][] w = new double[channels][channels];
        for (int i = 0; i < channels; i++) {
            w[i][i] = 1;
        }
        return w;
    }

    private long pixels(NDArray x) {
        long[] s = Squeeze.checkImage(x, "InvertibleConv1x1");
        if (s[1] != channels) {
            throw new IllegalArgumentException("InvertibleConv1x1 built for " + channels + " channels, got "
                    + x.getShape());
        }
        return s[2] * s[3];
    }

    private static NDArray conv(NDArray x, NDArray w) {
        // torch conv2d needs a bias tensor here; a zero one keeps the map linear.
        NDArray bias = x.getManager().zeros(new Shape(w.getShape().get(0)));
        NDArray kernel = w.reshape(w.getShape().get(0), w.getShape().get(1), 1, 1);
        return x.getNDArrayInternal().convolution(x, kernel, bias, ONE, NO_PAD, ONE, 1).singletonOrThrow();
    }

    @Override
    public FlowResult forward(NDArray x) {
        long n = pixels(x);
        NDArray y = conv(x, matrix.weight(x));
        return new FlowResult(y, Ops.perSample(matrix.logAbsDet(x).mul(Ops.constant((float) n, x)), x));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        long n = pixels(y);
        NDArray x = conv(y, matrix.weight(y).inverse());
        return new FlowResult(x, Ops.perSample(matrix.logAbsDet(y).mul(Ops.constant((float) -n, y)), y));
    }
}
