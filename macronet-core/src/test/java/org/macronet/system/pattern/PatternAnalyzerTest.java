package org.macronet.system.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Descriptors of synthetic fields with known answers. */
class PatternAnalyzerTest {
    private static final int N = 64;

    private static double[] field(java.util.function.BiFunction<Integer, Integer, Double> f) {
        double[] a = new double[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                a[y * N + x] = f.apply(x, y);
            }
        }
        return a;
    }

    @Test
    void constantAndTinyNoiseAreUniform() {
        assertThat(PatternAnalyzer.describe(field((x, y) -> 0.3), N).morphology()).isEqualTo(Morphology.UNIFORM);
        SplittableRandom r = new SplittableRandom(1);
        PatternDescriptors d = PatternAnalyzer.describe(field((x, y) -> 2 + 0.01 * r.nextDouble()), N);
        assertThat(d.patterned()).isFalse();
        assertThat(d.wavelength()).isNaN();
        assertThat(PatternAnalyzer.describe(field((x, y) -> 0.0), N).patterned()).isFalse();
    }

    @Test
    void straightStripesHaveTheirWavelengthAndAreStripes() {
        PatternDescriptors d = PatternAnalyzer.describe(field((x, y) -> Math.sin(2 * Math.PI * (x + 0.5) / 16.0)), N);
        assertThat(d.morphology()).isEqualTo(Morphology.STRIPES);
        assertThat(d.wavelength()).isCloseTo(16, within(1e-6));
        assertThat(d.coverage()).isCloseTo(0.5, within(0.05));
        assertThat(d.coherence()).isGreaterThan(0.99);
        // Oblique stripes with wave vector (3, 2) cycles per box: λ = 64/√13.
        PatternDescriptors o = PatternAnalyzer.describe(field((x, y) -> Math.cos(2 * Math.PI * (3 * x + 2 * y) / 64.0)), N);
        assertThat(o.morphology()).isEqualTo(Morphology.STRIPES);
        assertThat(o.wavelength()).isCloseTo(64 / Math.sqrt(13), within(1e-6));
    }

    @Test
    void blobLatticeIsSpotsOfEitherSign() {
        // Gaussian spots on a square lattice of spacing 16 (4×4 per box), σ = 2.5.
        double[] spots = field((x, y) -> {
            double dx = ((x % 16) - 8 + 0.5);
            double dy = ((y % 16) - 8 + 0.5);
            return Math.exp(-(dx * dx + dy * dy) / (2 * 2.5 * 2.5));
        });
        PatternDescriptors d = PatternAnalyzer.describe(spots, N);
        assertThat(d.morphology()).isEqualTo(Morphology.SPOTS);
        assertThat(d.highComponents()).isEqualTo(16);
        assertThat(d.wavelength()).isCloseTo(16, within(0.5));
        double[] holes = spots.clone();
        for (int i = 0; i < holes.length; i++) {
            holes[i] = 1 - holes[i];
        }
        PatternDescriptors h = PatternAnalyzer.describe(holes, N);
        assertThat(h.morphology()).as("negative spots").isEqualTo(Morphology.SPOTS);
        assertThat(h.lowComponents()).isEqualTo(16);
    }

    @Test
    void isotropicBandLimitedFieldIsALabyrinth() {
        // Sum of many plane waves with |k| = 5 cycles per box in random directions: a maze without orientation.
        SplittableRandom r = new SplittableRandom(5);
        int waves = 40;
        double[][] w = new double[waves][3];
        for (double[] wi : w) {
            double th = 2 * Math.PI * r.nextDouble();
            wi[0] = Math.round(5 * Math.cos(th));
            wi[1] = Math.round(5 * Math.sin(th));
            wi[2] = 2 * Math.PI * r.nextDouble();
        }
        double[] f = field((x, y) -> {
            double s = 0;
            for (double[] wi : w) {
                s += Math.cos(2 * Math.PI * (wi[0] * x + wi[1] * y) / N + wi[2]);
            }
            return Math.tanh(2 * s / Math.sqrt(waves));
        });
        PatternDescriptors d = PatternAnalyzer.describe(f, N);
        assertThat(d.morphology()).isEqualTo(Morphology.LABYRINTH);
        assertThat(d.coherence()).isLessThan(0.5);
        assertThat(d.wavelength()).isBetween(64 / 6.0, 64 / 4.0);
    }

    @Test
    void wormsAreStripes() {
        // Separate short bars 3 cells wide and 14 long, alternating orientation: no wrapping, no coherence.
        double[] f = field((x, y) -> {
            int cx = x % 16;
            int cy = y % 16;
            boolean horizontal = ((x / 16) + (y / 16)) % 2 == 0;
            boolean bar = horizontal ? cy >= 6 && cy < 9 && cx >= 1 && cx < 15 : cx >= 6 && cx < 9 && cy >= 1 && cy < 15;
            return bar ? 1.0 : 0.0;
        });
        PatternDescriptors d = PatternAnalyzer.describe(f, N);
        assertThat(d.morphology()).isEqualTo(Morphology.STRIPES);
        assertThat(d.highComponents()).isEqualTo(16);
    }

    @Test
    void componentsWrapTheTorus() {
        boolean[] m = new boolean[N * N];
        for (int x = 0; x < N; x++) {
            m[10 * N + x] = true; // a horizontal line across the whole torus
        }
        m[40 * N + 40] = true;
        var cs = TorusComponents.of(m, N, true);
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).windingRank()).isEqualTo(1);
        assertThat(cs.get(1).windingRank()).isZero();
        // The torus cut along one circle is a cylinder: still connected, but it wraps one way only.
        var background = TorusComponents.of(m, N, false);
        assertThat(background).hasSize(1);
        assertThat(background.get(0).windingRank()).isEqualTo(1);
        m[20 * N + 5] = true;
        for (int y = 0; y < N; y++) {
            m[y * N + 30] = true; // and a vertical line: the background becomes a disc-like patch, no wrapping
        }
        assertThat(TorusComponents.of(m, N, false).get(0).windingRank()).isZero();
        assertThat(TorusComponents.of(new boolean[N * N], N, false).get(0).windingRank()).isEqualTo(2);
        assertThat(background.get(0).area()).isEqualTo(N * N - N - 1);
    }

    @Test
    void nonFiniteFieldIsDiverged() {
        double[] f = field((x, y) -> 1.0);
        f[3] = Double.POSITIVE_INFINITY;
        assertThat(PatternAnalyzer.describe(f, N).morphology()).isEqualTo(Morphology.DIVERGED);
    }
}
