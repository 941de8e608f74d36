package org.macronet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.macronet.system.catalog.KnownAnswerSystems;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.macronet.data.PairedData;
import org.macronet.random.Seeds;
import org.macronet.stats.Stats;
import org.macronet.system.controls.MixingLag;
import org.macronet.system.mechanics.FreeRigidBody;
import org.macronet.system.mechanics.RigidBodyPairs;
import org.macronet.system.oscillator.IsotropicOscillator;
import org.macronet.system.oscillator.SingleOscillator;
import org.macronet.system.oscillator.TwoOscillators;

/**
 * The known-answer systems keep their promises: shapes match the column lists, samples are reproducible,
 * the invariants of X and Y agree (positive systems), X and Y are uncorrelated (controls), and the
 * dynamics match closed forms.
 */
class KnownAnswerSystemsTest {

    static Stream<KnownAnswerSystem> systems() {
        return KnownAnswerSystems.all().stream();
    }

    /** Every system, shown by its name. */
    static Stream<Named<KnownAnswerSystem>> named() {
        return systems().map(s -> Named.of(s.name(), s));
    }

    static Stream<Named<KnownAnswerSystem>> controls() {
        return named().filter(s -> s.getPayload().invariantCount() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    void shapesMatchTheColumnLists(KnownAnswerSystem s) {
        assertThat(s.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(s.description()).isNotBlank().doesNotContain("\n");
        KnownAnswerSystem.Sample sample = s.sample(37, 5);
        assertThat(sample.data().rows()).isEqualTo(37);
        assertThat(sample.data().dimX()).isEqualTo(s.xColumns().size());
        assertThat(sample.data().dimY()).isEqualTo(s.yColumns().size());
        assertThat(sample.invariants()).hasNumberOfRows(37);
        for (double[] row : sample.invariants()) {
            assertThat(row).hasSize(s.invariantColumns().size());
        }
        if (s.invariantCount() == 0) {
            assertThat(s.invariantColumns()).isEmpty();
        } else {
            assertThat(s.invariantColumns().size()).isGreaterThanOrEqualTo(s.invariantCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("named")
    void sameSeedGivesTheSameSampleAndAnotherSeedAnotherOne(KnownAnswerSystem s) {
        KnownAnswerSystem.Sample a = s.sample(20, 11);
        KnownAnswerSystem.Sample b = s.sample(20, 11);
        KnownAnswerSystem.Sample c = s.sample(20, 12);
        assertThat(a.data().x()).isDeepEqualTo(b.data().x());
        assertThat(a.data().y()).isDeepEqualTo(b.data().y());
        assertThat(a.invariants()).isDeepEqualTo(b.invariants());
        assertThat(Arrays.deepEquals(a.data().x(), c.data().x())).isFalse();
        assertThat(Arrays.deepEquals(a.data().y(), c.data().y())).isFalse();
    }

    @Test
    void sampleSizeBelowOneIsRefused() {
        for (KnownAnswerSystem s : KnownAnswerSystems.all()) {
            assertThatThrownBy(() -> s.sample(0, 1)).as(s.name()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 0");
        }
    }

    /** Noise-free positive systems, with the invariants of one observation and the tolerance (relative). */
    static Stream<Arguments> invariantFunctions() {
        SingleOscillator osc = SingleOscillator.clean();
        RigidBodyPairs body = new RigidBodyPairs();
        return Stream.of(
                Arguments.of("oscillator", (Function<double[], double[]>) o -> new double[] {osc.energyOf(o)}, 1e-9),
                Arguments.of("two-oscillators", (Function<double[], double[]>) TwoOscillators::invariantsOf, 1e-9),
                Arguments.of("isotropic-oscillator", (Function<double[], double[]>) IsotropicOscillator::invariantsOf,
                        1e-9),
                // RK4 at h = 0.01 over up to t = 50: observed ≤ 1e-11 over 24000 pairs.
                Arguments.of("rigid-body", (Function<double[], double[]>) body::invariantsOf, 1e-9));
    }

    @Test
    void theRigidBodysOrbitsCircleTheMajorAxisOnOneSide() {
        // Every orbit on the +l3 lobe: no discrete quantity (which lobe) is shared beyond energy and |L|².
        RigidBodyPairs system = new RigidBodyPairs();
        KnownAnswerSystem.Sample sample = system.sample(2000, 5);
        for (int i = 0; i < sample.data().rows(); i++) {
            for (double[] l : new double[][] {sample.data().x()[i], sample.data().y()[i]}) {
                assertThat(l[2]).as("l3 of pair " + i).isPositive();
                // Below the separatrix energy |L|²/(2 I2): the orbit circles the axis of largest moment.
                assertThat(system.body().energy(l)).isLessThan(FreeRigidBody.lSquared(l) / (2 * system.body().i2()));
            }
        }
    }

    @Test
    void everyNoiseFreePositiveSystemHasItsInvariantsChecked() {
        Set<String> checked = invariantFunctions().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> positive = systems().filter(s -> s.invariantCount() > 0).map(KnownAnswerSystem::name)
                .filter(n -> !n.equals("oscillator-noisy")).collect(Collectors.toSet());
        assertThat(checked).isEqualTo(positive);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invariantFunctions")
    void invariantsOfXAndYAgreeWithTheTrueOnes(String name, Function<double[], double[]> invariants, double tol) {
        KnownAnswerSystem s = KnownAnswerSystems.byName(name);
        KnownAnswerSystem.Sample sample = s.sample(200, 3);
        for (int i = 0; i < sample.data().rows(); i++) {
            double[] truth = sample.invariants()[i];
            double[] fx = invariants.apply(sample.data().x()[i]);
            double[] fy = invariants.apply(sample.data().y()[i]);
            for (int j = 0; j < truth.length; j++) {
                // Relative to the value, or to 1 for values near 0 (angular momentum, cos/sin).
                double scale = Math.max(1, Math.abs(truth[j]));
                String what = name + " pair " + i + " " + s.invariantColumns().get(j);
                assertThat(fx[j]).as(what + " from X").isCloseTo(truth[j], within(tol * scale));
                assertThat(fy[j]).as(what + " from Y").isCloseTo(truth[j], within(tol * scale));
            }
        }
    }

    @Test
    void noisyOscillatorAddsTenPercentOfEachSpreadToTheCleanStates() {
        SingleOscillator clean = SingleOscillator.clean();
        SingleOscillator noisy = SingleOscillator.noisy();
        assertThat(noisy.spread()).containsExactly(new double[] {Math.sqrt(1.25), Math.sqrt(1.25)}, within(1e-12));
        int n = 4000;
        KnownAnswerSystem.Sample c = clean.sample(n, 9);
        KnownAnswerSystem.Sample z = noisy.sample(n, 9);
        assertThat(z.invariants()).isDeepEqualTo(c.invariants());
        for (int j = 0; j < 2; j++) {
            double[] cleanColumn = Stats.column(c.data().x(), j);
            assertThat(Stats.std(cleanColumn)).as("spread of column " + j).isCloseTo(noisy.spread()[j],
                    within(0.05 * noisy.spread()[j]));
            for (double[][][] sides : List.of(new double[][][] {c.data().x(), z.data().x()},
                    new double[][][] {c.data().y(), z.data().y()})) {
                double[] noise = new double[n];
                for (int i = 0; i < n; i++) {
                    noise[i] = sides[1][i][j] - sides[0][i][j];
                }
                assertThat(Stats.mean(noise)).isCloseTo(0, within(0.01));
                assertThat(Stats.std(noise)).isCloseTo(0.1 * Math.sqrt(1.25), within(0.005));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void controlsHaveUncorrelatedSides(KnownAnswerSystem s) {
        int n = 4000;
        PairedData d = s.sample(n, 4).data();
        double bound = 5 / Math.sqrt(n);
        for (int a = 0; a < d.dimX(); a++) {
            for (int b = 0; b < d.dimY(); b++) {
                double r = Stats.pearson(Stats.column(d.x(), a), Stats.column(d.y(), b));
                assertThat(Math.abs(r)).as("|pearson(x%d, y%d)|", a + 1, b + 1).isLessThan(bound);
            }
        }
    }

    @Test
    void controlsHaveStructureWithinEachSide() {
        // The controls are not trivially white: columns of one side are strongly related.
        PairedData g = KnownAnswerSystems.byName("independent-gaussians").sample(4000, 4).data();
        assertThat(Stats.pearson(Stats.column(g.x(), 0), Stats.column(g.x(), 1))).isGreaterThan(0.4);
        PairedData m = KnownAnswerSystems.byName("mixing-lag").sample(4000, 4).data();
        assertThat(Stats.pearson(Stats.column(m.y(), 0), Stats.column(m.y(), 1))).isGreaterThan(0.4);
        assertThat(MixingLag.lag()).isEqualTo(20.0);
    }

    @Test
    void rigidBodyConservesEnergyAndMomentumOverTheLongestLag() {
        FreeRigidBody body = FreeRigidBody.defaults();
        SplittableRandom rng = Seeds.stream(1, "test.rigid");
        for (int k = 0; k < 10; k++) {
            double[] l = {Seeds.gaussian(rng), Seeds.gaussian(rng), Seeds.gaussian(rng)};
            double[] later = body.evolve(l, 50);
            assertThat(body.energy(later)).isCloseTo(body.energy(l), within(1e-8 * body.energy(l)));
            assertThat(FreeRigidBody.lSquared(later)).isCloseTo(FreeRigidBody.lSquared(l),
                    within(1e-8 * FreeRigidBody.lSquared(l)));
        }
    }

    @Test
    void rigidBodyRotatingAboutAPrincipalAxisKeepsItsMomentum() {
        FreeRigidBody body = FreeRigidBody.defaults();
        for (double[] l : new double[][] {{1.3, 0, 0}, {0, -0.7, 0}, {0, 0, 1.1}}) {
            assertThat(body.evolve(l, 37.5)).containsExactly(l);
        }
    }

    @Test
    void rigidBodyMatchesTheSymmetricTop() {
        // I1 = I2: L3 is constant and (L1, L2) turns at Ω = L3 (1/I3 − 1/I1):
        // L1(t) = L1 cos Ωt + L2 sin Ωt, L2(t) = L2 cos Ωt − L1 sin Ωt.
        FreeRigidBody top = new FreeRigidBody(1, 1, 3, 0.01);
        double[] l = {0.6, -0.2, 0.9};
        double omega = l[2] * (1.0 / 3 - 1.0);
        for (double t : new double[] {0.005, 1.0, 7.3, 50}) {
            double[] got = top.evolve(l, t);
            double c = Math.cos(omega * t);
            double s = Math.sin(omega * t);
            assertThat(got[0]).as("L1(%s)", t).isCloseTo(l[0] * c + l[1] * s, within(1e-8));
            assertThat(got[1]).as("L2(%s)", t).isCloseTo(l[1] * c - l[0] * s, within(1e-8));
            assertThat(got[2]).as("L3(%s)", t).isCloseTo(l[2], within(1e-12));
        }
    }

    @Test
    void isotropicOscillatorFollowsItsClosedFormAndKeepsItsInvariants() {
        // The ellipse of semi-axes a > b rotated by α: r(0) = R(α)(a, 0), p(0) = R(α)(0, b).
        double a = 2;
        double b = 0.5;
        double alpha = 0.3;
        double[] s0 = {a * Math.cos(alpha), a * Math.sin(alpha), -b * Math.sin(alpha), b * Math.cos(alpha)};
        double[] expected = {(a * a + b * b) / 2, a * b, Math.cos(2 * alpha), Math.sin(2 * alpha)};
        for (double t : new double[] {0, 0.4, 1.9, 3.3, 6.0}) {
            double[] s = IsotropicOscillator.evolve(s0, t);
            // x(t) = x0 cos t + px0 sin t, px(t) = px0 cos t − x0 sin t, the same for y.
            assertThat(s[0]).isCloseTo(s0[0] * Math.cos(t) + s0[2] * Math.sin(t), within(1e-14));
            assertThat(s[1]).isCloseTo(s0[1] * Math.cos(t) + s0[3] * Math.sin(t), within(1e-14));
            assertThat(s[2]).isCloseTo(s0[2] * Math.cos(t) - s0[0] * Math.sin(t), within(1e-14));
            assertThat(s[3]).isCloseTo(s0[3] * Math.cos(t) - s0[1] * Math.sin(t), within(1e-14));
            assertThat(IsotropicOscillator.invariantsOf(s)).as("t = %s", t).containsExactly(expected, within(1e-12));
        }
        // A line orbit along the diagonal: L = 0, θ = π/4.
        assertThat(IsotropicOscillator.invariantsOf(new double[] {1, 1, 0, 0}))
                .containsExactly(new double[] {1, 0, 0, 1}, within(1e-15));
    }

    @Test
    void byNameFindsEverySystemAndRefusesAnUnknownNameListingTheValidOnes() {
        for (KnownAnswerSystem s : KnownAnswerSystems.all()) {
            assertThat(KnownAnswerSystems.byName(s.name())).isSameAs(s);
        }
        assertThat(systems().map(KnownAnswerSystem::name).distinct().count())
                .isEqualTo(KnownAnswerSystems.all().size());
        assertThatThrownBy(() -> KnownAnswerSystems.byName("pendulum")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pendulum").hasMessageContaining("oscillator, oscillator-noisy, two-oscillators, "
                        + "isotropic-oscillator, rigid-body, independent-gaussians, mixing-lag, oscillator-shuffled");
    }
}
