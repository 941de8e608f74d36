package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.macronet.engine.TensorEngine;
import org.macronet.flow.FlowResult;

/**
 * One optimisation step of MacroNet: the loss λ·mean‖m_X − m_Y‖² + NLL_X + NLL_Y on a batch (or
 * its robust form, see {@link TrainingOptions#matchDelta()}, and with distances in units of each
 * coordinate's spread, see {@link TrainingOptions#scaleFreeMatch()}), its gradient, and an Adam update of
 * both encoders. {@link MacroNetTrainer} loops over it; benchmarks and custom loops can call it
 * directly. Keeps its own Adam state, so steps continue from each other.
 *
 * <p>NLL = ½‖F(x)‖² + (D/2)·log 2π − log|det ∂F/∂x|, in nats per sample of the standardised data.
 */
public final class TrainingStep {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final MacroNet net;
    private final TrainingOptions opts;
    private final Adam adam;
    /** Test hook: runs between the forward and the backward pass of every step. */
    Runnable beforeBackward = () -> {};

    /**
     * A batch already standardised into row-major float32.
     */
    public record Batch(float[] x, float[] y, int rows, int dimX, int dimY) {}

    /**
     * What one step did.
     *
     * @param loss batch loss before the update
     * @param match mean ‖m_X − m_Y‖²
     * @param nllX NLL of X's encoder
     * @param nllY NLL of Y's encoder
     * @param applied false when the loss or a measured gradient norm was not finite (nothing changed)
     * @param gradNorm global gradient norm before clipping (NaN when the loss was not finite)
     */
    public record Outcome(double loss, double match, double nllX, double nllY, boolean applied, double gradNorm) {}

    public TrainingStep(MacroNet net) {
        if (!net.isFitted()) {
            throw new IllegalStateException("the model has not been trained: its standardisers are missing");
        }
        this.net = net;
        this.opts = net.config().training();
        this.adam = new Adam(List.of(net.encoder(Side.X).params, net.encoder(Side.Y).params));
    }

    /** The optimizer, for checkpoints and rollbacks. */
    Adam optimizer() {
        return adam;
    }

    /** Standardises paired rows (user units) with the model's standardisers. */
    public Batch batch(double[][] x, double[][] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a batch needs n >= 2 paired rows, got " + x.length + " X and " + y.length + " Y");
        }
        return new Batch(net.encoder(Side.X).standardizer.apply(x), net.encoder(Side.Y).standardizer.apply(y),
                x.length, net.config().dimX(), net.config().dimY());
    }

    /** Forward, backward and Adam update on one batch. */
    public Outcome step(Batch b, double lambda, double learningRate) {
        try (NDManager sm = net.manager().newSubManager()) {
            NDArray xb = sm.create(b.x(), new Shape(b.rows(), b.dimX()));
            NDArray yb = sm.create(b.y(), new Shape(b.rows(), b.dimY()));
            float[] v;
            try (GradientCollector gc = TensorEngine.start().newGradientCollector()) {
                NDArray[] l = losses(xb, yb, lambda);
                beforeBackward.run();
                gc.backward(l[0]);
                v = NDArrays.stack(new NDList(l[0], l[1], l[2], l[3])).toFloatArray();
            }
            // The gradients live in this step's scope: skipping the update discards them.
            boolean applied = Float.isFinite(v[0]) && adam.update(sm, learningRate, opts.gradClip());
            return new Outcome(v[0], v[1], v[2], v[3], applied, applied ? adam.lastNorm() : Double.NaN);
        }
    }

    /** Mean {match, nllX, nllY, matchTerm} of standardised rows, without gradients (see {@link #losses}). */
    double[] evaluate(Batch b) {
        try (NDManager sm = net.manager().newSubManager()) {
            NDArray x = sm.create(b.x(), new Shape(b.rows(), b.dimX()));
            NDArray y = sm.create(b.y(), new Shape(b.rows(), b.dimY()));
            NDArray[] l = losses(x, y, 0);
            float[] v = NDArrays.stack(new NDList(l[1], l[2], l[3], l[4])).toFloatArray();
            return new double[] {v[0], v[1], v[2], v[3]};
        }
    }

    /**
     * {loss, match, nllX, nllY, matchTerm} of a batch as tensors of the batch's manager: match is the
     * mean ‖m_X − m_Y‖², matchTerm what the loss weighs with λ (the same, or its robust form, see
     * {@link TrainingOptions#matchDelta()}).
     */
    private NDArray[] losses(NDArray x, NDArray y, double lambda) {
        FlowResult fx = net.encoder(Side.X).forward(x);
        FlowResult fy = net.encoder(Side.Y).forward(y);
        NDIndex macro = new NDIndex(":, 0:" + net.macroDims());
        NDArray mx = fx.output().get(macro);
        NDArray my = fy.output().get(macro);
        NDArray diff = mx.sub(my);
        NDArray d2 = diff.square().sum(new int[] {1});
        NDArray match = d2.mean();
        NDArray scaled = d2;
        if (opts.scaleFreeMatch()) {
            // Distances in units of each coordinate's pooled spread in this batch (see TrainingOptions).
            NDManager m = x.getManager();
            NDArray pooled = spread(mx).add(spread(my)).mul(m.create(0.5f)).add(m.create(1e-6f));
            scaled = diff.div(pooled.sqrt()).square().sum(new int[] {1});
        }
        NDArray matchTerm = opts.matchDelta() > 0 ? pseudoHuber(scaled, opts.matchDelta()).mean() : scaled.mean();
        NDArray nllX = nll(fx, x.getShape().get(1));
        NDArray nllY = nll(fy, y.getShape().get(1));
        // Float scalars (a double would promote the 0-d loss to float64), as tensors of the batch's
        // manager: a number passed to mul() is freed before the backward pass needs it (see flow.Ops).
        NDArray loss = matchTerm.mul(x.getManager().create((float) lambda));
        if (opts.likelihood()) {
            loss = loss.add(nllX).add(nllY);
        }
        return new NDArray[] {loss, match, nllX, nllY, matchTerm};
    }

    /** Variance of each column over the batch, shape [K]. */
    private static NDArray spread(NDArray m) {
        return m.sub(m.mean(new int[] {0}, true)).square().mean(new int[] {0});
    }

    /** 2δ²(√(1 + d²/δ²) − 1) of each squared distance d² (pseudo-Huber). */
    private static NDArray pseudoHuber(NDArray d2, double delta) {
        NDManager m = d2.getManager();
        float dd = (float) (delta * delta);
        NDArray one = m.create(1f);
        return d2.div(m.create(dd)).add(one).sqrt().sub(one).mul(m.create(2 * dd));
    }

    private static NDArray nll(FlowResult r, long dim) {
        NDArray half = r.output().getManager().create(0.5f);
        return r.output().square().sum(new int[] {1}).mul(half).sub(r.logDet()).mean()
                .add((float) (0.5 * dim * LOG_2PI));
    }
}
