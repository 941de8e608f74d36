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

    /** The conv weights and biases of this net on the batch's scope: w0, b0, w1, b1, w2, b2. */
    NDList parameters(NDArray batch) {
        NDList out = new NDList(2 * weights.length);
        for (int l = 0; l < weights.length; l++) {
            out.add(weights[l].value(batch));
            out.add(biases[l].value(batch));
        }
        return out;
    }

    /**
     * TorchScript lines that compute this net's output {@code out} from {@code in}, an [B, C, h, w] batch
     * (see {@link ConvAffineCoupling}): the operations of {@link #apply} in order, with the weights and
     * biases w0, b0, w1, b1, w2, b2 in scope.
     *
     * <p>The input's circular padding is {@link #circularPad}'s cuts and concatenations: the input has another
     * use, and its gradient adds the terms of all its uses in the order they were recorded. The hidden layer,
     * padded for its only use, is instead split into its first, middle and last rows (then columns) and put
     * together again with the wrapped ones: the same values, and gradients that add the same two terms per
     * value, without the zero-filled copy of the whole tensor that the gradient of each cut would be. Without
     * gradient recording (encoding, validation) both are padded by the engine's circular padding in one copy:
     * padding moves values, so the results are the same either way.
     */
    static String scriptLines(String in, String out, long h, long w, String indent) {
        String in2 = indent + "  ";
        return indent + "if torch.is_grad_enabled():\n"
                + in2 + "r = torch.cat([torch.slice(" + in + ", 2, " + (h - 1) + ", " + h + "), " + in
                + ", torch.slice(" + in + ", 2, 0, 1)], 2)\n"
                + in2 + "h = torch.cat([torch.slice(r, 3, " + (w - 1) + ", " + w + "), r, torch.slice(r, 3, 0, 1)], 3)\n"
                + indent + "else:\n"
                + in2 + "h = torch.pad(" + in + ", [1, 1, 1, 1], \"circular\")\n"
                + indent + "h = torch.conv2d(h, w0, b0)\n"
                + indent + "h = torch.gelu(torch.conv2d(torch.gelu(h), w1, b1))\n"
                + indent + "if torch.is_grad_enabled():\n"
                + wrap("h", 2, h, in2) + wrap("h", 3, w, in2)
                + indent + "else:\n"
                + in2 + "h = torch.pad(h, [1, 1, 1, 1], \"circular\")\n"
                + indent + out + " = torch.conv2d(h, w2, b2)\n";
    }

    /** Lines that pad {@code v} circularly by one along {@code dim} (of size n), in place of the variable. */
    private static String wrap(String v, int dim, long n, String indent) {
        if (n < 2) {
            // One row (column): circularPad's own cuts.
            return indent + v + " = torch.cat([torch.slice(" + v + ", " + dim + ", 0, 1), " + v + ", torch.slice(" + v
                    + ", " + dim + ", 0, 1)], " + dim + ")\n";
        }
        return indent + "e = torch.split(" + v + ", [1, " + (n - 2) + ", 1], " + dim + ")\n"
                + indent + v + " = torch.cat([e[2], e[0], e[1], e[2], e[0]], " + dim + ")\n";
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
