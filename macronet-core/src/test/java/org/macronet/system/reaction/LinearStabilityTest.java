package org.macronet.system.reaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Turing analysis against the closed forms of PHYSICS.md. */
class LinearStabilityTest {

    @Test
    void brusselatorThresholdAtA2B3Is7Point4641() {
        Brusselator b = new Brusselator();
        double exact = 4 / Math.pow(Math.sqrt(3) - 1, 2); // a²/(√b − 1)²
        assertThat(exact).isCloseTo(7.4641, within(1e-4));
        double[] p = {2, 3, 8};
        // Closed form of the critical diffusion ratio (D_u = 1, so it is D_c) ...
        double[][] j = b.jacobian(2, 1.5, p);
        assertThat(LinearStability.criticalDiffusionRatio(j)).isCloseTo(7.4641, within(1e-3)).isCloseTo(exact,
                within(1e-12));
        // ... agrees with bisection of the Turing conditions on D.
        assertThat(LinearStability.threshold(b, p, "D", 1, 20, 1e-9)).isCloseTo(exact, within(1e-8));
        assertThat(LinearStability.analyse(b, new double[] {2, 3, 8}).turingUnstable()).isTrue();
        assertThat(LinearStability.analyse(b, new double[] {2, 3, 7}).turingUnstable()).isFalse();
    }

    @Test
    void brusselatorConditionMatchesTheClosedFormEverywhere() {
        Brusselator m = new Brusselator();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            double a = 0.2 + 4 * r.nextDouble();
            double b = 0.2 + 10 * r.nextDouble();
            double d = 0.1 + 60 * r.nextDouble();
            boolean expected = b - 1 < a * a && Math.sqrt(b) > 1 && d > a * a / Math.pow(Math.sqrt(b) - 1, 2);
            assertThat(LinearStability.analyse(m, new double[] {a, b, d}).turingUnstable())
                    .as("a=%s b=%s D=%s", a, b, d).isEqualTo(expected);
        }
    }

    @Test
    void schnakenbergConditionMatchesTheClosedForm() {
        Schnakenberg m = new Schnakenberg();
        SplittableRandom r = new SplittableRandom(2);
        int unstable = 0;
        for (int i = 0; i < 2000; i++) {
            double a = 0.01 + 1.0 * r.nextDouble();
            double b = 0.01 + 2.5 * r.nextDouble();
            double d = 0.1 + 100 * r.nextDouble();
            double s = a + b;
            boolean stable = (b - a) / s - s * s < 0; // tr J < 0 (det J = (a + b)² > 0 always)
            boolean expected = stable && d * (b - a) / s - s * s > 2 * s * Math.sqrt(d);
            boolean got = LinearStability.analyse(m, new double[] {a, b, d}).turingUnstable();
            assertThat(got).as("a=%s b=%s D=%s", a, b, d).isEqualTo(expected);
            unstable += got ? 1 : 0;
        }
        assertThat(unstable).as("the sample covers both outcomes").isBetween(100, 1900);
    }

    @Test
    void giererMeinhardtConditionMatchesThePhysicsFormulas() {
        GiererMeinhardt m = new GiererMeinhardt();
        SplittableRandom r = new SplittableRandom(3);
        int unstable = 0;
        for (int i = 0; i < 2000; i++) {
            double a = 0.5 * r.nextDouble();
            double b = 0.2 + 2 * r.nextDouble();
            double c = 0.2 + 2 * r.nextDouble();
            double d = 0.1 + 100 * r.nextDouble();
            double fu = b * (c - a) / (a + c);
            double fv = -b * b * c * c / ((a + c) * (a + c));
            double gu = 2 * (a + c) / b;
            double gv = -c;
            double det = fu * gv - fv * gu;
            double h = d * fu + gv;
            boolean expected = fu + gv < 0 && det > 0 && h > 0 && h * h > 4 * d * det;
            LinearStability.Result res = LinearStability.analyse(m, new double[] {a, b, c, d});
            assertThat(res.turingUnstable()).as("a=%s b=%s c=%s D=%s", a, b, c, d).isEqualTo(expected);
            if (expected) {
                unstable++;
                double kc = Math.sqrt(h / (2 * d));
                assertThat(res.criticalWavelength()).isCloseTo(2 * Math.PI / kc, within(1e-9));
            }
        }
        assertThat(unstable).isBetween(100, 1900);
    }

    @Test
    void growthRateIsZeroAtTheCriticalWavenumberAtThreshold() {
        double[] p = {2, 3, 4 / Math.pow(Math.sqrt(3) - 1, 2)};
        Brusselator b = new Brusselator();
        double[][] j = b.jacobian(2, 1.5, p);
        double kc2 = (p[2] * j[0][0] + j[1][1]) / (2 * p[2]);
        assertThat(LinearStability.growthRate(j, 1, p[2], kc2)).isCloseTo(0, within(1e-9));
        assertThat(LinearStability.growthRate(j, 1, p[2], kc2 * 1.2)).isNegative();
        LinearStability.StateAnalysis s = LinearStability.analyse(new double[] {2, 1.5}, j, 1, 8);
        assertThat(s.fastestGrowthRate()).isPositive();
        assertThat(s.fastestWavenumber()).isCloseTo(s.criticalWavenumber(), within(0.05));
    }

    @Test
    void grayScottUpperBranchCanBeTuringUnstable() {
        // Below the saddle-node line the upper non-trivial state exists; the trivial state (1, 0) is always stable.
        LinearStability.Result r = LinearStability.analyse(new GrayScott(), new double[] {0.04, 0.05, 0.2, 0.1});
        assertThat(r.states()).hasSize(3);
        assertThat(r.states().get(0).stableWithoutDiffusion()).isTrue();
        assertThat(r.states().get(0).turingUnstable()).isFalse();
        assertThat(r.states().get(2).stableWithoutDiffusion()).as("the middle branch is a saddle").isFalse();
        // Above the line only (1, 0) exists: no Turing instability, null wavelength.
        LinearStability.Result above = LinearStability.analyse(new GrayScott(), new double[] {0.026, 0.061, 0.2, 0.1});
        assertThat(above.turingUnstable()).isFalse();
        assertThat(above.criticalWavelength()).isNaN();
    }
}
