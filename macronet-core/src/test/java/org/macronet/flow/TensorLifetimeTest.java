package org.macronet.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.macronet.engine.TensorEngine;

/**
 * Per-batch tensors must die with the batch's manager: nothing may pile up on the long-lived
 * parameter manager, whatever the layer and direction (a leak here grows memory every step).
 */
class TensorLifetimeTest {

    @Test
    void forwardInverseAndBackwardLeaveNothingOnTheParameterManager() {
        try (NDManager root = TensorEngine.newManager(); ParameterSet params = new ParameterSet(root)) {
            SplittableRandom rng = new SplittableRandom(1);
            FlowSequence flow = new FlowSequence(List.of(new ActNorm(params, "a", 4),
                    new AffineCoupling(params, "c", 4, new int[] {8}, 2f, rng), new InvertibleLinear(params, "w", 4, rng),
                    new AdditiveCoupling(params, "d", 4, new int[] {8}, rng), Permutation.random(params, "p", 4, rng),
                    Permutation.reverse(params, "r", 4)));
            try (NDManager m = root.newSubManager()) {
                flow.initialize(m.randomNormal(new Shape(32, 4)));
            }
            int before = ((ai.djl.ndarray.BaseNDManager) params.manager()).getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager m = root.newSubManager()) {
                    NDArray x = m.randomNormal(new Shape(32, 4));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FlowResult r = flow.forward(x);
                        gc.backward(r.output().square().sum().sub(r.logDet().sum()));
                    }
                    flow.inverse(x);
                }
            }
            int after = ((ai.djl.ndarray.BaseNDManager) params.manager()).getManagedArrays().size();
            assertThat(after).as("tensors on the parameter manager").isEqualTo(before);
        }
    }

    @Test
    void imageLayersLeaveNothingOnTheParameterManager() {
        try (NDManager root = TensorEngine.newManager(); ParameterSet params = new ParameterSet(root)) {
            // Squeeze, ActNorm on images, 1x1 conv, conv coupling, the multi-scale split/concat and a dense head.
            MultiScaleFlow flow = new ConvFlowSpec(2, 1, 4, 2f, new DenseFlowSpec(1, 8, 1, 2f, "affine", "lu", true))
                    .build(params, "f", 1, 8, 8, new SplittableRandom(2));
            try (NDManager m = root.newSubManager()) {
                flow.initialize(m.randomNormal(new Shape(4, 1, 8, 8)));
            }
            int before = ((ai.djl.ndarray.BaseNDManager) params.manager()).getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager m = root.newSubManager()) {
                    NDArray x = m.randomNormal(new Shape(4, 1, 8, 8));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        FlowResult r = flow.forward(x);
                        gc.backward(r.output().square().sum().sub(r.logDet().sum()));
                    }
                    flow.inverse(m.randomNormal(new Shape(4, 64)));
                }
            }
            int after = ((ai.djl.ndarray.BaseNDManager) params.manager()).getManagedArrays().size();
            assertThat(after).as("tensors on the parameter manager").isEqualTo(before);
        }
    }
}
