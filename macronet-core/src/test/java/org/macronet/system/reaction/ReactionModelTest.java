package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model: steady states are zeros of the reaction terms, and the analytic Jacobian matches finite differences. */
class ReactionModelTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new GrayScott(), new double[] {0.026, 0.061, 0.2, 0.1}),
                Arguments.of(new GrayScott(), new double[] {0.04, 0.05, 0.2, 0.1}),
                Arguments.of(new GrayScott(), new double[] {0.09, 0.059, 0.2, 0.1}),
                Arguments.of(new Brusselator(), new double[] {2, 3, 8}),
                Arguments.of(new Brusselator(), new double[] {1.5, 4.2, 20}),
                Arguments.of(new Schnakenberg(), new double[] {0.1, 0.9, 10}),
                Arguments.of(new Schnakenberg(), new double[] {0.3, 1.7, 40}),
                Arguments.of(new GiererMeinhardt(), new double[] {0.1, 1, 1, 10}),
                Arguments.of(new GiererMeinhardt(), new double[] {0.4, 0.7, 1.3, 30}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void steadyStatesAreZerosOfTheReactionTerms(ReactionModel m, double[] p) {
        for (double[] s : m.homogeneousSteadyStates(p)) {
            assertThat(m.f(s[0], s[1], p)).as("f at %s", List.of(s[0], s[1])).isCloseTo(0, within(1e-12));
            assertThat(m.g(s[0], s[1], p)).as("g at %s", List.of(s[0], s[1])).isCloseTo(0, within(1e-12));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void jacobianMatchesCentralDifferences(ReactionModel m, double[] p) {
        double[][] points = {{0.7, 0.3}, {1.3, 0.9}, {2.0, 1.5}};
        for (double[] x : points) {
            double[][] j = m.jacobian(x[0], x[1], p);
            double h = 1e-6;
            double fu = (m.f(x[0] + h, x[1], p) - m.f(x[0] - h, x[1], p)) / (2 * h);
            double fv = (m.f(x[0], x[1] + h, p) - m.f(x[0], x[1] - h, p)) / (2 * h);
            double gu = (m.g(x[0] + h, x[1], p) - m.g(x[0] - h, x[1], p)) / (2 * h);
            double gv = (m.g(x[0], x[1] + h, p) - m.g(x[0], x[1] - h, p)) / (2 * h);
            assertThat(j[0][0]).isCloseTo(fu, within(1e-6));
            assertThat(j[0][1]).isCloseTo(fv, within(1e-6));
            assertThat(j[1][0]).isCloseTo(gu, within(1e-6));
            assertThat(j[1][1]).isCloseTo(gv, within(1e-6));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void floatKernelIsOneEulerStepOfTheReactionTerms(ReactionModel m, double[] p) {
        double dt = 0.01;
        float[] u = {0.7f, 1.3f, 2.0f};
        float[] v = {0.3f, 0.9f, 1.5f};
        float[] lu = {0.1f, -0.2f, 0.05f};
        float[] lv = {-0.1f, 0.3f, 0.02f};
        float[] uo = new float[3];
        float[] vo = new float[3];
        float cu = 0.1f;
        float cv = 0.2f;
        m.kernel(p, dt).update(u, v, lu, lv, uo, vo, 0, 0, 3, cu, cv);
        for (int i = 0; i < 3; i++) {
            assertThat((double) uo[i]).isCloseTo(u[i] + cu * lu[i] + dt * m.f(u[i], v[i], p), within(1e-5));
            assertThat((double) vo[i]).isCloseTo(v[i] + cv * lv[i] + dt * m.g(u[i], v[i], p), within(1e-5));
        }
    }

    @Test
    void steadyStatesFollowTheClosedForms() {
        assertThat(new Brusselator().homogeneousSteadyStates(new double[] {2, 3, 8}).get(0)).containsExactly(2, 1.5);
        assertThat(new Schnakenberg().homogeneousSteadyStates(new double[] {0.1, 0.9, 10}).get(0))
                .containsExactly(1.0, 0.9);
        double[] gm = new GiererMeinhardt().homogeneousSteadyStates(new double[] {0.1, 2, 1, 10}).get(0);
        assertThat(gm[0]).isCloseTo(1.1 / 2, within(1e-15));
        assertThat(gm[1]).isCloseTo(1.21 / 4, within(1e-15));
        // Gray–Scott: only the trivial state above the saddle-node line k = √F/2 − F, three below it.
        assertThat(new GrayScott().homogeneousSteadyStates(new double[] {0.04, 0.075, 0.2, 0.1})).hasSize(1);
        assertThat(new GrayScott().homogeneousSteadyStates(new double[] {0.04, 0.05, 0.2, 0.1})).hasSize(3);
    }

    @Test
    void parametersAreCheckedAgainstTheirRanges() {
        GrayScott gs = new GrayScott();
        assertThatThrownBy(() -> gs.withValues(Map.of("k", 0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter k=0.5 of gray-scott is outside its valid range [0, 0.2]");
        assertThatThrownBy(() -> gs.withValues(Map.of("kill", 0.05)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'kill'").hasMessageContaining("[F, k, Du, Dv]");
        assertThatThrownBy(() -> new Brusselator().validate(new double[] {2, 3}))
                .hasMessageContaining("takes 3 parameters");
        assertThat(gs.withValues(Map.of("F", 0.03))).containsExactly(0.03, 0.06, 0.2, 0.1);
        assertThatThrownBy(() -> ReactionModels.byName("fitzhugh"))
                .hasMessageContaining("gray-scott, brusselator, schnakenberg, gierer-meinhardt");
    }
}
