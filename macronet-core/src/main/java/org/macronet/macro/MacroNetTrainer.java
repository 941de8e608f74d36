package org.macronet.macro;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.macronet.data.PairedData;
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

    private final MacroNet net;
    private final TrainingOptions opts;

    public MacroNetTrainer(MacroNet net) {
        this.net = net;
        this.opts = net.config().training();
    }

    public TrainingResult train(PairedData data, TrainingListener listener) {
        if (opts.candidates() > 1) {
            screenInitialisations(data, listener);
        }
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

        TrainingStep stepper = new TrainingStep(net);

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
                TrainingStep.Outcome out = stepper.step(new TrainingStep.Batch(bx, by, batch, dx, dy), lambda, lr);
                if (out.applied()) {
                    sumLoss += out.loss();
                    sumMatch += out.match();
                    good++;
                    maxNorm = Math.max(maxNorm, out.gradNorm());
                } else {
                    skipped++;
                }
                listener.stepped(epoch, s, out.loss());
            }
            double[] v = validate(stepper, vx, vy, nVal, dx, dy);
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

    /**
     * Trains {@code candidates} differently initialised copies of the model for a few epochs (same
     * split, shuffling and data) and loads the weights of the one with the lowest validation loss
     * into the model. Candidate 0 is the model's own initialisation.
     */
    private void screenInitialisations(PairedData data, TrainingListener listener) {
        MacroNetConfig screening = net.config().withTraining(opts.screeningRun());
        double bestLoss = Double.POSITIVE_INFINITY;
        Map<String, float[]> bestX = null;
        Map<String, float[]> bestY = null;
        for (int c = 0; c < opts.candidates(); c++) {
            try (MacroNet candidate = new MacroNet(screening, c == 0 ? "" : ".candidate" + c)) {
                TrainingResult r = new MacroNetTrainer(candidate).train(data, listener);
                double loss = r.best().valLoss();
                listener.candidateScreened(c, loss);
                if (Double.isFinite(loss) && loss < bestLoss) {
                    bestLoss = loss;
                    bestX = candidate.encoder(Side.X).params.snapshot();
                    bestY = candidate.encoder(Side.Y).params.snapshot();
                }
            }
        }
        if (bestX != null) {
            net.encoder(Side.X).params.restore(bestX);
            net.encoder(Side.Y).params.restore(bestY);
        }
    }

    /** Mean {match, nllX, nllY} over a split, without gradients. */
    private static double[] validate(TrainingStep stepper, float[] vx, float[] vy, int rows, int dx, int dy) {
        int chunk = 8192;
        double[] sum = new double[3];
        for (int start = 0; start < rows; start += chunk) {
            int c = Math.min(chunk, rows - start);
            double[] v = stepper.evaluate(new TrainingStep.Batch(
                    java.util.Arrays.copyOfRange(vx, start * dx, (start + c) * dx),
                    java.util.Arrays.copyOfRange(vy, start * dy, (start + c) * dy), c, dx, dy));
            for (int i = 0; i < 3; i++) {
                sum[i] += v[i] * c;
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
