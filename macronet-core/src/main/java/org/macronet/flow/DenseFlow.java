package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.macronet.engine.ScriptFunction;

/**
 * A {@link DenseFlowSpec} flow on [B, D] batches as one layer: {@code blocks} × [ActNorm → coupling →
 * mixing], the same function, parameters (names, shapes, initial values) and log-determinants as those
 * layers composed one by one ({@link DenseFlowSpec#buildLayers}), in about half the engine calls.
 *
 * <p>Small flows are bound by the cost of each engine call (a few microseconds, with autograd more),
 * not by arithmetic, so this layer saves calls: the parameters of one kind (e.g. every block's first
 * conditioner weight) sit next to each other in the flat buffer and are cut into per-block views with
 * one split; every ActNorm scale is exponentiated in one call; the soft clamp's 1/α is applied to the
 * last conditioner layer's scale rows once per pass (α = 2 scales exactly, so the values are bit for bit
 * those of α·tanh(s/α)); a reversal of two coordinates is the order of one concatenation. Log-determinant
 * terms are added in the layers' order, so that sums, like everything else, are bit for bit theirs. With reverse or random mixing the whole forward pass is one engine
 * call: the same operations written out as a TorchScript function ({@link DenseFlowScript}), run as
 * written (bit for bit the same results and gradients).
 */
public final class DenseFlow implements InvertibleLayer {
    private final ParameterSet params;
    private final String prefix;
    private final int dim;
    private final int split;
    private final int rest;
    private final int blocks;
    private final int[] widths;
    private final boolean affine;
    private final boolean actNorm;
    private final String mixing;
    private final float clamp;
    /** Conditioner layers. */
    private final int layers;
    /** The first and last of the flow's own parameters in the flat buffer (kind after kind, see the class comment). */
    private final ParameterSet.Parameter first;
    private final ParameterSet.Parameter last;
    private final Permutation[] permutations;
    private final InvertibleLinear[] linears;
    /** Per-row factor of the stacked last-layer weights [blocks·out, 1] and biases [blocks·out]: 1/α on scale rows. */
    private final NDArray lastWeightScale;
    private final NDArray lastBiasScale;
    /** The permutations of random mixing, [blocks, D] int64, or null. */
    private final NDArray permutationIndex;
    /** The forward pass and the transform as single engine calls (compiled on first use), or null for LU mixing. */
    private volatile ScriptFunction forwardScript;
    private volatile ScriptFunction transformScript;
    /** Whether passes run as one engine call where they can (tests compare both ways). */
    boolean scripted = true;

    DenseFlow(DenseFlowSpec spec, ParameterSet params, String prefix, int dim, SplittableRandom rng) {
        if (dim < 2) {
            throw new IllegalArgumentException("an invertible encoder needs dimension >= 2, got " + dim);
        }
        this.params = params;
        this.prefix = prefix;
        this.dim = dim;
        this.split = dim / 2;
        this.rest = dim - split;
        this.blocks = spec.blocks();
        this.affine = spec.coupling().equals("affine");
        this.actNorm = spec.actNorm();
        this.mixing = spec.mixing();
        this.clamp = spec.clamp();
        int layers = spec.hiddenLayers() + 1;
        this.widths = new int[layers + 1];
        Arrays.fill(widths, spec.hiddenWidth());
        widths[0] = split;
        widths[layers] = affine ? 2 * rest : rest;

        // The parameters of the layer-by-layer flow, created (and drawn from rng) in its order, so that a seed
        // gives the same network either way and saved files, optimizer state and the order of the gradient
        // norm's terms are those of the layers.
        ParameterSet.Parameter[] bias = new ParameterSet.Parameter[blocks];
        ParameterSet.Parameter[] logScale = new ParameterSet.Parameter[blocks];
        ParameterSet.Parameter[][] w = new ParameterSet.Parameter[layers][blocks];
        ParameterSet.Parameter[][] b = new ParameterSet.Parameter[layers][blocks];
        permutations = new Permutation[blocks];
        linears = new InvertibleLinear[blocks];
        for (int k = 0; k < blocks; k++) {
            if (actNorm) {
                bias[k] = params.create(name(k, "actnorm.bias"), new float[dim], new Shape(dim), true);
                logScale[k] = params.create(name(k, "actnorm.logscale"), new float[dim], new Shape(dim), true);
                params.create(name(k, "actnorm.initialised"), new float[1], new Shape(1), false);
            }
            for (int l = 0; l < layers; l++) {
                float[][] wb = Mlp.initialLayer(widths[l], widths[l + 1], l == layers - 1, rng);
                // torch.linear layout: weight [out, in].
                w[l][k] = params.create(name(k, "coupling.w" + l), wb[0], new Shape(widths[l + 1], widths[l]), true);
                b[l][k] = params.create(name(k, "coupling.b" + l), wb[1], new Shape(widths[l + 1]), true);
            }
            String mix = name(k, "mix");
            switch (mixing) {
                case "reverse" -> permutations[k] = Permutation.reverse(params, mix, dim);
                case "random" -> permutations[k] = Permutation.random(params, mix, dim, rng);
                default -> linears[k] = new InvertibleLinear(params, mix, dim, rng);
            }
        }
        // In the flat buffer, the parameters of one kind next to each other (see the class comment).
        List<ParameterSet.Parameter> kinds = new ArrayList<>();
        if (actNorm) {
            kinds.addAll(List.of(bias));
            kinds.addAll(List.of(logScale));
        }
        for (int l = 0; l < layers; l++) {
            kinds.addAll(List.of(w[l]));
            kinds.addAll(List.of(b[l]));
        }
        params.arrange(kinds);
        this.layers = layers;
        first = kinds.get(0);
        last = kinds.get(kinds.size() - 1);

        int out = widths[layers];
        float[] rows = new float[blocks * out];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = affine && i % out >= rest ? 1f / clamp : 1f;
        }
        NDManager m = params.manager();
        lastWeightScale = m.create(rows, new Shape(rows.length, 1));
        lastBiasScale = m.create(rows, new Shape(rows.length));
        if (mixing.equals("random")) {
            long[] perms = new long[blocks * dim];
            for (int k = 0; k < blocks; k++) {
                int[] p = permutations[k].forwardIndex();
                for (int i = 0; i < dim; i++) {
                    perms[k * dim + i] = p[i];
                }
            }
            permutationIndex = m.create(perms, new Shape(blocks, dim));
        } else {
            permutationIndex = null;
        }
    }

    /** The pass as one engine call, or null where it is computed op by op (LU mixing). */
    private ScriptFunction script(boolean logDet) {
        if (!scripted || mixing.equals("lu")) {
            return null;
        }
        ScriptFunction f = logDet ? forwardScript : transformScript;
        if (f == null) {
            f = ScriptFunction.of("MacroNetDenseFlow", DenseFlowScript.source(blocks, dim, widths, affine, actNorm,
                    mixing.equals("random"), logDet));
            if (logDet) {
                forwardScript = f;
            } else {
                transformScript = f;
            }
        }
        return f;
    }

    private NDList scriptInputs(NDArray x) {
        NDList in = new NDList(x, params.span(first, last, x), Ops.constant(clamp, x));
        if (affine) {
            in.add(lastWeightScale);
            in.add(lastBiasScale);
        }
        if (permutationIndex != null) {
            in.add(permutationIndex);
        }
        return in;
    }

    private String name(int block, String part) {
        return prefix + ".block" + block + "." + part;
    }

    /** The parameters of one pass, cut into per-block views of the batch's scope. */
    private final class Views {
        final NDList bias;
        final NDList scale;
        final NDList inverseScale;
        /** Σ log-scale of each block's ActNorm, [1] each (its log-det). */
        final NDList logScaleSums;
        final NDList[] w;
        final NDList[] b;

        Views(NDArray batch, boolean inverse, boolean logDet) {
            NDArray all = params.span(first, last, batch);
            long[] cuts = new long[(actNorm ? 2 : 0) + 2 * layers - 1];
            long at = 0;
            int c = 0;
            if (actNorm) {
                at += (long) blocks * dim;
                cuts[c++] = at;
                at += (long) blocks * dim;
                cuts[c++] = at;
            }
            for (int l = 0; l < layers; l++) {
                at += (long) blocks * widths[l + 1] * widths[l];
                cuts[c++] = at;
                at += (long) blocks * widths[l + 1];
                if (c < cuts.length) {
                    cuts[c++] = at;
                }
            }
            NDList parts = all.split(cuts, 0);
            int p = 0;
            if (actNorm) {
                bias = parts.get(p++).reshape(blocks, dim).split(blocks, 0);
                NDArray logScales = parts.get(p++);
                NDArray byBlock = logScales.reshape(blocks, dim);
                scale = inverse ? null : byBlock.exp().split(blocks, 0);
                inverseScale = inverse ? byBlock.neg().exp().split(blocks, 0) : null;
                logScaleSums = logDet ? byBlock.sum(new int[] {1}).split(blocks, 0) : null;
            } else {
                bias = null;
                scale = null;
                inverseScale = null;
                logScaleSums = null;
            }
            w = new NDList[layers];
            b = new NDList[layers];
            for (int l = 0; l < layers; l++) {
                NDArray wl = parts.get(p++).reshape((long) blocks * widths[l + 1], widths[l]);
                NDArray bl = parts.get(p++);
                if (l == layers - 1 && affine) {
                    wl = wl.mul(lastWeightScale);
                    bl = bl.mul(lastBiasScale);
                }
                w[l] = wl.split(blocks, 0);
                b[l] = bl.split(blocks, 0);
            }
        }
    }

    /** The conditioner of block k: (t, s_raw/α) for an affine coupling, t for an additive one. */
    private NDArray conditioner(Views v, int k, NDArray xa) {
        NDArray h = xa;
        for (int l = 0; l < layers; l++) {
            h = h.getNDArrayInternal().linear(h, v.w[l].get(k), v.b[l].get(k)).singletonOrThrow();
            if (l < layers - 1) {
                h = h.getNDArrayInternal().gelu();
            }
        }
        return h;
    }

    /** (x_a, x_b) → the mixed [x_a, y_b]. */
    private NDArray mix(int k, NDArray xa, NDArray yb) {
        if (permutations[k] != null && permutations[k].isReversal() && split == 1 && rest == 1) {
            return NDArrays.concat(new NDList(yb, xa), 1);
        }
        NDArray h = NDArrays.concat(new NDList(xa, yb), 1);
        return permutations[k] != null ? permutations[k].apply(h, false) : linears[k].apply(h);
    }

    /**
     * Block k on h, adding its log-det terms to {@code logDet} ([B, 1], or null before the first term) in
     * the layers' order (ActNorm, coupling, mixing), so that the sum is bit for bit theirs.
     */
    private NDArray block(Views v, int k, NDArray h, NDArray alpha, NDArray[] logDet) {
        if (actNorm) {
            h = h.add(v.bias.get(k)).mul(v.scale.get(k));
            if (logDet != null) {
                accumulate(logDet, v.logScaleSums.get(k));
            }
        }
        NDList parts = h.split(new long[] {split}, 1);
        NDArray xa = parts.get(0);
        NDArray st = conditioner(v, k, xa);
        NDArray yb;
        if (affine) {
            NDList ts = st.split(new long[] {rest}, 1);
            NDArray s = ts.get(1).tanh().mul(alpha);
            yb = parts.get(1).mul(s.exp()).add(ts.get(0));
            if (logDet != null) {
                accumulate(logDet, rowSum(s));
            }
        } else {
            yb = parts.get(1).add(st);
        }
        if (linears[k] != null && logDet != null) {
            accumulate(logDet, linears[k].logAbsDet(h));
        }
        return mix(k, xa, yb);
    }

    /** Σ over a row of s [B, n] as [B, 1] (a single column is its own sum). */
    private static NDArray rowSum(NDArray s) {
        return s.getShape().get(1) == 1 ? s : s.sum(new int[] {1}, true);
    }

    /**
     * logDet[0] += term; a first term that is a constant ([1] or []) stays one until a per-sample one arrives.
     * No-op when {@code logDet} is null (a pass that needs no log-det).
     */
    private static void accumulate(NDArray[] logDet, NDArray term) {
        if (logDet != null) {
            logDet[0] = logDet[0] == null ? term : logDet[0].add(term);
        }
    }

    @Override
    public FlowResult forward(NDArray x) {
        check(x);
        ScriptFunction f = script(true);
        if (f != null) {
            NDList out = f.call(scriptInputs(x));
            return new FlowResult(out.get(0), out.get(1));
        }
        Views v = new Views(x, false, true);
        NDArray alpha = Ops.constant(clamp, x);
        NDArray[] logDet = new NDArray[1];
        NDArray h = x;
        for (int k = 0; k < blocks; k++) {
            h = block(v, k, h, alpha, logDet);
        }
        return new FlowResult(h, perSample(x, logDet[0], false));
    }

    @Override
    public NDArray transform(NDArray x) {
        check(x);
        ScriptFunction f = script(false);
        if (f != null) {
            return f.call(scriptInputs(x)).singletonOrThrow();
        }
        Views v = new Views(x, false, false);
        NDArray alpha = Ops.constant(clamp, x);
        NDArray h = x;
        for (int k = 0; k < blocks; k++) {
            h = block(v, k, h, alpha, null);
        }
        return h;
    }

    @Override
    public FlowResult inverse(NDArray y) {
        check(y);
        Views v = new Views(y, true, true);
        NDArray alpha = Ops.constant(clamp, y);
        // The forward terms in the order the layers' inverses add their negations; negated at the end.
        NDArray[] logDet = new NDArray[1];
        NDArray h = y;
        for (int k = blocks - 1; k >= 0; k--) {
            NDArray unmixed;
            if (linears[k] != null) {
                unmixed = linears[k].applyInverse(h);
                accumulate(logDet, linears[k].logAbsDet(h));
            } else {
                unmixed = permutations[k].apply(h, true);
            }
            NDList parts = unmixed.split(new long[] {split}, 1);
            NDArray ya = parts.get(0);
            NDArray st = conditioner(v, k, ya);
            NDArray xb;
            if (affine) {
                NDList ts = st.split(new long[] {rest}, 1);
                NDArray s = ts.get(1).tanh().mul(alpha);
                xb = parts.get(1).sub(ts.get(0)).mul(s.neg().exp());
                accumulate(logDet, rowSum(s));
            } else {
                xb = parts.get(1).sub(st);
            }
            h = NDArrays.concat(new NDList(ya, xb), 1);
            if (actNorm) {
                h = h.mul(v.inverseScale.get(k)).sub(v.bias.get(k));
                accumulate(logDet, v.logScaleSums.get(k));
            }
        }
        return new FlowResult(h, perSample(y, logDet[0], true));
    }

    /** The accumulated log-det as [B] (zeros for a volume-preserving flow), negated for an inverse pass. */
    private static NDArray perSample(NDArray batch, NDArray sum, boolean negate) {
        long n = batch.getShape().get(0);
        NDArray ld;
        if (sum == null) {
            ld = batch.getManager().zeros(new Shape(n), DataType.FLOAT32);
        } else if (sum.getShape().dimension() == 2) {
            ld = sum.reshape(n);
        } else {
            ld = Ops.perSample(sum, batch);
        }
        return negate ? ld.neg() : ld;
    }

    /**
     * Data-dependent initialisation of every block's ActNorm not yet initialised (zero mean, unit variance
     * per coordinate of the batch it sees), block by block as the layer-by-layer flow does.
     */
    @Override
    public NDArray initialize(NDArray x) {
        check(x);
        NDArray h = x;
        NDArray alpha = Ops.constant(clamp, x);
        for (int k = 0; k < blocks; k++) {
            if (actNorm && params.get(name(k, "actnorm.initialised")).getFloat(0) == 0f) {
                float[] mean = h.mean(new int[] {0}).toFloatArray();
                float[] var = h.sub(h.mean(new int[] {0}, true)).square().mean(new int[] {0}).toFloatArray();
                float[] bias = new float[dim];
                float[] logScale = new float[dim];
                for (int c = 0; c < dim; c++) {
                    bias[c] = -mean[c];
                    logScale[c] = (float) (-0.5 * Math.log(var[c] + 1e-6));
                }
                params.assign(name(k, "actnorm.bias"), bias);
                params.assign(name(k, "actnorm.logscale"), logScale);
                params.assign(name(k, "actnorm.initialised"), new float[] {1f});
            }
            // Views cut after the assignment: the exponentiated scales are computed when cut.
            h = block(new Views(x, false, false), k, h, alpha, null);
        }
        return h;
    }

    private void check(NDArray x) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != dim) {
            throw new IllegalArgumentException("dense flow built for [B, " + dim + "] batches, got " + x.getShape());
        }
    }
}
