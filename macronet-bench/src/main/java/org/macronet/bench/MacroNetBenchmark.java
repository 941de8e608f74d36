package org.macronet.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.macronet.engine.TensorEngine;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.macro.MacroNet;
import org.macronet.macro.MacroNetConfig;
import org.macronet.macro.MacroNetTrainer;
import org.macronet.macro.Side;
import org.macronet.macro.TrainingListener;
import org.macronet.macro.TrainingStep;
import org.macronet.system.oscillator.OscillatorPairs;
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
 * Throughput of MacroNet with the oscillator defaults (2-D X and Y, k = 1, default flows), one
 * PyTorch thread; a training step on one thread or with its two encoders on two ({@link #threads}).
 * Every invocation processes {@link #SAMPLES} samples in batches of {@code batch}, so JMH's ops/s are
 * samples/s whatever the batch size.
 *
 * <ul>
 *   <li>{@code trainStep}: forward of both encoders, loss, backward and Adam update per batch
 *       (batches already standardised, as in {@link MacroNetTrainer});
 *   <li>{@code encode}: {@link MacroNet#encode} of X rows in the user's units (standardisation,
 *       tensor round trip and copy-out included).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
    "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class MacroNetBenchmark {
    /** Samples per invocation: a multiple of every batch size. */
    static final int SAMPLES = 4096;
    private static final long SEED = 20240611L;

    @Param({"256", "512", "1024"})
    public int batch;

    /**
     * Threads of a training step: 1 computes everything on one thread; 2 computes the two encoders on two
     * threads at once (the default on a machine with two or more cores, bit for bit the same step).
     */
    @Param({"1", "2"})
    public int threads;

    private MacroNet net;
    private TrainingStep step;
    private TrainingStep.Batch[] trainBatches;
    private double[][][] encodeBatches;
    private double lambda;
    private double learningRate;

    @Setup(Level.Trial)
    public void setUp() {
        if (SAMPLES % batch != 0) {
            throw new IllegalArgumentException("batch " + batch + " does not divide " + SAMPLES);
        }
        // Workers pinned to 1 keep the step on one thread; automatic ones (0) put the encoders on two.
        TensorEngine.configure(TensorEngine.Settings.fromEnvironment().withWorkers(threads == 1 ? 1 : 0));
        MacroNetConfig model = OscillatorExperiment.Options.defaults(SEED).model();
        model = model.withTraining(model.training().withEpochs(1));
        net = new MacroNet(model);
        OscillatorPairs.Sample sample = OscillatorPairs.defaults().sample(SAMPLES, SEED);
        // One short epoch fits the standardisers and ActNorm, so the weights are those of a real run.
        new MacroNetTrainer(net).train(sample.data(), TrainingListener.NONE);
        step = new TrainingStep(net);
        lambda = model.training().lambda();
        learningRate = model.training().learningRate() * 0.1;

        int n = SAMPLES / batch;
        trainBatches = new TrainingStep.Batch[n];
        encodeBatches = new double[n][][];
        double[][] x = sample.data().x();
        double[][] y = sample.data().y();
        for (int b = 0; b < n; b++) {
            double[][] bx = Arrays.copyOfRange(x, b * batch, (b + 1) * batch);
            double[][] by = Arrays.copyOfRange(y, b * batch, (b + 1) * batch);
            trainBatches[b] = step.batch(bx, by);
            encodeBatches[b] = bx;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public double trainStep() {
        double sum = 0;
        for (TrainingStep.Batch b : trainBatches) {
            sum += step.step(b, lambda, learningRate).loss();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void encode(Blackhole bh) {
        for (double[][] rows : encodeBatches) {
            bh.consume(net.encode(Side.X, rows));
        }
    }
}
