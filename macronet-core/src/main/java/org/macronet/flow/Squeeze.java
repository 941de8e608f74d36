package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Space-to-depth on a [B, C, H, W] batch: every 2×2 block of pixels becomes 4 channels, giving
 * [B, 4C, H/2, W/2]. Output channel 4c + 2i + j at (h, w) holds input channel c at (2h + i, 2w + j),
 * so the four sub-grids of one input channel stay adjacent. A permutation: log|det J| = 0. H and W
 * must be even.
 */
public final class Squeeze implements InvertibleLayer {

    @Override
    public FlowResult forward(NDArray x) {
        long[] s = checkImage(x, "Squeeze");
        long b = s[0];
        long c = s[1];
        long h = s[2];
        long w = s[3];
        if (h % 2 != 0 || w % 2 != 0) {
            throw new IllegalArgumentException("Squeeze needs even height and width, got " + h + "x" + w);
        }
        NDArray y = x.reshape(b, c, h / 2, 2, w / 2, 2)
                .transpose(0, 1, 3, 5, 2, 4)
                .reshape(b, 4 * c, h / 2, w / 2);
        return new FlowResult(y, zeros(x));
    }

    @Override
    public FlowResult inverse(NDArray y) {
        long[] s = checkImage(y, "Squeeze inverse");
        long b = s[0];
        long c4 = s[1];
        long h = s[2];
        long w = s[3];
        if (c4 % 4 != 0) {
            throw new IllegalArgumentException("Squeeze inverse needs a multiple of 4 channels, got " + c4);
        }
        NDArray x = y.reshape(b, c4 / 4, 2, 2, h, w)
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(b, c4 / 4, 2 * h, 2 * w);
        return new FlowResult(x, zeros(y));
    }

    private static NDArray zeros(NDArray batch) {
        return batch.getManager().zeros(new Shape(batch.getShape().get(0)), DataType.FLOAT32);
    }

    /** The shape of a [B, C, H, W] batch, or an exception naming the layer and the shape it got. */
    static long[] checkImage(NDArray x, String who) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException(who + " expects a [B, C, H, W] batch, got shape " + x.getShape());
        }
        return x.getShape().getShape();
    }
}
