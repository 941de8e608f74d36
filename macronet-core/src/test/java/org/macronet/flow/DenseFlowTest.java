package org.macronet.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.macronet.engine.EngineScope;

/**
 * The fused dense flow computes what its layers compute one by one: the same parameters for a seed, the
 * same ActNorm initialisation, outputs, log-determinants, inverse and gradients.
 */
class DenseFlowTest {
    @RegisterExtension
    static final EngineScope ENGINE = new EngineScope();

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of(DenseFlowSpec.defaults(), 2),
                Arguments.of(new DenseFlowSpec(4, 16, 2, 2f, "affine", "reverse", true), 5),
                Arguments.of(new DenseFlowSpec(4, 16, 1, 1.5f, "affine", "random", true), 4),
                Arguments.of(new DenseFlowSpec(3, 8, 2, 2f, "affine", "lu", true), 4),
                Arguments.of(new DenseFlowSpec(4, 16, 2, 2f, "additive", "reverse", true), 3),
                Arguments.of(new DenseFlowSpec(4, 16, 2, 2f, "affine", "reverse", false), 2));
    }

    private static NDArray batch(NDManager m, int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 4 - 2) + (i % d);
        }
        return m.create(v, new Shape(n, d));
    }

    /** Each trainable tensor's name, in the set's order. */
    private static List<String> trainableNames(ParameterSet params) {
        Map<NDArray, String> names = new IdentityHashMap<>();
        params.all().forEach((k, v) -> names.put(v, k));
        return params.trainable().stream().map(names::get).toList();
    }

    /** The flat gradient of one backward pass, by tensor name. */
    private static Map<String, float[]> gradients(ParameterSet params, InvertibleLayer flow, NDArray x) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = ENGINE.manager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(m);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                FlowResult r = flow.forward(in);
                gc.backward(r.output().square().sum().mul(m.create(0.5f)).sub(r.logDet().sum()));
            }
            List<float[]> g = params.perTensor(params.gradient(m).toFloatArray());
            List<String> names = trainableNames(params);
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), g.get(i));
            }
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Values of the trainable tensors (creation order, concatenated) back into one array per tensor. */
    private static List<float[]> split(ParameterSet params, float[] all) {
        List<float[]> out = new java.util.ArrayList<>();
        int at = 0;
        for (NDArray t : params.trainable()) {
            int n = Math.toIntExact(t.getShape().size());
            out.add(java.util.Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        return out;
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as(what + " [" + i + "]").isLessThanOrEqualTo(tolerance);
        }
    }

    @ParameterizedTest(name = "{0}, D={1}")
    @MethodSource("specs")
    void fusedFlowMatchesItsLayers(DenseFlowSpec spec, int dim) {
        try (ParameterSet fusedParams = new ParameterSet(ENGINE.manager()); ParameterSet layerParams = new ParameterSet(ENGINE.manager());
                NDManager m = ENGINE.manager().newSubManager()) {
            DenseFlow fused = spec.build(fusedParams, "f", dim, new SplittableRandom(3));
            FlowSequence layers = spec.buildLayers(layerParams, "f", dim, new SplittableRandom(3));
            // Same names, shapes and initial values for one seed.
            Map<String, float[]> a = fusedParams.snapshot();
            Map<String, float[]> b = layerParams.snapshot();
            assertThat(a.keySet()).isEqualTo(b.keySet());
            for (String k : a.keySet()) {
                assertThat(a.get(k)).as(k).containsExactly(b.get(k));
                assertThat(fusedParams.get(k).getShape()).as(k).isEqualTo(layerParams.get(k).getShape());
            }
            assertThat(fusedParams.trainableCount()).isEqualTo(layerParams.trainableCount());
            // The same data-dependent initialisation.
            NDArray x = batch(m, 64, dim, 5);
            assertClose(fused.initialize(x).toFloatArray(), layers.initialize(x).toFloatArray(), 1e-5, "initialised output");
            Map<String, float[]> initA = fusedParams.snapshot();
            Map<String, float[]> initB = layerParams.snapshot();
            for (String k : initA.keySet()) {
                assertClose(initA.get(k), initB.get(k), 1e-6, k + " after initialisation");
            }
            // Random weights (the last conditioner layers start at zero), the same in both.
            SplittableRandom rng = new SplittableRandom(9);
            Set<String> trainable = Set.copyOf(trainableNames(layerParams));
            for (String k : initB.keySet()) {
                if (trainable.contains(k)) {
                    float[] v = initB.get(k).clone();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) (rng.nextDouble() - 0.5) * 0.4f;
                    }
                    layerParams.assign(k, v);
                    fusedParams.assign(k, v);
                }
            }
            FlowResult fa = fused.forward(x);
            FlowResult fb = layers.forward(x);
            assertClose(fa.output().toFloatArray(), fb.output().toFloatArray(), 1e-5, "output");
            assertClose(fa.logDet().toFloatArray(), fb.logDet().toFloatArray(), 1e-5, "log-det");
            FlowResult ia = fused.inverse(fb.output());
            FlowResult ib = layers.inverse(fb.output());
            assertClose(ia.output().toFloatArray(), ib.output().toFloatArray(), 1e-5, "inverse");
            assertClose(ia.logDet().toFloatArray(), ib.logDet().toFloatArray(), 1e-5, "inverse log-det");
            Map<String, float[]> ga = gradients(fusedParams, fused, x);
            Map<String, float[]> gb = gradients(layerParams, layers, x);
            assertThat(ga.keySet()).isEqualTo(gb.keySet());
            for (String k : gb.keySet()) {
                assertClose(ga.get(k), gb.get(k), 1e-4, "gradient of " + k);
            }
            // One engine call per pass or one per operation: the same operations, the same bits.
            assertThat(fused.transform(x).toFloatArray()).as("transform").containsExactly(fa.output().toFloatArray());
            fused.scripted = false;
            FlowResult fc = fused.forward(x);
            assertThat(fc.output().toFloatArray()).as("op by op").containsExactly(fa.output().toFloatArray());
            assertThat(fc.logDet().toFloatArray()).as("op by op").containsExactly(fa.logDet().toFloatArray());
            assertThat(fused.transform(x).toFloatArray()).as("op by op").containsExactly(fa.output().toFloatArray());
            Map<String, float[]> gc = gradients(fusedParams, fused, x);
            for (String k : ga.keySet()) {
                assertThat(gc.get(k)).as("op by op, gradient of " + k).containsExactly(ga.get(k));
            }
        }
    }

    @Test
    void withClampTwoTheDefaultFlowIsBitForBitItsLayers() {
        // α = 2 scales exactly, so folding 1/α into the last layer changes no bit, and the log-det terms are
        // added in the layers' order: outputs, log-dets, inverse and gradients are those of the layers.
        try (ParameterSet fusedParams = new ParameterSet(ENGINE.manager()); ParameterSet layerParams = new ParameterSet(ENGINE.manager());
                NDManager m = ENGINE.manager().newSubManager()) {
            DenseFlow fused = DenseFlowSpec.defaults().build(fusedParams, "f", 2, new SplittableRandom(4));
            FlowSequence layers = DenseFlowSpec.defaults().buildLayers(layerParams, "f", 2, new SplittableRandom(4));
            NDArray x = batch(m, 32, 2, 6);
            layers.initialize(x);
            fusedParams.restore(layerParams.snapshot());
            SplittableRandom rng = new SplittableRandom(10);
            for (Map.Entry<String, float[]> e : layerParams.snapshot().entrySet()) {
                if (e.getKey().contains(".coupling.")) {
                    float[] v = e.getValue();
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) (rng.nextDouble() - 0.5) * 0.2f;
                    }
                    layerParams.assign(e.getKey(), v);
                    fusedParams.assign(e.getKey(), v);
                }
            }
            FlowResult fa = fused.forward(x);
            FlowResult fb = layers.forward(x);
            assertThat(fa.output().toFloatArray()).containsExactly(fb.output().toFloatArray());
            assertThat(fa.logDet().toFloatArray()).containsExactly(fb.logDet().toFloatArray());
            FlowResult ia = fused.inverse(fb.output());
            FlowResult ib = layers.inverse(fb.output());
            assertThat(ia.output().toFloatArray()).containsExactly(ib.output().toFloatArray());
            assertThat(ia.logDet().toFloatArray()).containsExactly(ib.logDet().toFloatArray());
            Map<String, float[]> ga = gradients(fusedParams, fused, x);
            Map<String, float[]> gb = gradients(layerParams, layers, x);
            assertThat(ga.keySet()).containsExactlyElementsOf(gb.keySet());
            for (String k : gb.keySet()) {
                assertThat(ga.get(k)).as("gradient of " + k).containsExactly(gb.get(k));
            }
            // The per-tensor Σ g² that the optimizer adds up, whatever the layout.
            try (NDManager g = ENGINE.manager().newSubManager()) {
                float[] flatA = new float[0];
                float[] flatB = new float[0];
                for (String k : trainableNames(fusedParams)) {
                    flatA = concat(flatA, ga.get(k));
                }
                for (String k : trainableNames(layerParams)) {
                    flatB = concat(flatB, gb.get(k));
                }
                assertThat(layerParams.squaredNorms(g.create(layerParams.flatten(split(layerParams, flatB)))))
                        .containsExactly(fusedParams.squaredNorms(g.create(fusedParams.flatten(split(fusedParams, flatA)))));
            }
        }
    }
}
