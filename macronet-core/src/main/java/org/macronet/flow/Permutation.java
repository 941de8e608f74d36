package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * A fixed permutation of the coordinates of a [B, D] batch (volume preserving). The permutation is
 * stored as a buffer, so a saved model carries it; reversal is the cheapest choice for D = 2.
 */
public final class Permutation implements InvertibleLayer {
    private final int[] forwardIndex;
    private final int[] inverseIndex;
    private final boolean reverse;
    private final NDArray forwardArray;
    private final NDArray inverseArray;

    private Permutation(ParameterSet params, String name, int[] perm) {
        this.forwardIndex = perm.clone();
        this.inverseIndex = new int[perm.length];
        boolean rev = true;
        for (int i = 0; i < perm.length; i++) {
            inverseIndex[perm[i]] = i;
            rev &= perm[i] == perm.length - 1 - i;
        }
        this.reverse = rev;
        float[] asFloat = new float[perm.length];
        for (int i = 0; i < perm.length; i++) {
            asFloat[i] = perm[i];
        }
        params.create(name + ".perm", asFloat, new Shape(perm.length), false);
        long[] f = new long[perm.length];
        long[] inv = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            f[i] = forwardIndex[i];
            inv[i] = inverseIndex[i];
        }
        this.forwardArray = params.manager().create(f);
        this.inverseArray = params.manager().create(inv);
    }

    /** Reverses the coordinate order. */
    public static Permutation reverse(ParameterSet params, String name, int dim) {
        int[] p = new int[dim];
        for (int i = 0; i < dim; i++) {
            p[i] = dim - 1 - i;
        }
        return new Permutation(params, name, p);
    }

    /** A uniformly random permutation drawn from {@code rng}. */
    public static Permutation random(ParameterSet params, String name, int dim, SplittableRandom rng) {
        return new Permutation(params, name, org.macronet.random.Seeds.permutation(dim, rng));
    }

    /** The permutation: output coordinate i is input coordinate perm[i]. */
    int[] forwardIndex() {
        return forwardIndex.clone();
    }

    /** Whether this is the reversal of the coordinates. */
    boolean isReversal() {
        return reverse;
    }

    /** The permuted batch (or, with {@code inverse}, the batch permuted back). */
    NDArray apply(NDArray x, boolean inverse) {
        if (reverse) {
            return x.flip(1);
        }
        return x.get(new NDIndex(":, {}", inverse ? inverseArray : forwardArray));
    }

    @Override
    public FlowResult forward(NDArray x) {
        return new FlowResult(apply(x, false), x.getManager().zeros(new Shape(x.getShape().get(0)), DataType.FLOAT32));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        return new FlowResult(apply(y, true), y.getManager().zeros(new Shape(y.getShape().get(0)), DataType.FLOAT32));
    }
}
