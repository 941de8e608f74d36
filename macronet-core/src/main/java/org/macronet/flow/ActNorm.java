package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Per-channel affine normalisation (Glow): y = (x + b)·exp(s), channels on axis 1 of a [B, C] or
 * [B, C, H, W] batch. Initialised from the first batch it sees so that its output has zero mean and
 * unit variance per channel; the "initialised" flag is a saved buffer, so a reloaded model is not
 * initialised again.
 */
public final class ActNorm implements InvertibleLayer {
    private final ParameterSet params;
    private final String name;
    private final int channels;
    private final ParameterSet.Parameter bias;
    private final ParameterSet.Parameter logScale;
    private final ParameterSet.Parameter initialised;

    public ActNorm(ParameterSet params, String name, int channels) {
        this.params = params;
        this.name = name;
        this.channels = channels;
        this.bias = params.create(name + ".bias", new float[channels], new Shape(channels), true);
        this.logScale = params.create(name + ".logscale", new float[channels], new Shape(channels), true);
        this.initialised = params.create(name + ".initialised", new float[1], new Shape(1), false);
    }

    public boolean isInitialised() {
        return params.get(initialised.name()).getFloat(0) != 0f;
    }

    /** Shape that broadcasts a per-channel vector against the batch. */
    private Shape broadcast(NDArray x) {
        long[] s = new long[x.getShape().dimension()];
        java.util.Arrays.fill(s, 1);
        s[1] = channels;
        return new Shape(s);
    }

    /** A [C] vector shaped to broadcast against the batch (a [B, C] batch needs no reshape). */
    private NDArray perChannel(NDArray v, NDArray x) {
        if (x.getShape().dimension() == 2) {
            return v;
        }
        return Ops.local(v.reshape(broadcast(x)), x);
    }

    private long pixels(NDArray x) {
        return x.getShape().size() / (x.getShape().get(0) * channels);
    }

    @Override
    public FlowResult forward(NDArray x) {
        NDArray s = logScale.value(x);
        NDArray y = x.add(perChannel(bias.value(x), x)).mul(perChannel(s.exp(), x));
        NDArray ld = Ops.perSample(s.sum().mul(Ops.constant((float) pixels(x), x)), x);
        return new FlowResult(y, ld);
    }

    @Override
    public FlowResult inverse(NDArray y) {
        NDArray s = logScale.value(y);
        NDArray x = y.mul(perChannel(s.neg().exp(), y)).sub(perChannel(bias.value(y), y));
        NDArray ld = Ops.perSample(s.sum().mul(Ops.constant((float) -pixels(y), y)), y);
        return new FlowResult(x, ld);
    }

    @Override
    public NDArray initialize(NDArray x) {
        if (!isInitialised()) {
            // DJL's PyTorch mean reduces over one axis only, so an image batch is first laid out as
            // [C, B·H·W] (channels first, then every value of that channel).
            NDArray flat = x.getShape().dimension() == 2
                    ? x
                    : x.swapAxes(0, 1).reshape(channels, -1).transpose();
            float[] mean = flat.mean(new int[] {0}).toFloatArray();
            float[] var = flat.sub(flat.mean(new int[] {0}, true)).square().mean(new int[] {0}).toFloatArray();
            float[] b = new float[channels];
            float[] s = new float[channels];
            for (int c = 0; c < channels; c++) {
                b[c] = -mean[c];
                s[c] = (float) (-0.5 * Math.log(var[c] + 1e-6));
            }
            params.assign(name + ".bias", b);
            params.assign(name + ".logscale", s);
            params.assign(name + ".initialised", new float[] {1f});
        }
        return forward(x).output();
    }
}
