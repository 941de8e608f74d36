package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import org.macronet.engine.Tensors;

/**
 * Glow-like multi-scale flow from an image batch [B, C, H, W] to a flat latent [B, C·H·W].
 *
 * <p>Level l = 1..L is a {@link FlowSequence} that starts with a {@link Squeeze} (channels ×4,
 * height and width ÷2) followed by its steps. After every level except the last, the input of the
 * next level is channels [0, c/2) of that level's output; channels [c/2, c) are factored out: they go
 * to the latent as they are and are not transformed further. Let z_l be the part factored out at
 * level l (l &lt; L) and z_L the whole output of the last level. The flat latent is
 *
 * <pre>[ z_L, z_{L−1}, …, z_1 ]</pre>
 *
 * each part flattened row-major over its own (channel, row, column): z_l (l &lt; L) has C·2^l channels
 * on an (H/2^l)×(W/2^l) grid, z_L has C_L = C·2^(L+1) channels on an H_L×W_L = (H/2^L)×(W/2^L) grid,
 * e.g. for C = 1, 64×64, L = 3: z_3 = 16×8×8, z_2 = 4×16×16, z_1 = 2×32×32. The latent therefore starts with
 * the coarsest scale: its first C_L·H_L·W_L coordinates are z_L (channel-major, so coordinate k is
 * channel k / (H_L·W_L) of the coarsest grid), and MacroNet's macrostate, the first few coordinates, is
 * taken from there. With an optional dense {@code head} (a flow on [B, C_L·H_L·W_L]), the first part
 * is head(z_L) instead of z_L: the macrostate can then be a global function of the coarsest features
 * (for instance a translation-invariant one, such as a channel's mean over the periodic grid), which
 * a single coarse pixel of a convolutional stack is not. {@link #inverse} maps such a flat latent
 * back to an image; both directions return the log-determinant of the forward map with the usual
 * signs. H and W must be divisible by 2^L. All convolutions pad circularly, so without a head the
 * stack commutes with periodic shifts by multiples of 2^L pixels.
 */
public final class MultiScaleFlow implements InvertibleLayer {
    private final int channels;
    private final int height;
    private final int width;
    private final List<FlowSequence> levels;
    private final InvertibleLayer head;
    /** Per level: shape [c, h, w] of the level's output. */
    private final long[][] outShapes;

    /**
     * @param channels C of the input images
     * @param height H, divisible by 2^L
     * @param width W, divisible by 2^L
     * @param levels one flow per level, each beginning with a {@link Squeeze}; level 1 sees the image,
     *     level l &gt; 1 the kept half of level l−1's output (use {@link ConvFlowSpec#build})
     * @param head flow on the flattened coarsest scale [B, {@link #coarsestDim()}], or null for none
     */
    public MultiScaleFlow(int channels, int height, int width, List<FlowSequence> levels, InvertibleLayer head) {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a multi-scale flow needs at least one level");
        }
        checkSize(channels, height, width, levels.size());
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.levels = List.copyOf(levels);
        this.head = head;
        this.outShapes = new long[levels.size()][];
        long c = channels;
        long h = height;
        long w = width;
        for (int l = 0; l < levels.size(); l++) {
            c *= 4;
            h /= 2;
            w /= 2;
            outShapes[l] = new long[] {c, h, w};
            c /= 2;
        }
    }

    static void checkSize(int channels, int height, int width, int levels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        int factor = 1 << levels;
        if (height < factor || width < factor || height % factor != 0 || width % factor != 0) {
            throw new IllegalArgumentException(levels + " levels need height and width divisible by " + factor
                    + ", got " + height + "x" + width);
        }
    }

    /** A flow without a dense head. */
    public MultiScaleFlow(int channels, int height, int width, List<FlowSequence> levels) {
        this(channels, height, width, levels, null);
    }

    public List<FlowSequence> levels() {
        return levels;
    }

    /** The dense flow on the coarsest scale, if any. */
    public java.util.Optional<InvertibleLayer> head() {
        return java.util.Optional.ofNullable(head);
    }

    /** Number of latent coordinates, C·H·W. */
    public int latentDim() {
        return channels * height * width;
    }

    /** Size of the coarsest part z_L, which opens the latent. */
    public int coarsestDim() {
        long[] s = outShapes[levels.size() - 1];
        return Math.toIntExact(s[0] * s[1] * s[2]);
    }

    private void checkInput(NDArray x) {
        long[] s = Squeeze.checkImage(x, "MultiScaleFlow");
        if (s[1] != channels || s[2] != height || s[3] != width) {
            throw new IllegalArgumentException("MultiScaleFlow built for [B, " + channels + ", " + height + ", "
                    + width + "], got " + x.getShape());
        }
    }

    @Override
    public FlowResult forward(NDArray x) {
        return run(x, false);
    }

    @Override
    public NDArray initialize(NDArray x) {
        return run(x, true).output();
    }

    private FlowResult run(NDArray x, boolean init) {
        checkInput(x);
        long b = x.getShape().get(0);
        NDArray h = x;
        NDArray logDet = null;
        NDArray[] parts = new NDArray[levels.size()];
        for (int l = 0; l < levels.size(); l++) {
            FlowSequence level = levels.get(l);
            if (init) {
                // ActNorm initialises from the batch; its forward afterwards gives the log-det.
                h = level.initialize(h);
            } else {
                FlowResult r = level.forward(h);
                h = r.output();
                logDet = logDet == null ? r.logDet() : logDet.add(r.logDet());
            }
            if (l < levels.size() - 1) {
                // One split rather than two slices: the gradient of h is then the halves' gradients side by
                // side, not two zero-filled copies of h added up (the same values).
                long half = outShapes[l][0] / 2;
                NDList halves = Tensors.split(h, new long[] {half, outShapes[l][0] - half}, 1);
                parts[l] = halves.get(1).reshape(b, -1);
                h = halves.get(0);
            }
        }
        NDArray coarse = h.reshape(b, -1);
        if (head != null) {
            if (init) {
                coarse = head.initialize(coarse);
            } else {
                FlowResult r = head.forward(coarse);
                coarse = r.output();
                logDet = logDet.add(r.logDet());
            }
        }
        parts[levels.size() - 1] = coarse;
        NDList ordered = new NDList();
        for (int l = levels.size() - 1; l >= 0; l--) {
            ordered.add(parts[l]);
        }
        NDArray z = ordered.size() == 1 ? ordered.get(0) : NDArrays.concat(ordered, 1);
        return new FlowResult(z, logDet);
    }

    @Override
    public FlowResult inverse(NDArray z) {
        if (z.getShape().dimension() != 2 || z.getShape().get(1) != latentDim()) {
            throw new IllegalArgumentException("MultiScaleFlow inverse expects a [B, " + latentDim()
                    + "] latent, got " + z.getShape());
        }
        long b = z.getShape().get(0);
        int last = levels.size() - 1;
        long offset = coarsestDim();
        long[] s = outShapes[last];
        NDArray coarse = z.get(new NDIndex(":, 0:" + offset));
        NDArray logDet = null;
        if (head != null) {
            FlowResult r = head.inverse(coarse);
            coarse = r.output();
            logDet = r.logDet();
        }
        NDArray h = coarse.reshape(b, s[0], s[1], s[2]);
        for (int l = last; l >= 0; l--) {
            if (l < last) {
                long[] o = outShapes[l];
                long half = o[0] / 2;
                long size = (o[0] - half) * o[1] * o[2];
                NDArray factored = z.get(new NDIndex(":, " + offset + ":" + (offset + size)))
                        .reshape(b, o[0] - half, o[1], o[2]);
                offset += size;
                h = NDArrays.concat(new NDList(h, factored), 1);
            }
            FlowResult r = levels.get(l).inverse(h);
            h = r.output();
            logDet = logDet == null ? r.logDet() : logDet.add(r.logDet());
        }
        return new FlowResult(h, logDet);
    }
}
