package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.SplittableRandom;

/**
 * RealNVP affine coupling on a [B, D] batch: the first {@code split} coordinates pass unchanged and
 * condition a scale and shift of the rest, y_b = x_b·exp(s) + t, with the soft clamp
 * s = α·tanh(s_raw/α) that bounds every per-layer log-scale to (−α, α).
 */
public final class AffineCoupling implements InvertibleLayer {
    private final int split;
    private final int rest;
    private final float clamp;
    private final Mlp net;
    private final NDIndex first;
    private final NDIndex second;
    private final NDIndex shiftPart;
    private final NDIndex scalePart;

    /**
     * @param dim D, at least 2
     * @param hidden hidden widths of the conditioner
     * @param clamp α &gt; 0
     */
    public AffineCoupling(ParameterSet params, String name, int dim, int[] hidden, float clamp,
            SplittableRandom rng) {
        if (dim < 2) {
            throw new IllegalArgumentException("coupling needs dim >= 2, got " + dim);
        }
        if (!(clamp > 0)) {
            throw new IllegalArgumentException("clamp must be > 0, got " + clamp);
        }
        this.split = dim / 2;
        this.rest = dim - split;
        this.clamp = clamp;
        int[] widths = new int[hidden.length + 2];
        widths[0] = split;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = 2 * rest;
        this.net = new Mlp(params, name, widths, rng);
        this.first = new NDIndex(":, 0:" + split);
        this.second = new NDIndex(":, " + split + ":");
        this.shiftPart = new NDIndex(":, 0:" + rest);
        this.scalePart = new NDIndex(":, " + rest + ":");
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
        NDArray xa = x.get(first);
        NDArray[] st = scaleShift(xa);
        NDArray yb = x.get(second).mul(st[0].exp()).add(st[1]);
        return new FlowResult(NDArrays.concat(new NDList(xa, yb), 1), st[0].sum(new int[] {1}));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        NDArray ya = y.get(first);
        NDArray[] st = scaleShift(ya);
        NDArray xb = y.get(second).sub(st[1]).mul(st[0].neg().exp());
        return new FlowResult(NDArrays.concat(new NDList(ya, xb), 1), st[0].sum(new int[] {1}).neg());
    }
}
