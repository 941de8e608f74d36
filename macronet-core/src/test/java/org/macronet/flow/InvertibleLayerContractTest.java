package org.macronet.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.macronet.engine.EngineScope;

/**
 * The contract every invertible layer honours: exact inverse, cancelling log-determinants, and a
 * log-determinant equal to that of the Jacobian computed by autograd.
 */
class InvertibleLayerContractTest {
    @RegisterExtension
    static final EngineScope ENGINE = new EngineScope();

    /** A layer on samples of the given shape ([D] for dense layers, [C, H, W] for image layers). */
    record Case(String name, long[] shape, BiFunction<ParameterSet, SplittableRandom, InvertibleLayer> factory) {
        Case(String name, int dim, BiFunction<ParameterSet, SplittableRandom, InvertibleLayer> factory) {
            this(name, new long[] {dim}, factory);
        }

        int dim() {
            return Math.toIntExact(new Shape(shape).size());
        }

        @Override
        public String toString() {
            return name + " " + new Shape(shape) + " (D=" + dim() + ")";
        }
    }

    static Stream<Arguments> layers() {
        int[] h = {16, 16};
        return Stream.of(
                new Case("affine coupling", 2, (p, r) -> new AffineCoupling(p, "c", 2, h, 2f, r)),
                new Case("affine coupling", 5, (p, r) -> new AffineCoupling(p, "c", 5, h, 2f, r)),
                new Case("additive coupling", 4, (p, r) -> new AdditiveCoupling(p, "c", 4, h, r)),
                new Case("invertible linear (LU)", 4, (p, r) -> new InvertibleLinear(p, "w", 4, r)),
                new Case("actnorm", 3, (p, r) -> new ActNorm(p, "a", 3)),
                new Case("reverse permutation", 3, (p, r) -> Permutation.reverse(p, "p", 3)),
                new Case("random permutation", 5, (p, r) -> Permutation.random(p, "p", 5, r)),
                new Case("sequence", 4, (p, r) -> new FlowSequence(List.of(
                        new ActNorm(p, "a", 4), new AffineCoupling(p, "c1", 4, h, 2f, r),
                        new InvertibleLinear(p, "w", 4, r), new AdditiveCoupling(p, "c2", 4, h, r),
                        Permutation.random(p, "p", 4, r)))),
                // The dense flow as one fused layer, in each of its variants.
                new Case("dense flow, affine, reverse", 2,
                        (p, r) -> new DenseFlowSpec(3, 16, 2, 2f, "affine", "reverse", true).build(p, "f", 2, r)),
                new Case("dense flow, affine, reverse", 5,
                        (p, r) -> new DenseFlowSpec(3, 16, 1, 2f, "affine", "reverse", true).build(p, "f", 5, r)),
                new Case("dense flow, affine, random, no ActNorm, clamp 1.5", 4,
                        (p, r) -> new DenseFlowSpec(3, 16, 2, 1.5f, "affine", "random", false).build(p, "f", 4, r)),
                new Case("dense flow, affine, LU", 4,
                        (p, r) -> new DenseFlowSpec(2, 16, 1, 2f, "affine", "lu", true).build(p, "f", 4, r)),
                new Case("dense flow, additive, reverse", 3,
                        (p, r) -> new DenseFlowSpec(3, 16, 2, 2f, "additive", "reverse", true).build(p, "f", 3, r)),
                // Image layers on [C, H, W] samples; the Jacobian is taken over the flattened image (D <= 128).
                new Case("squeeze", new long[] {2, 4, 4}, (p, r) -> new Squeeze()),
                new Case("actnorm (image)", new long[] {3, 4, 4}, (p, r) -> new ActNorm(p, "a", 3)),
                new Case("invertible 1x1 conv", new long[] {4, 4, 4}, (p, r) -> new InvertibleConv1x1(p, "w", 4, r)),
                new Case("conv affine coupling", new long[] {2, 8, 8},
                        (p, r) -> new ConvAffineCoupling(p, "c", 2, 8, 2f, r)),
                new Case("conv affine coupling", new long[] {3, 4, 4},
                        (p, r) -> new ConvAffineCoupling(p, "c", 3, 8, 2f, r)),
                new Case("multi-scale flow, 2 levels", new long[] {1, 8, 8},
                        (p, r) -> new ConvFlowSpec(2, 1, 8, 2f).build(p, "f", 1, 8, 8, r)),
                // Permutation mixing in the head: an LU matrix at D = 32 with randomised (±0.3) triangles is
                // ill-conditioned enough that float32 inversion misses 1e-5 (LU itself is covered at D = 4).
                new Case("multi-scale flow with dense head", new long[] {1, 8, 8},
                        (p, r) -> new ConvFlowSpec(2, 1, 4, 2f, new DenseFlowSpec(1, 16, 1, 2f, "affine", "random", true))
                                .build(p, "f", 1, 8, 8, r)))
                .map(Arguments::of);
    }

    /** Random parameters, so that no layer is tested at its identity initialisation. */
    private static void randomise(ParameterSet params, SplittableRandom rng) {
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            if (!params.trainable().contains(e.getValue())) {
                continue;
            }
            float[] v = new float[Math.toIntExact(e.getValue().getShape().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextDouble() - 0.5) * 0.6f;
            }
            params.assign(e.getKey(), v);
        }
    }

    private static NDArray batch(NDManager m, int n, long[] sample, SplittableRandom rng) {
        long[] shape = new long[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return m.create(v, new Shape(shape));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void inverseRecoversInputAndLogDetsCancel(Case c) {
        SplittableRandom rng = new SplittableRandom(7);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            InvertibleLayer layer = c.factory().apply(params, rng);
            randomise(params, rng);
            NDArray x = batch(m, 64, c.shape(), rng);
            FlowResult fwd = layer.forward(x);
            FlowResult inv = layer.inverse(fwd.output());
            assertThat(inv.output().getShape()).isEqualTo(x.getShape());
            float maxErr = inv.output().sub(x).abs().max().getFloat();
            float ldErr = fwd.logDet().add(inv.logDet()).abs().max().getFloat();
            // Image layers may reshape (squeeze, multi-scale latent); the number of values is kept.
            assertThat(fwd.output().getShape().get(0)).isEqualTo(64);
            assertThat(fwd.output().size()).isEqualTo(x.size());
            assertThat(fwd.logDet().getShape()).isEqualTo(new Shape(64));
            assertThat(maxErr).as("max |x - inverse(forward(x))|").isLessThanOrEqualTo(1e-5f);
            assertThat(ldErr).as("max |logdet_fwd + logdet_inv|").isLessThanOrEqualTo(1e-5f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void logDetMatchesAutogradJacobian(Case c) {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 8;
        int d = c.dim();
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            InvertibleLayer layer = c.factory().apply(params, rng);
            randomise(params, rng);
            NDArray x = batch(m, n, c.shape(), rng);
            x.setRequiresGradient(true);
            // Row i of every sample's Jacobian is the gradient of Σ_b y[b, i] (samples are independent).
            double[][][] jac = new double[n][d][d];
            float[] logDet = null;
            for (int i = 0; i < d; i++) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    FlowResult r = layer.forward(x);
                    if (logDet == null) {
                        logDet = r.logDet().toFloatArray();
                    }
                    gc.backward(r.output().reshape(n, -1).get(":, " + i).sum());
                }
                float[] g = x.getGradient().toFloatArray();
                for (int b = 0; b < n; b++) {
                    for (int j = 0; j < d; j++) {
                        jac[b][i][j] = g[b * d + j];
                    }
                }
                x.getGradient().subi(x.getGradient());
            }
            for (int b = 0; b < n; b++) {
                assertThat((double) logDet[b]).as("log|det J| of sample " + b)
                        .isCloseTo(logAbsDet(jac[b]), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    private static double logAbsDet(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            double[] t = a[k];
            a[k] = a[p];
            a[p] = t;
            sum += Math.log(Math.abs(a[k][k]));
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        return sum;
    }
}
