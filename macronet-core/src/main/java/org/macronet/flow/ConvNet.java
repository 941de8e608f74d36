package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The conditioner of a convolutional coupling: [B, in, H, W] → [B, out, H, W] through
 * 3×3 conv → GELU → 1×1 conv → GELU → 3×3 conv (Glow's shape), with the last conv initialised to zero
 * so that a fresh coupling is the identity. Fields are periodic, so the 3×3 convs pad circularly
 * (wrapped rows and columns, then a 'valid' conv); DJL's own padding is zeros and would break the
 * translation equivariance on the torus. Not invertible itself.
 */
final class ConvNet {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final ParameterSet.Parameter[] weights;
    private final ParameterSet.Parameter[] biases;
    private final int[] kernels;

    ConvNet(ParameterSet params, String name, int in, int hidden, int out, SplittableRandom rng) {
        int[] widths = {in, hidden, hidden, out};
        this.kernels = new int[] {3, 1, 3};
        weights = new ParameterSet.Parameter[3];
        biases = new ParameterSet.Parameter[3];
        for (int l = 0; l < 3; l++) {
            int ci = widths[l];
            int co = widths[l + 1];
            int k = kernels[l];
            boolean last = l == 2;
            // PyTorch's default Conv2d init, U(−1/√fanIn, 1/√fanIn) with fanIn = in·k·k; zeros for the output layer.
            double bound = 1.0 / Math.sqrt((double) ci * k * k);
            float[] w = new float[co * ci * k * k];
            float[] b = new float[co];
            if (!last) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            // torch conv2d layout: weight [out, in, kH, kW].
            weights[l] = params.create(name + ".w" + l, w, new Shape(co, ci, k, k), true);
            biases[l] = params.create(name + ".b" + l, b, new Shape(co), true);
        }
    }

    NDArray apply(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < weights.length; l++) {
            NDArray in = kernels[l] == 3 ? circularPad(h, 1) : h;
            h = in.getNDArrayInternal()
                    .convolution(in, weights[l].value(x), biases[l].value(x), ONE, NO_PAD, ONE, 1)
                    .singletonOrThrow();
            if (l < weights.length - 1) {
                h = h.getNDArrayInternal().gelu();
            }
        }
        return h;
    }

    /**
     * Pads a [B, C, H, W] batch by {@code p} pixels on every side with the values wrapped around the
     * torus (p ≤ H, W), so that a 'valid' k×k conv with k = 2p + 1 is a periodic convolution.
     */
    static NDArray circularPad(NDArray x, int p) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (p > h || p > w) {
            throw new IllegalArgumentException("circular padding " + p + " exceeds the image size " + h + "x" + w);
        }
        NDArray rows = NDArrays.concat(new NDList(
                x.get(new NDIndex(":, :, " + (h - p) + ":, :")), x, x.get(new NDIndex(":, :, 0:" + p + ", :"))), 2);
        return NDArrays.concat(new NDList(
                rows.get(new NDIndex(":, :, :, " + (w - p) + ":")), rows, rows.get(new NDIndex(":, :, :, 0:" + p))), 3);
    }
}
