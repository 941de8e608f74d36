package org.macronet.macro;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
import org.macronet.engine.TensorEngine;
import org.macronet.flow.FlowResult;
import org.macronet.random.Seeds;

/**
 * Trains a {@link MacroNet} on paired observations by minimising, per batch,
 * λ·mean‖m_X − m_Y‖² + NLL_X + NLL_Y with NLL = ½‖F(x)‖² + (D/2)·log 2π − log|det ∂F/∂x|.
 *
 * <p>Adam with a cosine learning-rate decay, a linear ramp of λ, a held-out validation split, early
 * stopping on the validation loss (at the final λ) and the best epoch's weights kept. Every random
 * choice (split, shuffling, initialisation) comes from the model's seed.
 */
public final class MacroNetTrainer {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final MacroNet net;
    private final TrainingOptions opts;
    private final int k;

    public MacroNetTrainer(MacroNet net) {
        this.net = net;
        this.opts = net.config().training();
        this.k = net.macroDims();
    }

    /** Losses of one batch: {loss, match, nllX, nllY} as tensors of the batch's manager. */
    private NDArray[] losses(NDArray x, NDArray y, double lambda) {
        FlowResult fx = net.encoder(Side.X).forward(x);
        FlowResult fy = net.encoder(Side.Y).forward(y);
        NDIndex macro = new NDIndex(":, 0:" + k);
        NDArray match = fx.output().get(macro).sub(fy.output().get(macro)).square().sum(new int[] {1}).mean();
        NDArray nllX = nll(fx, x.getShape().get(1));
        NDArray nllY = nll(fy, y.getShape().get(1));
        NDArray loss = match.mul((float) lambda);
        if (opts.likelihood()) {
            loss = loss.add(nllX).add(nllY);
        }
        return new NDArray[] {loss, match, nllX, nllY};
    }

    private static NDArray nll(FlowResult r, long dim) {
        return r.output().square().sum(new int[] {1}).mul(0.5f).sub(r.logDet()).mean().add((float) (0.5 * dim * LOG_2PI));
    }

    public TrainingResult train(PairedData data, TrainingListener listener) {
        long t0 = System.nanoTime();
        long seed = net.config().seed();
        int n = data.rows();
        int nVal = Math.max(1, (int) Math.round(n * opts.validationFraction()));
        int nTrain = n - nVal;
        if (nTrain < 2) {
            throw new IllegalArgumentException("too few rows to train: " + n);
        }
        int[] order = permutation(n, Seeds.stream(seed, "split"));
        PairedData train = data.select(java.util.Arrays.copyOfRange(order, 0, nTrain));
        PairedData val = data.select(java.util.Arrays.copyOfRange(order, nTrain, n));

        Standardizer sx = Standardizer.fit(train.x());
        Standardizer sy = Standardizer.fit(train.y());
        net.setStandardizers(sx, sy);
        int dx = data.dimX();
        int dy = data.dimY();
        float[] tx = sx.apply(train.x());
        float[] ty = sy.apply(train.y());
        float[] vx = sx.apply(val.x());
        float[] vy = sy.apply(val.y());

        initializeActNorm(tx, ty, nTrain, dx, dy);

        List<NDArray> params = new ArrayList<>(net.encoder(Side.X).params.trainable());
        params.addAll(net.encoder(Side.Y).params.trainable());
        Adam adam = new Adam(params);

        int batch = Math.min(opts.batchSize(), nTrain);
        int stepsPerEpoch = nTrain / batch;
        long totalSteps = (long) stepsPerEpoch * opts.epochs();
        SplittableRandom shuffle = Seeds.stream(seed, "shuffle");
        listener.started(opts.epochs(), stepsPerEpoch);

        List<EpochRecord> history = new ArrayList<>();
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        Map<String, float[]> bestX = null;
        Map<String, float[]> bestY = null;
        boolean stoppedEarly = false;
        float[] bx = new float[batch * dx];
        float[] by = new float[batch * dy];
        long globalStep = 0;
        double lr = opts.learningRate();
        for (int epoch = 0; epoch < opts.epochs(); epoch++) {
            double lambda = opts.lambdaAt(epoch);
            int[] perm = permutation(nTrain, shuffle);
            double sumLoss = 0;
            double sumMatch = 0;
            int good = 0;
            int skipped = 0;
            double maxNorm = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                for (int i = 0; i < batch; i++) {
                    int row = perm[s * batch + i];
                    System.arraycopy(tx, row * dx, bx, i * dx, dx);
                    System.arraycopy(ty, row * dy, by, i * dy, dy);
                }
                lr = learningRate(globalStep++, totalSteps);
                try (NDManager sm = net.manager().newSubManager()) {
                    NDArray xb = sm.create(bx, new Shape(batch, dx));
                    NDArray yb = sm.create(by, new Shape(batch, dy));
                    float[] values;
                    try (GradientCollector gc = TensorEngine.start().newGradientCollector()) {
                        NDArray[] l = losses(xb, yb, lambda);
                        gc.backward(l[0]);
                        values = NDArrays.stack(new NDList(l)).toFloatArray();
                    }
                    double norm = Double.NaN;
                    if (Double.isFinite(values[0])) {
                        norm = adam.update(sm, lr, opts.gradClip());
                    } else {
                        adam.discardGradients(sm);
                    }
                    if (Double.isFinite(norm)) {
                        sumLoss += values[0];
                        sumMatch += values[1];
                        good++;
                        maxNorm = Math.max(maxNorm, norm);
                    } else {
                        skipped++;
                    }
                    listener.stepped(epoch, s, values[0]);
                }
            }
            double[] v = validate(vx, vy, nVal, dx, dy);
            double valLoss = opts.lambda() * v[0] + (opts.likelihood() ? v[1] + v[2] : 0);
            EpochRecord rec = new EpochRecord(epoch, lambda, lr, good > 0 ? sumLoss / good : Double.NaN,
                    good > 0 ? sumMatch / good : Double.NaN, valLoss, v[0], v[1], v[2], maxNorm, skipped,
                    (System.nanoTime() - t0) / 1e9);
            history.add(rec);
            // Only epochs at full λ compete for "best": a ramping λ makes earlier losses incomparable.
            boolean atFullLambda = lambda >= opts.lambda();
            if (atFullLambda && Double.isFinite(valLoss) && valLoss < bestVal) {
                bestVal = valLoss;
                bestEpoch = epoch;
                bestX = net.encoder(Side.X).params.snapshot();
                bestY = net.encoder(Side.Y).params.snapshot();
            }
            listener.epochEnded(rec);
            if (opts.patience() > 0 && bestEpoch >= 0 && epoch - bestEpoch >= opts.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        if (bestX != null) {
            net.encoder(Side.X).params.restore(bestX);
            net.encoder(Side.Y).params.restore(bestY);
        } else {
            bestEpoch = history.size() - 1;
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly, nTrain, nVal, (System.nanoTime() - t0) / 1e9);
    }

    /** Mean {match, nllX, nllY} over a split, without gradients. */
    private double[] validate(float[] vx, float[] vy, int rows, int dx, int dy) {
        int chunk = 8192;
        double[] sum = new double[3];
        for (int start = 0; start < rows; start += chunk) {
            int c = Math.min(chunk, rows - start);
            try (NDManager sm = net.manager().newSubManager()) {
                NDArray x = sm.create(java.util.Arrays.copyOfRange(vx, start * dx, (start + c) * dx), new Shape(c, dx));
                NDArray y = sm.create(java.util.Arrays.copyOfRange(vy, start * dy, (start + c) * dy), new Shape(c, dy));
                NDArray[] l = losses(x, y, 0);
                float[] v = NDArrays.stack(new NDList(l[1], l[2], l[3])).toFloatArray();
                for (int i = 0; i < 3; i++) {
                    sum[i] += v[i] * (double) c;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sum[i] /= rows;
        }
        return sum;
    }

    /** Data-dependent ActNorm initialisation from (up to) the first 4096 training rows. */
    private void initializeActNorm(float[] tx, float[] ty, int rows, int dx, int dy) {
        int c = Math.min(rows, 4096);
        try (NDManager sm = net.manager().newSubManager()) {
            net.encoder(Side.X).flow.initialize(sm.create(java.util.Arrays.copyOf(tx, c * dx), new Shape(c, dx)));
            net.encoder(Side.Y).flow.initialize(sm.create(java.util.Arrays.copyOf(ty, c * dy), new Shape(c, dy)));
        }
    }

    private double learningRate(long step, long total) {
        double lo = opts.learningRate() * opts.finalLearningRateFraction();
        double progress = total <= 1 ? 1 : step / (double) (total - 1);
        return lo + 0.5 * (opts.learningRate() - lo) * (1 + Math.cos(Math.PI * progress));
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
