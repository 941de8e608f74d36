package org.macronet.macro;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.macronet.data.PairedData;
import org.macronet.engine.Autograd;
import org.macronet.engine.Workers;
import org.macronet.random.Seeds;

/**
 * Trains a {@link MacroNet} on paired observations by minimising, per batch,
 * λ·mean‖m_X − m_Y‖² + NLL_X + NLL_Y with NLL = ½‖F(x)‖² + (D/2)·log 2π − log|det ∂F/∂x|, or the
 * same with a robust match term (see {@link TrainingOptions#matchDelta()}).
 *
 * <p>Adam with a cosine learning-rate decay (or, with a plateau patience, the data-driven budget of
 * {@link PlateauSchedule}), a linear ramp of λ, a held-out validation split, early
 * stopping on the validation loss (at the final λ) and the best epoch's weights kept. Every random
 * choice (split, shuffling, initialisation) comes from the model's seed; epoch e's shuffle comes from
 * the stream (seed, "shuffle", e). Optional checkpoints after every epoch make a run resumable, and a
 * diverging epoch is rolled back with a halved learning rate (see
 * {@link #train(PairedData, TrainingListener, Path, boolean)}).
 */
public final class MacroNetTrainer {

    /** Rollbacks allowed before a diverging run is stopped. */
    public static final int MAX_ROLLBACKS = 3;

    private final MacroNet net;
    private final TrainingOptions opts;
    private int rollbacks;
    /** Data-parallel workers per step, fixed (tests); 0 for the engine's choice (see {@link TrainingStep#step}). */
    int workers;
    /** Whether one-worker steps run the encoders on two threads, fixed (tests); null for the engine's choice. */
    Boolean sides;
    /** Test hook: declares an epoch diverged although its numbers are finite (fault injection). */
    IntPredicate injectDivergence = epoch -> false;

    public MacroNetTrainer(MacroNet net) {
        this.net = net;
        this.opts = net.config().training();
    }

    /** Rollbacks the last {@link #train} call needed (see {@link #train(PairedData, TrainingListener, Path, boolean)}). */
    public int rollbacks() {
        return rollbacks;
    }

    /** Trains without checkpoints on disk (rollbacks still work, from memory). */
    public TrainingResult train(PairedData data, TrainingListener listener) {
        try {
            return train(data, listener, null, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Trains, writing a checkpoint into {@code checkpointDir} at the end of every epoch (atomically, see
     * {@link TrainingCheckpoint}); with {@code resume}, first restores the checkpoint found there and
     * continues at the next epoch. A resumed run ends with the same weights, bit for bit, as an
     * uninterrupted one with the same data, configuration and thread count.
     *
     * <p>Divergence: an epoch whose mean training loss or validation loss is not finite, or that had to
     * skip more than half of its steps (non-finite loss or gradient), is undone: the weights, Adam state
     * and step count go back to the end of the previous epoch (the last checkpoint), the learning rate is
     * halved for the rest of the run (every later step uses 2^−r times the cosine schedule after r
     * rollbacks) and the epoch is run again. After {@value #MAX_ROLLBACKS} rollbacks a further divergence
     * stops training with an {@link IllegalStateException}.
     *
     * @param checkpointDir folder for the checkpoint, or null for none
     * @param resume continue from the checkpoint in {@code checkpointDir}
     * @throws IllegalArgumentException when resuming without a checkpoint, or from one made with other data
     *     or another configuration
     * @throws IOException when a checkpoint cannot be written
     */
    public TrainingResult train(PairedData data, TrainingListener listener, Path checkpointDir, boolean resume)
            throws IOException {
        if (opts.candidates() > 1 && !resume && !net.warmStarted()) {
            // A resumed run's checkpoint already holds the screened initialisation; a warm start needs none.
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
        if (resume && checkpointDir == null) {
            throw new IllegalArgumentException("resume needs a checkpoint folder");
        }
        int[] order = Seeds.permutation(n, Seeds.stream(seed, "split"));
        PairedData train = data.select(java.util.Arrays.copyOfRange(order, 0, nTrain));
        PairedData val = data.select(java.util.Arrays.copyOfRange(order, nTrain, n));

        Standardizer sx = net.encoder(Side.X).fitStandardizer(train.x());
        Standardizer sy = net.encoder(Side.Y).fitStandardizer(train.y());
        net.setStandardizers(sx, sy);
        int dx = data.dimX();
        int dy = data.dimY();
        float[] tx = sx.apply(train.x());
        float[] ty = sy.apply(train.y());
        float[] vx = sx.apply(val.x());
        float[] vy = sy.apply(val.y());
        long configHash = configHash();
        long dataHash = dataHash(data);

        List<EpochRecord> history = new ArrayList<>();
        double bestVal = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        Map<String, float[]> bestX = null;
        Map<String, float[]> bestY = null;
        boolean stoppedEarly = false;
        long globalStep = 0;
        double lrScale = 1;
        int startEpoch = 0;
        double secondsBefore = 0;
        rollbacks = 0;
        TrainingStep stepper;
        if (resume) {
            TrainingCheckpoint c = TrainingCheckpoint.read(checkpointDir);
            if (c.configHash() != configHash) {
                throw new IllegalArgumentException("the checkpoint in " + checkpointDir
                        + " was made with different settings; start again without resuming");
            }
            if (c.dataHash() != dataHash) {
                throw new IllegalArgumentException("the checkpoint in " + checkpointDir
                        + " was made with different data; start again without resuming");
            }
            stepper = new TrainingStep(net);
            stepper.fixedWorkers = workers;
            stepper.fixedSides = sides;
            net.encoder(Side.X).params.restore(c.weightsX());
            net.encoder(Side.Y).params.restore(c.weightsY());
            stepper.optimizer().restore(c.adamSteps(), c.adamMeans(), c.adamVariances());
            history.addAll(c.history());
            bestVal = c.bestVal();
            bestEpoch = c.bestEpoch();
            bestX = c.bestX();
            bestY = c.bestY();
            stoppedEarly = c.stoppedEarly();
            globalStep = c.globalStep();
            lrScale = c.lrScale();
            rollbacks = c.rollbacks();
            startEpoch = c.nextEpoch();
            secondsBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).seconds();
        } else {
            initializeActNorm(tx, ty, nTrain, dx, dy);
            stepper = new TrainingStep(net);
            stepper.fixedWorkers = workers;
            stepper.fixedSides = sides;
        }

        int batch = Math.min(opts.batchSize(), nTrain);
        int stepsPerEpoch = nTrain / batch;
        long totalSteps = (long) stepsPerEpoch * opts.epochs();
        listener.started(opts.epochs(), stepsPerEpoch);

        // The state at the end of the last good epoch: what a rollback returns to.
        Map<String, float[]> goodX = net.encoder(Side.X).params.snapshot();
        Map<String, float[]> goodY = net.encoder(Side.Y).params.snapshot();
        Adam adam = stepper.optimizer();
        long goodAdamSteps = adam.steps();
        List<float[]> goodMeans = adam.means();
        List<float[]> goodVariances = adam.variances();
        long goodGlobalStep = globalStep;

        ImageEncoderSpec image = net.config().imageY();
        boolean plateau = opts.plateauPatience() > 0;
        int epoch = stoppedEarly ? opts.epochs() : startEpoch;
        while (epoch < opts.epochs()) {
            double lambda = opts.lambdaAt(epoch);
            TrainingBatches batches = new TrainingBatches(tx, ty, dx, dy, batch, stepsPerEpoch, image, seed, epoch);
            double sumLoss = 0;
            double sumMatch = 0;
            int good = 0;
            int skipped = 0;
            double maxNorm = 0;
            double lr = opts.learningRate();
            double plateauFactor = plateau ? PlateauSchedule.after(history, opts).factor() : 1;
            try {
                for (int s = 0; s < stepsPerEpoch; s++) {
                    TrainingStep.Batch b = batches.get(s);
                    lr = lrScale * (plateau ? plateauFactor * opts.learningRate() : learningRate(globalStep, totalSteps));
                    globalStep++;
                    TrainingStep.Outcome out = stepper.step(b, lambda, lr);
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
            } finally {
                batches.close();
            }
            double[] v = validate(stepper, vx, vy, nVal, dx, dy);
            double valLoss = opts.lambda() * v[3] + (opts.likelihood() ? v[1] + v[2] : 0);
            EpochRecord rec = new EpochRecord(epoch, lambda, lr, good > 0 ? sumLoss / good : Double.NaN,
                    good > 0 ? sumMatch / good : Double.NaN, valLoss, v[0], v[1], v[2], maxNorm, skipped,
                    secondsBefore + (System.nanoTime() - t0) / 1e9);
            if (!Double.isFinite(rec.trainLoss()) || !Double.isFinite(valLoss) || 2 * skipped > stepsPerEpoch
                    || injectDivergence.test(epoch)) {
                if (rollbacks >= MAX_ROLLBACKS) {
                    throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                            "training diverged: epoch %d ended with training loss %s, validation loss %s and %d of %d "
                                    + "steps skipped after %d rollbacks to the last checkpoint with halved learning "
                                    + "rates (last learning rate %.3g); try a smaller learning rate or --grad-clip",
                            epoch + 1, rec.trainLoss(), valLoss, skipped, stepsPerEpoch, rollbacks, lr));
                }
                rollbacks++;
                lrScale *= 0.5;
                net.encoder(Side.X).params.restore(goodX);
                net.encoder(Side.Y).params.restore(goodY);
                adam.restore(goodAdamSteps, goodMeans, goodVariances);
                globalStep = goodGlobalStep;
                listener.rolledBack(epoch, rollbacks, lrScale);
                continue;
            }
            history.add(rec);
            // Only epochs at full λ compete for "best": a ramping λ makes earlier losses incomparable.
            boolean atFullLambda = lambda >= opts.lambda();
            if (atFullLambda && Double.isFinite(valLoss) && valLoss < bestVal) {
                bestVal = valLoss;
                bestEpoch = epoch;
                bestX = net.encoder(Side.X).params.snapshot();
                bestY = net.encoder(Side.Y).params.snapshot();
            }
            stoppedEarly = opts.patience() > 0 && bestEpoch >= 0 && epoch - bestEpoch >= opts.patience()
                    || plateau && PlateauSchedule.after(history, opts).converged();
            goodX = net.encoder(Side.X).params.snapshot();
            goodY = net.encoder(Side.Y).params.snapshot();
            goodAdamSteps = adam.steps();
            goodMeans = adam.means();
            goodVariances = adam.variances();
            goodGlobalStep = globalStep;
            if (checkpointDir != null) {
                new TrainingCheckpoint(configHash, dataHash, epoch + 1, globalStep, lrScale, rollbacks, stoppedEarly,
                        bestEpoch, bestVal, List.copyOf(history), goodX, goodY, bestX, bestY, goodAdamSteps, goodMeans,
                        goodVariances).write(checkpointDir);
            }
            listener.epochEnded(rec);
            if (stoppedEarly) {
                break;
            }
            epoch++;
        }
        if (bestX != null) {
            net.encoder(Side.X).params.restore(bestX);
            net.encoder(Side.Y).params.restore(bestY);
        } else {
            bestEpoch = history.size() - 1;
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly, nTrain, nVal,
                secondsBefore + (System.nanoTime() - t0) / 1e9);
    }

    private long configHash() {
        try {
            return hash(0xcbf29ce484222325L, MacroNet.JSON.writeValueAsString(net.config()).hashCode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long dataHash(PairedData d) {
        long h = hash(0x9e3779b97f4a7c15L, d.rows());
        for (double[][] t : new double[][][] {d.x(), d.y()}) {
            h = hash(h, t[0].length);
            for (double[] r : t) {
                for (double v : r) {
                    h = hash(h, Double.doubleToLongBits(v));
                }
            }
        }
        return h;
    }

    private static long hash(long h, long v) {
        h ^= v + 0x9e3779b97f4a7c15L + (h << 6) + (h >>> 2);
        h *= 0xbf58476d1ce4e5b9L;
        return h ^ (h >>> 31);
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

    /**
     * Mean {match, nllX, nllY, matchTerm} over a split, without gradients. The split's chunks are shared out to
     * the training step's data-parallel workers and added in their order: the same bits whatever the number.
     */
    double[] validate(TrainingStep stepper, float[] vx, float[] vy, int rows, int dx, int dy) {
        int chunk = Math.min(net.encoder(Side.X).chunkRows(), net.encoder(Side.Y).chunkRows());
        int chunks = (rows + chunk - 1) / chunk;
        double[][] per = new double[chunks][];
        int workers = Math.min(chunks, stepper.workers(Math.min(rows, chunk)));
        Workers.run(workers, w -> {
            try (Autograd.Recording off = Autograd.pause()) {
                for (int k = w; k < chunks; k += workers) {
                    int start = k * chunk;
                    int c = Math.min(chunk, rows - start);
                    per[k] = stepper.evaluate(new TrainingStep.Batch(
                            java.util.Arrays.copyOfRange(vx, start * dx, (start + c) * dx),
                            java.util.Arrays.copyOfRange(vy, start * dy, (start + c) * dy), c, dx, dy));
                }
            }
            return null;
        });
        double[] sum = new double[4];
        for (int k = 0; k < chunks; k++) {
            int c = Math.min(chunk, rows - k * chunk);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += per[k][i] * c;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= rows;
        }
        return sum;
    }

    /** Data-dependent ActNorm initialisation from (up to) the first 4096 training rows. */
    private void initializeActNorm(float[] tx, float[] ty, int rows, int dx, int dy) {
        int cx = Math.min(rows, Math.min(4096, 2 * net.encoder(Side.X).chunkRows()));
        int cy = Math.min(rows, Math.min(4096, 2 * net.encoder(Side.Y).chunkRows()));
        try (NDManager sm = net.manager().newSubManager()) {
            net.encoder(Side.X).initialize(sm.create(java.util.Arrays.copyOf(tx, cx * dx), new Shape(cx, dx)));
            net.encoder(Side.Y).initialize(sm.create(java.util.Arrays.copyOf(ty, cy * dy), new Shape(cy, dy)));
        }
    }

    private double learningRate(long step, long total) {
        double lo = opts.learningRate() * opts.finalLearningRateFraction();
        double progress = total <= 1 ? 1 : step / (double) (total - 1);
        return lo + 0.5 * (opts.learningRate() - lo) * (1 + Math.cos(Math.PI * progress));
    }

}
