package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.macronet.engine.Autograd;
import org.macronet.engine.TensorEngine;
import org.macronet.engine.Workers;
import org.macronet.flow.FlowResult;
import org.macronet.flow.ParameterSet;

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
    /** Data-parallel workers per step, fixed; 0 for the engine's choice ({@link #workers}). */
    int fixedWorkers;
    /** Whether a one-worker step runs the two encoders on two threads, fixed; null for the engine's choice. */
    Boolean fixedSides;
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

    /**
     * Forward, backward and Adam update on one batch, by {@link #workers} data-parallel workers: each computes
     * the gradient of its consecutive share of the rows (its loss weighted by its share), the gradients are
     * added in the workers' order and one Adam update follows. The same result, up to the order of floating
     * point additions, as one worker; bit for bit the same for a given number of workers.
     */
    public Outcome step(Batch b, double lambda, double learningRate) {
        int workers = workers(b.rows());
        if (workers > 1) {
            return parallelStep(b, lambda, learningRate, workers);
        }
        if (fixedSides != null ? fixedSides : TensorEngine.parallelSides()) {
            return sidesStep(b, lambda, learningRate);
        }
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

    /**
     * Workers for a batch of {@code rows}: {@link TensorEngine#workers}, where running in parallel pays
     * for a convolutional image encoder on at least {@value #MIN_PARALLEL_ROWS} rows (measured, see the
     * README's performance section), at most one per row; always 1 with the scale-free match term, which
     * needs the spread of the whole batch.
     */
    int workers(int rows) {
        ImageEncoderSpec image = net.config().imageY();
        boolean conv = image != null && image.flow() != null;
        if (opts.scaleFreeMatch()) {
            return 1;
        }
        if (fixedWorkers > 0) {
            return Math.min(rows, fixedWorkers);
        }
        return Math.max(1, Math.min(rows, TensorEngine.workers(conv && rows >= MIN_PARALLEL_ROWS)));
    }

    /** Rows from which a convolutional network's step runs on several workers when they are automatic. */
    static final int MIN_PARALLEL_ROWS = 32;

    private Outcome parallelStep(Batch b, double lambda, double learningRate, int workers) {
        try (NDManager sm = net.manager().newSubManager()) {
            NDManager[] scopes = new NDManager[workers];
            int[] from = new int[workers + 1];
            for (int k = 0; k < workers; k++) {
                scopes[k] = sm.newSubManager();
                from[k + 1] = (int) ((long) b.rows() * (k + 1) / workers);
            }
            List<float[]> values = Workers.run(workers,
                    k -> share(scopes[k], b, from[k], from[k + 1], lambda, k == 0));
            double[] v = new double[4];
            for (int k = 0; k < workers; k++) {
                double share = (double) (from[k + 1] - from[k]) / b.rows();
                for (int i = 0; i < v.length; i++) {
                    v[i] += share * values.get(k)[i];
                }
            }
            // The gradients added in the workers' order: bit for bit the same for a given number of workers.
            List<NDArray> grads = new ArrayList<>();
            for (ParameterSet set : List.of(net.encoder(Side.X).params, net.encoder(Side.Y).params)) {
                NDArray g = set.gradientOf(scopes[0]);
                for (int k = 1; k < workers; k++) {
                    g = g.add(set.gradientOf(scopes[k]));
                }
                grads.add(g);
            }
            boolean applied = Double.isFinite(v[0]) && adam.update(grads, learningRate, opts.gradClip());
            return new Outcome(v[0], v[1], v[2], v[3], applied, applied ? adam.lastNorm() : Double.NaN);
        }
    }

    /**
     * A one-worker step with each encoder on a thread of its own: each side runs its forward pass, hands its
     * macrostate to the other, computes the loss with the other's macrostate as a constant, and back-propagates
     * through its own network only. The loss couples the sides only through the two macrostates, so d(loss)/dθ_X
     * taken with m_Y held fixed is the full gradient of θ_X (and so for Y): the same operations on the same
     * values as {@link #losses} in one graph, so the same gradients, bit for bit (tested), in about half the time
     * when the engine's per-operation cost dominates (the dense networks).
     */
    private Outcome sidesStep(Batch b, double lambda, double learningRate) {
        try (NDManager sm = net.manager().newSubManager()) {
            NDManager[] scopes = {sm.newSubManager(), sm.newSubManager()};
            List<CompletableFuture<float[]>> macros = List.of(new CompletableFuture<>(), new CompletableFuture<>());
            List<float[]> sides = Workers.run(2, k -> side(scopes[k], b, k == 0 ? Side.X : Side.Y, lambda, macros));
            float[] x = sides.get(0);
            float[] y = sides.get(1);
            // The loss as losses() adds it up in float32: λ·matchTerm + NLL_X + NLL_Y.
            float loss = x[1] * (float) lambda;
            if (opts.likelihood()) {
                loss = loss + x[2] + y[2];
            }
            List<NDArray> grads = List.of(net.encoder(Side.X).params.gradientOf(scopes[0]),
                    net.encoder(Side.Y).params.gradientOf(scopes[1]));
            boolean applied = Float.isFinite(loss) && adam.update(grads, learningRate, opts.gradClip());
            return new Outcome(loss, x[0], x[2], y[2], applied, applied ? adam.lastNorm() : Double.NaN);
        }
    }

    /**
     * One side of {@link #sidesStep}: its gradient left in its parameter set's leaf of {@code scope}; returns
     * {match, matchTerm, nll} of the batch. Publishes its macrostate in {@code macros} (X first, then Y) and
     * waits for the other's; a failure is passed on to the other side, which then fails too.
     */
    private float[] side(NDManager scope, Batch b, Side side, double lambda, List<CompletableFuture<float[]>> macros) {
        int me = side == Side.X ? 0 : 1;
        int dim = side == Side.X ? b.dimX() : b.dimY();
        try (Autograd.Recording rec = Autograd.record()) {
            NDArray in = scope.create(side == Side.X ? b.x() : b.y(), new Shape(b.rows(), dim));
            FlowResult f = net.encoder(side).forward(in);
            NDArray m = f.output().get(new NDIndex(":, 0:" + net.macroDims()));
            macros.get(me).complete(m.toFloatArray());
            NDArray other = scope.create(macros.get(1 - me).join(), new Shape(b.rows(), net.macroDims()));
            NDArray[] match = side == Side.X ? match(m, other) : match(other, m);
            NDArray nll = nll(f, dim);
            NDArray loss = match[1].mul(scope.create((float) lambda));
            if (opts.likelihood()) {
                loss = loss.add(nll);
            }
            if (side == Side.X) {
                beforeBackward.run();
            }
            rec.backward(loss);
            return NDArrays.stack(new NDList(match[0], match[1], nll)).toFloatArray();
        } catch (CompletionException e) {
            // The other side failed: its failure is the one to report.
            macros.get(me).completeExceptionally(e.getCause());
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException | Error e) {
            macros.get(me).completeExceptionally(e);
            throw e;
        }
    }

    /**
     * One worker's part of a step: the gradient of its rows' loss, weighted by their share of the batch, left in
     * the parameter sets' leaves of {@code scope}; returns {loss, match, nllX, nllY} of its rows.
     */
    private float[] share(NDManager scope, Batch b, int from, int to, double lambda, boolean first) {
        int n = to - from;
        NDArray xb = scope.create(Arrays.copyOfRange(b.x(), from * b.dimX(), to * b.dimX()), new Shape(n, b.dimX()));
        NDArray yb = scope.create(Arrays.copyOfRange(b.y(), from * b.dimY(), to * b.dimY()), new Shape(n, b.dimY()));
        try (Autograd.Recording rec = Autograd.record()) {
            NDArray[] l = losses(xb, yb, lambda);
            if (first) {
                beforeBackward.run();
            }
            rec.backward(l[0].mul(scope.create((float) n / b.rows())));
            return NDArrays.stack(new NDList(l[0], l[1], l[2], l[3])).toFloatArray();
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
        NDArray[] match = match(fx.output().get(macro), fy.output().get(macro));
        NDArray nllX = nll(fx, x.getShape().get(1));
        NDArray nllY = nll(fy, y.getShape().get(1));
        // Float scalars (a double would promote the 0-d loss to float64), as tensors of the batch's
        // manager: a number passed to mul() is freed before the backward pass needs it (see flow.Ops).
        NDArray loss = match[1].mul(x.getManager().create((float) lambda));
        if (opts.likelihood()) {
            loss = loss.add(nllX).add(nllY);
        }
        return new NDArray[] {loss, match[0], nllX, nllY, match[1]};
    }

    /**
     * {match, matchTerm} of two macrostates [B, K]: the mean ‖m_X − m_Y‖², and what the loss weighs with λ (the
     * same, or its robust or scale-free form, see {@link TrainingOptions}).
     */
    private NDArray[] match(NDArray mx, NDArray my) {
        NDArray diff = mx.sub(my);
        NDArray d2 = diff.square().sum(new int[] {1});
        NDArray match = d2.mean();
        NDArray scaled = d2;
        if (opts.scaleFreeMatch()) {
            // Distances in units of each coordinate's pooled spread in this batch (see TrainingOptions).
            NDManager m = mx.getManager();
            NDArray pooled = spread(mx).add(spread(my)).mul(m.create(0.5f)).add(m.create(1e-6f));
            scaled = diff.div(pooled.sqrt()).square().sum(new int[] {1});
        }
        NDArray matchTerm = opts.matchDelta() > 0 ? pseudoHuber(scaled, opts.matchDelta()).mean() : scaled.mean();
        return new NDArray[] {match, matchTerm};
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
