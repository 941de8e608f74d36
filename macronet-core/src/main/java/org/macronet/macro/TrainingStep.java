package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.macronet.engine.TensorEngine;
import org.macronet.flow.FlowResult;

/**
 * One optimisation step of MacroNet on a given batch, outside {@link MacroNetTrainer}'s epoch loop:
 * the same loss λ·mean‖m_X − m_Y‖² + NLL_X + NLL_Y and an Adam update of both encoders. Meant for
 * benchmarks and custom loops; it keeps its own Adam state, so steps continue from each other.
 *
 * <p>The model must be fitted (its standardisers set), because batches are given in the user's units.
 */
public final class TrainingStep {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final MacroNet net;
    private final TrainingOptions opts;
    private final Adam adam;

    /**
     * A batch already standardised into row-major float32, so that repeated steps on it measure
     * only the tensor work (as in the trainer, which standardises once per run).
     */
    public record Batch(float[] x, float[] y, int rows, int dimX, int dimY) {}

    public TrainingStep(MacroNet net) {
        if (!net.isFitted()) {
            throw new IllegalStateException("the model has not been trained: its standardisers are missing");
        }
        this.net = net;
        this.opts = net.config().training();
        List<NDArray> params = new ArrayList<>(net.encoder(Side.X).params.trainable());
        params.addAll(net.encoder(Side.Y).params.trainable());
        this.adam = new Adam(params);
    }

    /** Standardises paired rows (user units, shapes [n, dimX] and [n, dimY]) with the model's standardisers. */
    public Batch batch(double[][] x, double[][] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a batch needs n >= 2 paired rows, got " + x.length + " X and " + y.length + " Y");
        }
        return new Batch(net.encoder(Side.X).standardizer.apply(x), net.encoder(Side.Y).standardizer.apply(y),
                x.length, net.config().dimX(), net.config().dimY());
    }

    /**
     * Forward, backward and Adam update on one batch.
     *
     * @param lambda weight of the matching term
     * @param learningRate Adam's step size
     * @return the batch loss before the update; NaN or infinite means the step was skipped
     */
    public double step(Batch b, double lambda, double learningRate) {
        try (NDManager sm = net.manager().newSubManager()) {
            NDArray xb = sm.create(b.x(), new Shape(b.rows(), b.dimX()));
            NDArray yb = sm.create(b.y(), new Shape(b.rows(), b.dimY()));
            float loss;
            try (GradientCollector gc = TensorEngine.start().newGradientCollector()) {
                NDArray l = loss(xb, yb, lambda);
                gc.backward(l);
                loss = l.getFloat();
            }
            if (!Float.isFinite(loss)) {
                adam.discardGradients(sm);
                return Double.NaN;
            }
            // update() clears the gradients either way and skips the update if their norm is not finite.
            return Double.isFinite(adam.update(sm, learningRate, opts.gradClip())) ? loss : Double.NaN;
        }
    }

    /** The trainer's loss (see {@link MacroNetTrainer}), kept identical to it. */
    private NDArray loss(NDArray x, NDArray y, double lambda) {
        int k = net.macroDims();
        FlowResult fx = net.encoder(Side.X).forward(x);
        FlowResult fy = net.encoder(Side.Y).forward(y);
        NDIndex macro = new NDIndex(":, 0:" + k);
        NDArray loss = fx.output().get(macro).sub(fy.output().get(macro)).square().sum(new int[] {1}).mean()
                .mul((float) lambda);
        if (opts.likelihood()) {
            loss = loss.add(nll(fx, x.getShape().get(1))).add(nll(fy, y.getShape().get(1)));
        }
        return loss;
    }

    private static NDArray nll(FlowResult r, long dim) {
        // Float scalars: a double scalar would promote the 0-d loss to float64.
        return r.output().square().sum(new int[] {1}).mul(0.5f).sub(r.logDet()).mean()
                .add((float) (0.5 * dim * LOG_2PI));
    }
}
