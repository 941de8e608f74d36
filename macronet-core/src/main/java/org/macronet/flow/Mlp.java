package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The conditioner network of a coupling: in → hidden → ... → out, GELU activations, last layer
 * initialised to zero so that a fresh coupling is the identity. Not invertible itself.
 */
final class Mlp {
    private final ParameterSet.Parameter[] weights;
    private final ParameterSet.Parameter[] biases;

    /**
     * @param widths layer widths including input and output, e.g. {1, 64, 64, 2}
     */
    Mlp(ParameterSet params, String name, int[] widths, SplittableRandom rng) {
        int layers = widths.length - 1;
        weights = new ParameterSet.Parameter[layers];
        biases = new ParameterSet.Parameter[layers];
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            float[][] wb = initialLayer(in, out, l == layers - 1, rng);
            // torch.linear layout: weight [out, in].
            weights[l] = params.create(name + ".w" + l, wb[0], new Shape(out, in), true);
            biases[l] = params.create(name + ".b" + l, wb[1], new Shape(out), true);
        }
    }

    /**
     * Initial {weight [out·in], bias [out]} of one layer: PyTorch's default Linear init, U(−1/√in, 1/√in),
     * or zeros for the output layer (which draws nothing from {@code rng}).
     */
    static float[][] initialLayer(int in, int out, boolean last, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(in);
        float[] w = new float[in * out];
        float[] b = new float[out];
        if (!last) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return new float[][] {w, b};
    }

    NDArray apply(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < weights.length; l++) {
            h = h.getNDArrayInternal().linear(h, weights[l].value(x), biases[l].value(x)).singletonOrThrow();
            if (l < weights.length - 1) {
                h = h.getNDArrayInternal().gelu();
            }
        }
        return h;
    }
}
