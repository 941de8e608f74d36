package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.SplittableRandom;

/**
 * Affine coupling on a [B, C, H, W] batch (C ≥ 2), split along channels: the first ⌊C/2⌋ channels
 * x_a pass unchanged and condition a per-pixel scale and shift of the rest,
 * y_b = x_b·exp(s) + t with (t, s_raw) = CNN(x_a) and the soft clamp s = α·tanh(s_raw/α), as in
 * {@link AffineCoupling}. log|det J| = Σ s over channels and pixels. The conditioner ({@link ConvNet})
 * pads circularly, so the layer commutes with periodic translations of the image.
 */
public final class ConvAffineCoupling implements InvertibleLayer {
    private final int channels;
    private final float clamp;
    private final ConvNet net;
    private final NDIndex first;
    private final NDIndex second;
    private final NDIndex shiftPart;
    private final NDIndex scalePart;

    /**
     * @param channels C, at least 2
     * @param hidden channels of the conditioner's hidden layers, ≥ 1
     * @param clamp α &gt; 0
     */
    public ConvAffineCoupling(ParameterSet params, String name, int channels, int hidden, float clamp,
            SplittableRandom rng) {
        if (channels < 2) {
            throw new IllegalArgumentException("a channel coupling needs >= 2 channels, got " + channels);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden channels must be >= 1, got " + hidden);
        }
        if (!(clamp > 0)) {
            throw new IllegalArgumentException("clamp must be > 0, got " + clamp);
        }
        int split = channels / 2;
        int rest = channels - split;
        this.channels = channels;
        this.clamp = clamp;
        this.net = new ConvNet(params, name, split, hidden, 2 * rest, rng);
        this.first = new NDIndex(":, 0:" + split);
        this.second = new NDIndex(":, " + split + ":");
        this.shiftPart = new NDIndex(":, 0:" + rest);
        this.scalePart = new NDIndex(":, " + rest + ":");
    }

    private void check(NDArray x) {
        long[] s = Squeeze.checkImage(x, "ConvAffineCoupling");
        if (s[1] != channels) {
            throw new IllegalArgumentException("ConvAffineCoupling built for " + channels + " channels, got "
                    + x.getShape());
        }
    }

    private NDArray[] scaleShift(NDArray xa) {
        NDArray st = net.apply(xa);
        NDArray t = st.get(shiftPart);
        NDArray alpha = Ops.constant(clamp, st);
        NDArray s = st.get(scalePart).div(alpha).tanh().mul(alpha);
        return new NDArray[] {s, t};
    }

    @Override
    public FlowResult forward(NDArray x) {
        check(x);
        NDArray xa = x.get(first);
        NDArray[] st = scaleShift(xa);
        NDArray yb = x.get(second).mul(st[0].exp()).add(st[1]);
        return new FlowResult(NDArrays.concat(new NDList(xa, yb), 1), st[0].sum(new int[] {1, 2, 3}));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        check(y);
        NDArray ya = y.get(first);
        NDArray[] st = scaleShift(ya);
        NDArray xb = y.get(second).sub(st[1]).mul(st[0].neg().exp());
        return new FlowResult(NDArrays.concat(new NDList(ya, xb), 1), st[0].sum(new int[] {1, 2, 3}).neg());
    }
}
