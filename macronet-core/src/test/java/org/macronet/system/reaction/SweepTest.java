package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.Npy;

/** Sweeps: seeded sampling, outputs, and resumption after an interruption without losing or repeating samples. */
class SweepTest {
    private static final int SAMPLES = 12;

    @TempDir
    Path tmp;

    private static SweepConfig config(int samples) {
        GrayScott gs = new GrayScott();
        Map<String, double[]> ranges = new LinkedHashMap<>();
        ranges.put("F", new double[] {0.02, 0.06});
        ranges.put("k", new double[] {0.055, 0.065});
        return new SweepConfig(gs, gs.defaults(), ranges, samples, 16, 300, Double.NaN, Double.NaN, 5, 0);
    }

    /** Records indices reported done. */
    private static final class Recorder implements Sweep.Listener {
        final List<Integer> indices = Collections.synchronizedList(new ArrayList<>());
        volatile int resumedAtStart = -1;
        final int failAfter;

        Recorder(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void started(int total, int done) {
            resumedAtStart = done;
        }

        @Override
        public void sampleDone(int index, int done, int total) {
            indices.add(index);
            if (indices.size() == failAfter) {
                throw new IllegalStateException("interrupted by the test");
            }
        }
    }

    @Test
    void outputsHaveTheDocumentedShapesAndContents() throws IOException {
        SweepConfig c = config(SAMPLES);
        Path dir = tmp.resolve("a");
        Sweep.Summary s = new Sweep(c, dir).run(2, new Sweep.Listener() {});
        assertThat(s.simulated()).isEqualTo(SAMPLES);
        Npy.Array params = Npy.read(dir.resolve("params.npy"));
        assertThat(params.shape()).containsExactly(SAMPLES, 4);
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(params.data()[4 * i]).isBetween(0.02, 0.06);
            assertThat(params.data()[4 * i + 1]).isBetween(0.055, 0.065);
            assertThat(params.data()[4 * i + 2]).isEqualTo(0.2);
        }
        Npy.Array patterns = Npy.read(dir.resolve("patterns.npy"));
        assertThat(patterns.shape()).containsExactly(SAMPLES, 16, 16);
        assertThat(patterns.dtype()).isEqualTo("<f4");
        // Sample 3 is exactly the simulation the config describes for index 3.
        float[] v3 = ExplicitEulerSimulator.run(c.simulation(3)).v();
        float[] all = patterns.toFloats();
        assertThat(java.util.Arrays.copyOfRange(all, 3 * 256, 4 * 256)).containsExactly(v3);
        List<String> csv = Files.readAllLines(dir.resolve("descriptors.csv"));
        assertThat(csv).hasSize(SAMPLES + 1);
        assertThat(csv.get(0)).startsWith("index,F,k,Du,Dv,patterned,wavelength,morphology,coverage");
        assertThat(Files.readString(dir.resolve("params.json"))).contains("\"F\", \"k\", \"Du\", \"Dv\"");
        assertThat(dir.resolve(Sweep.JOURNAL)).doesNotExist();
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"seed\" : 5").contains("\"version\"");
        // Running again finds it complete and simulates nothing.
        assertThat(new Sweep(c, dir).run(2, new Sweep.Listener() {}).simulated()).isZero();
    }

    @Test
    void interruptedSweepResumesWithoutLosingOrRepeatingSamples() throws IOException {
        SweepConfig c = config(SAMPLES);
        Path whole = tmp.resolve("whole");
        new Sweep(c, whole).run(2, new Sweep.Listener() {});

        Path cut = tmp.resolve("cut");
        Recorder first = new Recorder(5);
        assertThatThrownBy(() -> new Sweep(c, cut).run(2, first)).hasMessage("interrupted by the test");
        assertThat(cut.resolve(Sweep.JOURNAL)).exists();
        assertThat(cut.resolve("patterns.npy")).doesNotExist();
        int journalled = first.indices.size();
        // The sample that failed, plus any the other worker finished meanwhile (each one journalled); on a loaded
        // machine the other worker can finish all of them before the failure reaches it.
        assertThat(journalled).isBetween(5, SAMPLES);
        // A crash in the middle of an append leaves a torn record: it must be dropped, not read.
        Files.write(cut.resolve(Sweep.JOURNAL), new byte[] {1, 2, 3, 4, 5, 6, 7},
                java.nio.file.StandardOpenOption.APPEND);

        Recorder second = new Recorder(-1);
        Sweep.Summary s = new Sweep(c, cut).run(1, second);
        assertThat(second.resumedAtStart).isEqualTo(journalled);
        assertThat(s.resumed()).isEqualTo(journalled);
        assertThat(s.simulated()).isEqualTo(SAMPLES - journalled);
        List<Integer> all = new ArrayList<>(first.indices);
        all.addAll(second.indices);
        Collections.sort(all);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            expected.add(i);
        }
        assertThat(all).as("every sample simulated exactly once over both runs").isEqualTo(expected);
        for (String f : List.of("params.npy", "params.json", "patterns.npy", "descriptors.csv")) {
            assertThat(Files.readAllBytes(cut.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
        }
    }

    @Test
    void refusesToResumeAnotherConfiguration() throws IOException {
        Path dir = tmp.resolve("x");
        new Sweep(config(3), dir).run(1, new Sweep.Listener() {});
        assertThatThrownBy(() -> new Sweep(config(4), dir).run(1, new Sweep.Listener() {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another configuration").hasMessageContaining("samples 3 → 4");
    }

    @Test
    void samplingIsSeededAndRangesAreChecked() {
        SweepConfig a = config(5);
        SweepConfig b = config(5);
        for (int i = 0; i < 5; i++) {
            assertThat(a.parameters(i)).containsExactly(b.parameters(i));
        }
        assertThat(a.parameters(0)).isNotEqualTo(a.parameters(1));
        GrayScott gs = new GrayScott();
        assertThatThrownBy(() -> new SweepConfig(gs, gs.defaults(), Map.of("k", new double[] {0.05, 0.5}), 3, 16, 10,
                Double.NaN, Double.NaN, 1, 0)).hasMessageContaining("parameter k=0.5");
        // The default dt is stable for the largest diffusion coefficient in the ranges.
        SweepConfig d = new SweepConfig(gs, gs.defaults(), Map.of("Du", new double[] {0.2, 0.5}), 4, 16, 10,
                Double.NaN, Double.NaN, 1, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(d.parameters(i)[2] * d.dt()).isLessThanOrEqualTo(0.25);
        }
        assertThatThrownBy(() -> new SweepConfig(gs, gs.defaults(), Map.of("Du", new double[] {0.2, 0.5}), 4, 16, 10,
                1.0, Double.NaN, 1, 0)).hasMessageContaining("is unstable");
    }

    @Test
    void listenerCountsAreConsistentUnderTwoThreads() throws IOException {
        AtomicInteger last = new AtomicInteger();
        new Sweep(config(6), tmp.resolve("p")).run(2, new Sweep.Listener() {
            @Override
            public void sampleDone(int index, int done, int total) {
                last.accumulateAndGet(done, Math::max);
            }
        });
        assertThat(last.get()).isEqualTo(6);
    }
}
