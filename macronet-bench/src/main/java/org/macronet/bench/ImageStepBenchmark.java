package org.macronet.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.macronet.data.PairedData;
import org.macronet.engine.TensorEngine;
import org.macronet.experiment.TuringExperiment;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the Turing experiment's networks (the full preset's model: dense rule encoder, multi-scale
 * convolutional pattern encoder on 64×64 images with its dense head, K = 3), one PyTorch thread per worker
 * ({@link #workers}). JMH's ops/s are images per second.
 *
 * <ul>
 *   <li>{@code imageTrainStep}: {@link TrainingStep#step} on {@link #STEPS} batches of {@code imageBatch}
 *       standardised (rule, pattern) pairs: forward of both encoders, loss, backward and Adam update;
 *   <li>{@code imageEncode}: {@link MacroNet#encode} of {@link #ENCODE_ROWS} patterns in the user's units, the
 *       macrostate averaged over the 8 circular shifts as the experiment does.
 * </ul>
 * The images are synthetic stripes and spots (the cost of a step does not depend on the values), the model
 * fitted to them for one short epoch so that its standardisers and ActNorm are initialised.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ImageStepBenchmark {
    /** Batches per training invocation. */
    static final int STEPS = 4;
    /** Patterns per encoding invocation (one chunk of the encoder). */
    static final int ENCODE_ROWS = 256;
    static final int SIZE = 64;
    private static final long SEED = 20240611L;

    @Param({"64"})
    public int imageBatch;

    /**
     * Data-parallel workers (each on a thread of its own, one engine thread each): 1 is the one-thread figure;
     * 2 uses both cores of a 2-core machine, as training and encoding do there by default.
     */
    @Param({"1"})
    public int workers;

    private MacroNet net;
    private TrainingStep step;
    private TrainingStep.Batch[] batches;
    private double[][] encodeRows;
    private double lambda;
    private double learningRate;

    /** The Turing experiment's full-preset model. */
    static MacroNetConfig model(long seed) {
        MacroNetConfig m = TuringExperiment.defaultModel(seed, SIZE);
        return m.withTraining(m.training().withEpochs(1));
    }

    /** n synthetic (rule, pattern) pairs: plane waves of random wavelength and direction, some thresholded to spots. */
    static PairedData data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][];
        double[][] y = new double[n][SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            double f = 0.02 + 0.045 * rng.nextDouble();
            double k = 0.05 + 0.02 * rng.nextDouble();
            x[i] = new double[] {f, k, 1.6 + 0.8 * rng.nextDouble(), 0.08 + 0.04 * rng.nextDouble()};
            int kx = 2 + rng.nextInt(6);
            int ky = rng.nextInt(6);
            boolean spots = rng.nextBoolean();
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    double v = Math.sin(2 * Math.PI * (kx * c + ky * r) / SIZE);
                    if (spots) {
                        v *= Math.sin(2 * Math.PI * (ky * c - kx * r) / SIZE);
                    }
                    y[i][r * SIZE + c] = 0.25 + 0.1 * v + 0.01 * rng.nextDouble();
                }
            }
        }
        return new PairedData(x, y);
    }

    @Setup(Level.Trial)
    public void setUp() {
        TensorEngine.configure(TensorEngine.Settings.fromEnvironment().withWorkers(workers));
        MacroNetConfig model = model(SEED);
        net = new MacroNet(model);
        PairedData d = data(STEPS * imageBatch + 32, SEED);
        new MacroNetTrainer(net).train(d, TrainingListener.NONE);
        step = new TrainingStep(net);
        lambda = model.training().lambda();
        learningRate = model.training().learningRate() * 0.1;
        batches = new TrainingStep.Batch[STEPS];
        for (int b = 0; b < STEPS; b++) {
            batches[b] = step.batch(Arrays.copyOfRange(d.x(), b * imageBatch, (b + 1) * imageBatch),
                    Arrays.copyOfRange(d.y(), b * imageBatch, (b + 1) * imageBatch));
        }
        encodeRows = data(ENCODE_ROWS, SEED + 1).y();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * 64)
    public double imageTrainStep() {
        if (imageBatch != 64) {
            throw new IllegalStateException("@OperationsPerInvocation assumes batches of 64");
        }
        double sum = 0;
        for (TrainingStep.Batch b : batches) {
            sum += step.step(b, lambda, learningRate).loss();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ENCODE_ROWS)
    public void imageEncode(Blackhole bh) {
        bh.consume(net.encode(Side.Y, encodeRows));
    }
}
