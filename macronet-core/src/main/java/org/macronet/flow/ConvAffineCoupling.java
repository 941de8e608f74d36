package org.macronet.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.macronet.engine.ScriptFunction;

/**
 * Affine coupling on a [B, C, H, W] batch (C ≥ 2), split along channels: the first ⌊C/2⌋ channels
 * x_a pass unchanged and condition a per-pixel scale and shift of the rest,
 * y_b = x_b·exp(s) + t with (t, s_raw) = CNN(x_a) and the soft clamp s = α·tanh(s_raw/α), as in
 * {@link AffineCoupling}. log|det J| = Σ s over channels and pixels. The conditioner ({@link ConvNet})
 * pads circularly, so the layer commutes with periodic translations of the image.
 *
 * <p>The forward pass runs as one engine call (a TorchScript function of the same operations, see
 * {@link org.macronet.engine.ScriptFunction}): outputs, log-dets and gradients are bit for bit those of the
 * op-by-op pass, which the inverse still uses.
 */
public final class ConvAffineCoupling implements InvertibleLayer {
    private final int channels;
    private final float clamp;
    private final ConvNet net;
    private final NDIndex first;
    private final NDIndex second;
    private final NDIndex shiftPart;
    private final NDIndex scalePart;
    private final int split;
    private final int rest;
    /** The forward pass as one engine call, per image size {h, w}. */
    private final Map<List<Long>, ScriptFunction> forwardScripts = new ConcurrentHashMap<>();
    /** Whether forward runs as one engine call (tests compare both paths). */
    boolean scripted = true;

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
        this.split = split;
        this.rest = rest;
    }

    /**
     * The forward pass: x_a and x_b cut with one split (its gradient is the two parts' gradients side by
     * side, where two slices would each add a zero-filled copy of x), then the operations of
     * {@link #scaleShift} and {@link #forward} in order.
     */
    private static String script(int split, int rest, long h, long w) {
        return "  def forward(self,\n      x: Tensor,\n      w0: Tensor,\n      b0: Tensor,\n      w1: Tensor,\n"
                + "      b1: Tensor,\n      w2: Tensor,\n      b2: Tensor,\n"
                + "      alpha: Tensor) -> Tuple[Tensor, Tensor]:\n"
                + "    p = torch.split(x, [" + split + ", " + rest + "], 1)\n"
                + ConvNet.scriptLines("p[0]", "st", h, w, "    ")
                + "    ts = torch.split(st, [" + rest + ", " + rest + "], 1)\n"
                + "    s = torch.mul(torch.tanh(torch.div(ts[1], alpha)), alpha)\n"
                + "    yb = torch.add(torch.mul(p[1], torch.exp(s)), ts[0])\n"
                + "    return (torch.cat([p[0], yb], 1), torch.sum(s, [1, 2, 3]))\n";
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
        if (scripted) {
            NDList in = new NDList(x);
            in.addAll(net.parameters(x));
            in.add(Ops.constant(clamp, x));
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDList out = forwardScripts.computeIfAbsent(List.of(h, w),
                    k -> ScriptFunction.of("MacroNetConvCoupling", script(split, rest, h, w))).call(in);
            return new FlowResult(out.get(0), out.get(1));
        }
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
