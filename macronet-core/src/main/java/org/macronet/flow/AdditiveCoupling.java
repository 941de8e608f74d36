package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.SplittableRandom;

/** NICE additive coupling on a [B, D] batch: y_b = x_b + t(x_a); volume preserving (log|det J| = 0). */
public final class AdditiveCoupling implements InvertibleLayer {
    private final Mlp net;
    private final NDIndex first;
    private final NDIndex second;

    public AdditiveCoupling(ParameterSet params, String name, int dim, int[] hidden, SplittableRandom rng) {
        if (dim < 2) {
            throw new IllegalArgumentException("coupling needs dim >= 2, got " + dim);
        }
        int split = dim / 2;
        int[] widths = new int[hidden.length + 2];
        widths[0] = split;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = dim - split;
        this.net = new Mlp(params, name, widths, rng);
        this.first = new NDIndex(":, 0:" + split);
        this.second = new NDIndex(":, " + split + ":");
    }

    @Override
    public FlowResult forward(NDArray x) {
        NDArray xa = x.get(first);
        NDArray yb = x.get(second).add(net.apply(xa));
        return new FlowResult(NDArrays.concat(new NDList(xa, yb), 1), x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0))));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        NDArray ya = y.get(first);
        NDArray xb = y.get(second).sub(net.apply(ya));
        return new FlowResult(NDArrays.concat(new NDList(ya, xb), 1), y.getManager().zeros(new ai.djl.ndarray.types.Shape(y.getShape().get(0))));
    }
}
