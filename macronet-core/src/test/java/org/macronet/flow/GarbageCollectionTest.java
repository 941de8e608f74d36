package org.macronet.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.macronet.engine.TensorEngine;

/**
 * A garbage collection between the forward and the backward pass must not change the gradients.
 * DJL's {@code mul(Number)} keeps the number in a Java direct buffer that autograd still reads in
 * the backward pass; once collected, that memory is reused and the gradients turn to NaN or garbage
 * at random steps (see {@link Ops#constant}).
 */
class GarbageCollectionTest {

    @Test
    void denseLayersGiveTheSameGradientsAfterACollection() {
        try (NDManager root = TensorEngine.newManager(); ParameterSet params = new ParameterSet(root)) {
            SplittableRandom rng = new SplittableRandom(3);
            InvertibleLayer flow = DenseFlowSpec.defaults().build(params, "f", 2, rng);
            assertSameGradients(root, params, flow, new Shape(64, 2));
        }
    }

    @Test
    void imageLayersGiveTheSameGradientsAfterACollection() {
        try (NDManager root = TensorEngine.newManager(); ParameterSet params = new ParameterSet(root)) {
            MultiScaleFlow flow = new ConvFlowSpec(2, 1, 4, 2f, new DenseFlowSpec(1, 8, 1, 2f, "affine", "lu", true))
                    .build(params, "f", 1, 8, 8, new SplittableRandom(4));
            assertSameGradients(root, params, flow, new Shape(4, 1, 8, 8));
        }
    }

    private static void assertSameGradients(NDManager root, ParameterSet params, InvertibleLayer flow, Shape shape) {
        float[] x = new float[Math.toIntExact(shape.size())];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rng.nextDouble() - 1);
        }
        try (NDManager m = root.newSubManager()) {
            flow.initialize(m.create(x, shape));
        }
        // A first pass warms up the engine; every pass records its gradient in a scope of its own.
        gradients(root, params, flow, x, shape, false);
        float[] reference = gradients(root, params, flow, x, shape, false);
        for (float g : reference) {
            assertThat(g).isFinite();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(gradients(root, params, flow, x, shape, true)).as("gradients after a collection")
                    .containsExactly(reference);
        }
    }

    /** All parameter gradients of one backward pass, concatenated; optionally churns memory in between. */
    private static float[] gradients(NDManager root, ParameterSet params, InvertibleLayer flow, float[] x, Shape shape,
            boolean churn) {
        List<ByteBuffer> held = List.of();
        List<Float> out = new ArrayList<>();
        try (NDManager m = root.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                FlowResult r = flow.forward(m.create(x, shape));
                NDArray loss = r.output().square().sum().sub(r.logDet().sum());
                if (churn) {
                    held = DirectMemoryChurn.collectAndReuse();
                }
                gc.backward(loss);
            }
            for (float f : params.gradient(m).toFloatArray()) {
                out.add(f);
            }
        }
        assertThat(held).isNotNull();
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }
}
