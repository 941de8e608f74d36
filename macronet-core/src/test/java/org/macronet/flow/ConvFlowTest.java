package org.macronet.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.macronet.engine.EngineScope;
import org.macronet.engine.TensorEngine;

/** Layout, validation and periodicity of the image layers (the invertibility contract is in InvertibleLayerContractTest). */
class ConvFlowTest {
    @RegisterExtension
    static final EngineScope ENGINE = new EngineScope();

    private static NDArray image(NDManager m, SplittableRandom rng, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return m.create(v, new Shape(shape));
    }

    private static void randomise(ParameterSet params, SplittableRandom rng) {
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            if (params.trainable().contains(e.getValue())) {
                float[] v = new float[Math.toIntExact(e.getValue().getShape().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextDouble() - 0.5) * 0.6f;
                }
                params.assign(e.getKey(), v);
            }
        }
    }

    /** Periodic shift: out[.., i, j] = x[.., (i − dy) mod H, (j − dx) mod W]. */
    private static NDArray roll(NDArray x, int dy, int dx) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray r = NDArrays.concat(new NDList(x.get(new NDIndex(":, :, " + (h - dy) + ":, :")),
                x.get(new NDIndex(":, :, 0:" + (h - dy) + ", :"))), 2);
        return NDArrays.concat(new NDList(r.get(new NDIndex(":, :, :, " + (w - dx) + ":")),
                r.get(new NDIndex(":, :, :, 0:" + (w - dx)))), 3);
    }

    @Test
    void squeezeMovesEach2x2BlockIntoFourChannels() {
        try (NDManager m = ENGINE.manager().newSubManager()) {
            NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
            NDArray y = new Squeeze().forward(x).output();
            assertThat(y.getShape()).isEqualTo(new Shape(1, 4, 2, 2));
            // Channel 2i + j holds the pixels (2h + i, 2w + j).
            assertThat(y.toFloatArray()).containsExactly(
                    0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15);
        }
    }

    @Test
    void squeezeRejectsOddSizesAndNonImages() {
        try (NDManager m = ENGINE.manager().newSubManager()) {
            assertThatThrownBy(() -> new Squeeze().forward(m.zeros(new Shape(1, 1, 5, 4))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even").hasMessageContaining("5x4");
            assertThatThrownBy(() -> new Squeeze().forward(m.zeros(new Shape(2, 16))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B, C, H, W]");
            assertThatThrownBy(() -> new Squeeze().inverse(m.zeros(new Shape(1, 3, 2, 2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 4");
        }
    }

    @Test
    void circularPadWrapsRowsAndColumns() {
        try (NDManager m = ENGINE.manager().newSubManager()) {
            NDArray x = m.arange(6f).reshape(1, 1, 2, 3); // rows {0 1 2}, {3 4 5}
            NDArray p = ConvNet.circularPad(x, 1);
            assertThat(p.getShape()).isEqualTo(new Shape(1, 1, 4, 5));
            assertThat(p.toFloatArray()).containsExactly(
                    5, 3, 4, 5, 3,
                    2, 0, 1, 2, 0,
                    5, 3, 4, 5, 3,
                    2, 0, 1, 2, 0);
        }
    }

    @Test
    void couplingCommutesWithPeriodicShifts() {
        SplittableRandom rng = new SplittableRandom(3);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            ConvAffineCoupling c = new ConvAffineCoupling(params, "c", 4, 8, 2f, rng);
            randomise(params, rng);
            NDArray x = image(m, rng, 2, 4, 8, 8);
            FlowResult direct = c.forward(x);
            FlowResult shifted = c.forward(roll(x, 1, 3));
            // The conditioner sees x_a rolled, so its output (hence y) is rolled too: no seam at the border.
            assertThat(shifted.output().sub(roll(direct.output(), 1, 3)).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(shifted.logDet().sub(direct.logDet()).abs().max().getFloat()).isLessThan(1e-4f);
            // A nontrivial coupling: the output differs from the input.
            assertThat(direct.output().sub(x).abs().max().getFloat()).isGreaterThan(1e-2f);
        }
    }

    @Test
    void freshCouplingIsTheIdentity() {
        SplittableRandom rng = new SplittableRandom(4);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            ConvAffineCoupling c = new ConvAffineCoupling(params, "c", 2, 8, 2f, rng);
            NDArray x = image(m, rng, 2, 2, 4, 4);
            FlowResult r = c.forward(x);
            assertThat(r.output().sub(x).abs().max().getFloat()).isZero();
            assertThat(r.logDet().abs().max().getFloat()).isZero();
        }
    }

    @Test
    void layersRejectWrongChannelCounts() {
        SplittableRandom rng = new SplittableRandom(5);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            NDArray x = m.zeros(new Shape(1, 3, 4, 4));
            assertThatThrownBy(() -> new ConvAffineCoupling(params, "c", 2, 8, 2f, rng).forward(x))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 channels");
            assertThatThrownBy(() -> new InvertibleConv1x1(params, "w", 4, rng).forward(x))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels");
            assertThatThrownBy(() -> new ConvAffineCoupling(params, "d", 1, 8, 2f, rng))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 2 channels");
            MultiScaleFlow f = new ConvFlowSpec(2, 1, 4, 2f).build(params, "f", 1, 8, 8, rng);
            assertThatThrownBy(() -> f.forward(m.zeros(new Shape(1, 2, 8, 8))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B, 1, 8, 8]");
            assertThatThrownBy(() -> f.inverse(m.zeros(new Shape(1, 63))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[B, 64]");
        }
    }

    @Test
    void specValidatesItsValuesAndTheImageSize() {
        assertThatThrownBy(() -> new ConvFlowSpec(0, 1, 8, 2f)).hasMessageContaining("levels");
        assertThatThrownBy(() -> new ConvFlowSpec(1, 0, 8, 2f)).hasMessageContaining("steps");
        assertThatThrownBy(() -> new ConvFlowSpec(1, 1, 0, 2f)).hasMessageContaining("hidden");
        assertThatThrownBy(() -> new ConvFlowSpec(1, 1, 8, 0f)).hasMessageContaining("clamp");
        try (ParameterSet params = new ParameterSet(ENGINE.manager())) {
            assertThatThrownBy(() -> new ConvFlowSpec(3, 1, 8, 2f).build(params, "f", 1, 12, 16, new SplittableRandom(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisible by 8")
                    .hasMessageContaining("12x16");
        }
    }

    @Test
    void latentStartsWithTheCoarsestScaleThenTheFactoredHalves() {
        SplittableRandom rng = new SplittableRandom(6);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            MultiScaleFlow f = new ConvFlowSpec(2, 1, 8, 2f).build(params, "f", 1, 8, 8, rng);
            randomise(params, rng);
            NDArray x = image(m, rng, 3, 1, 8, 8);
            NDArray z = f.forward(x).output();
            assertThat(z.getShape()).isEqualTo(new Shape(3, 64));
            assertThat(f.coarsestDim()).isEqualTo(32);
            // By hand: level 1 gives [3, 4, 4, 4]; channels 2..3 are factored out, 0..1 go on to level 2 → [3, 8, 2, 2].
            NDArray h1 = f.levels().get(0).forward(x).output();
            NDArray h2 = f.levels().get(1).forward(h1.get(":, 0:2")).output();
            NDArray expected = NDArrays.concat(new NDList(h2.reshape(3, -1), h1.get(":, 2:").reshape(3, -1)), 1);
            assertThat(z.sub(expected).abs().max().getFloat()).isZero();
            NDArray back = f.inverse(z).output();
            assertThat(back.getShape()).isEqualTo(x.getShape());
            assertThat(back.sub(x).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void initializeNormalisesTheFirstBatchPerChannel() {
        SplittableRandom rng = new SplittableRandom(8);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            MultiScaleFlow f = new ConvFlowSpec(2, 1, 8, 2f).build(params, "f", 1, 8, 8, rng);
            NDArray x = image(m, rng, 16, 1, 8, 8).mul(3f).add(1f);
            NDArray z = f.initialize(x);
            assertThat(z.sub(f.forward(x).output()).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(((ActNorm) f.levels().get(0).layers().get(1)).isInitialised()).isTrue();
            // Fresh couplings are identities and 1x1 convs rotations, so the latent stays standardised.
            assertThat(z.mean().getFloat()).isCloseTo(0f, org.assertj.core.data.Offset.offset(0.1f));
            assertThat(z.square().mean().getFloat()).isCloseTo(1f, org.assertj.core.data.Offset.offset(0.1f));
        }
    }

    @Test
    void haarStartKeepsBlockAveragesOnTheCoarsestScale() {
        double[][] w = InvertibleConv1x1.haar(8);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double dot = 0;
                for (int k = 0; k < 8; k++) {
                    dot += w[i][k] * w[j][k];
                }
                assertThat(dot).as("row %d . row %d", i, j).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
        }
        SplittableRandom rng = new SplittableRandom(12);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            // Without ActNorm's data start (identity) and with fresh (identity) couplings, a Haar-started flow is
            // the orthonormal Haar pyramid: coarsest channel 0 at pixel (i, j) = sum of its 4x4 block / 4.
            MultiScaleFlow f = new ConvFlowSpec(2, 2, 4, 2f, null, true).build(params, "f", 1, 8, 8, rng);
            NDArray x = image(m, rng, 2, 1, 8, 8);
            NDArray z = f.forward(x).output();
            float[] xs = x.toFloatArray();
            float[] zs = z.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int bi = 0; bi < 2; bi++) {
                    for (int bj = 0; bj < 2; bj++) {
                        double sum = 0;
                        for (int i = 0; i < 4; i++) {
                            for (int j = 0; j < 4; j++) {
                                sum += xs[b * 64 + (4 * bi + i) * 8 + 4 * bj + j];
                            }
                        }
                        assertThat((double) zs[b * 64 + bi * 2 + bj]).isCloseTo(sum / 4, within(1e-4));
                    }
                }
            }
            assertThat(f.inverse(z).output().sub(x).abs().max().getFloat()).isLessThan(1e-5f);
        }
    }

    @Test
    void actNormInitialisesEachChannelOfAnImageBatch() {
        SplittableRandom rng = new SplittableRandom(9);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            ActNorm a = new ActNorm(params, "a", 3);
            NDArray offsets = m.create(new float[] {5f, -2f, 0.5f}).reshape(1, 3, 1, 1);
            NDArray scales = m.create(new float[] {0.1f, 3f, 1f}).reshape(1, 3, 1, 1);
            NDArray x = image(m, rng, 8, 3, 4, 4).mul(scales).add(offsets);
            NDArray y = a.initialize(x);
            NDArray perChannel = y.swapAxes(0, 1).reshape(3, -1);
            for (float mean : perChannel.mean(new int[] {1}).toFloatArray()) {
                assertThat(mean).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-4f));
            }
            for (float var : perChannel.square().mean(new int[] {1}).toFloatArray()) {
                assertThat(var).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void denseHeadMapsTheCoarsestScaleAtTheStartOfTheLatent() {
        SplittableRandom rng = new SplittableRandom(10);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            DenseFlowSpec head = new DenseFlowSpec(1, 16, 1, 2f, "affine", "lu", true);
            MultiScaleFlow f = new ConvFlowSpec(2, 1, 4, 2f, head).build(params, "f", 1, 8, 8, rng);
            randomise(params, rng);
            NDArray x = image(m, rng, 3, 1, 8, 8);
            FlowResult r = f.forward(x);
            NDArray h1 = f.levels().get(0).forward(x).output();
            NDArray h2 = f.levels().get(1).forward(h1.get(":, 0:2")).output();
            NDArray top = f.head().orElseThrow().forward(h2.reshape(3, -1)).output();
            NDArray expected = NDArrays.concat(new NDList(top, h1.get(":, 2:").reshape(3, -1)), 1);
            assertThat(r.output().sub(expected).abs().max().getFloat()).isZero();
            // 1e-4: the randomised 32x32 LU matrix of the head is far from a rotation (see the contract test).
            assertThat(f.inverse(r.output()).output().sub(x).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void savedFlowReloadsBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ConvFlowSpec spec = new ConvFlowSpec(2, 2, 4, 2f, new DenseFlowSpec(1, 8, 1, 2f, "affine", "lu", true));
        java.nio.file.Path file = dir.resolve("flow.params");
        float[] before;
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            MultiScaleFlow f = spec.build(params, "y", 1, 8, 8, new SplittableRandom(12));
            f.initialize(image(m, new SplittableRandom(13), 8, 1, 8, 8));
            randomise(params, new SplittableRandom(14));
            before = f.forward(image(m, new SplittableRandom(15), 2, 1, 8, 8)).output().toFloatArray();
            params.save(file);
        }
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            MultiScaleFlow f = spec.build(params, "y", 1, 8, 8, new SplittableRandom(99));
            params.load(file);
            assertThat(((ActNorm) f.levels().get(1).layers().get(1)).isInitialised()).isTrue();
            float[] after = f.forward(image(m, new SplittableRandom(15), 2, 1, 8, 8)).output().toFloatArray();
            assertThat(after).containsExactly(before);
        }
    }

    @Test
    void multiScaleFlowIsEquivariantUnderShiftsByTheCoarsestPixel() {
        // A shift by 2^L pixels is a shift by one pixel of every coarse grid: no seam anywhere in the stack.
        SplittableRandom rng = new SplittableRandom(16);
        try (ParameterSet params = new ParameterSet(ENGINE.manager()); NDManager m = ENGINE.manager().newSubManager()) {
            MultiScaleFlow f = new ConvFlowSpec(2, 2, 8, 2f).build(params, "f", 1, 8, 8, rng);
            randomise(params, rng);
            NDArray x = image(m, rng, 2, 1, 8, 8);
            FlowResult direct = f.forward(x);
            FlowResult shifted = f.forward(roll(x, 4, 4));
            NDArray coarse = direct.output().get(":, 0:32").reshape(2, 8, 2, 2);
            NDArray coarseShifted = shifted.output().get(":, 0:32").reshape(2, 8, 2, 2);
            assertThat(coarseShifted.sub(roll(coarse, 1, 1)).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(shifted.logDet().sub(direct.logDet()).abs().max().getFloat()).isLessThan(1e-3f);
        }
    }

    /** Output, log-det, gradients of the parameters and of the input for a loss of both. */
    private static float[][] passAndGradients(ConvAffineCoupling c, ParameterSet params, float[] input, long[] shape) {
        try (NDManager m = ENGINE.manager().newSubManager()) {
            NDArray x = m.create(input, new Shape(shape));
            x.setRequiresGradient(true);
            float[] out;
            float[] logDet;
            try (ai.djl.training.GradientCollector gc = TensorEngine.start().newGradientCollector()) {
                FlowResult r = c.forward(x);
                out = r.output().toFloatArray();
                logDet = r.logDet().toFloatArray();
                gc.backward(r.output().square().sum().add(r.logDet().sum()));
            }
            return new float[][] {out, logDet, params.gradient(m).toFloatArray(), x.getGradient().toFloatArray()};
        }
    }

    @Test
    void theCouplingInOneEngineCallIsBitForBitItsOperations() {
        // 1×1 and 2×2 grids wrap onto themselves: the padding's special cases.
        for (long[] shape : new long[][] {{3, 4, 8, 6}, {2, 5, 2, 2}, {2, 2, 1, 1}}) {
            SplittableRandom rng = new SplittableRandom(shape[1] * 10 + shape[2]);
            try (ParameterSet params = new ParameterSet(ENGINE.manager())) {
                ConvAffineCoupling c = new ConvAffineCoupling(params, "c", (int) shape[1], 6, 2f, rng);
                randomise(params, rng);
                float[] x = image(ENGINE.manager(), rng, shape).toFloatArray();
                float[][] scripted = passAndGradients(c, params, x, shape);
                c.scripted = false;
                float[][] byOps = passAndGradients(c, params, x, shape);
                String[] what = {"output", "log-det", "parameter gradient", "input gradient"};
                for (int i = 0; i < what.length; i++) {
                    assertThat(scripted[i]).as(what[i] + " for " + java.util.Arrays.toString(shape))
                            .containsExactly(byOps[i]);
                }
                assertThat(scripted[2]).as("a gradient").isNotEqualTo(new float[scripted[2].length]);
            }
        }
    }
}
