package org.macronet.system.oscillator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.macronet.stats.Stats;

class OscillatorPairsTest {

    @Test
    void exactSolutionSatisfiesHamiltonsEquations() {
        HarmonicOscillator osc = new HarmonicOscillator(2.0, 3.0);
        double e = 1.7;
        double h = 1e-6;
        for (double t = 0; t < 5; t += 0.37) {
            double theta = osc.omega() * t + 0.4;
            double[] s = osc.state(e, theta);
            double[] plus = osc.state(e, theta + osc.omega() * h);
            double[] minus = osc.state(e, theta - osc.omega() * h);
            double dq = (plus[0] - minus[0]) / (2 * h);
            double dp = (plus[1] - minus[1]) / (2 * h);
            assertThat(dq).as("dq/dt = p/m").isCloseTo(s[1] / osc.mass(), within(1e-6));
            assertThat(dp).as("dp/dt = -κq").isCloseTo(-osc.stiffness() * s[0], within(1e-6));
            assertThat(osc.energy(s[0], s[1])).isCloseTo(e, within(1e-12));
            assertThat(osc.phase(s[0], s[1])).isCloseTo(Math.IEEEremainder(theta, 2 * Math.PI), within(1e-9));
        }
    }

    @Test
    void pairsShareTheEnergyAndNothingElse() {
        OscillatorPairs sys = new OscillatorPairs(new HarmonicOscillator(1.5, 0.5), 0.5, 2.0, 0, false);
        OscillatorPairs.Sample s = sys.sample(20000, 3);
        double[] ex = new double[s.energy().length];
        double[] ey = new double[s.energy().length];
        double[] phx = new double[s.energy().length];
        double[] phy = new double[s.energy().length];
        for (int i = 0; i < ex.length; i++) {
            ex[i] = sys.energyOf(s.data().x()[i]);
            ey[i] = sys.energyOf(s.data().y()[i]);
            assertThat(ex[i]).isCloseTo(s.energy()[i], within(1e-9));
            assertThat(ey[i]).isCloseTo(s.energy()[i], within(1e-9));
            phx[i] = sys.oscillator().phase(s.data().x()[i][0], s.data().x()[i][1]);
            phy[i] = sys.oscillator().phase(s.data().y()[i][0], s.data().y()[i][1]);
        }
        // A lag uniform over one period makes Y's phase independent of X's phase.
        double[] cx = java.util.Arrays.stream(phx).map(Math::cos).toArray();
        double[] cy = java.util.Arrays.stream(phy).map(Math::cos).toArray();
        double[] sx = java.util.Arrays.stream(phx).map(Math::sin).toArray();
        double[] sy = java.util.Arrays.stream(phy).map(Math::sin).toArray();
        assertThat(Math.abs(Stats.pearson(cx, cy))).isLessThan(0.03);
        assertThat(Math.abs(Stats.pearson(sx, sy))).isLessThan(0.03);
        assertThat(Stats.mean(s.energy())).isCloseTo(1.25, within(0.02));
    }

    @Test
    void positionOnlyObservationDeterminesTheEnergy() {
        OscillatorPairs sys = new OscillatorPairs(new HarmonicOscillator(1, 4), 0.5, 2.0, 0, true);
        OscillatorPairs.Sample s = sys.sample(500, 5);
        for (int i = 0; i < 500; i++) {
            assertThat(sys.energyOf(s.data().x()[i])).isCloseTo(s.energy()[i], within(1e-9));
            assertThat(sys.energyOf(s.data().y()[i])).isCloseTo(s.energy()[i], within(1e-9));
        }
    }

    @Test
    void sameSeedSameData() {
        OscillatorPairs sys = OscillatorPairs.defaults();
        assertThat(sys.sample(100, 9).data().x()).isDeepEqualTo(sys.sample(100, 9).data().x());
        assertThat(sys.sample(100, 9).data().x()[0]).isNotEqualTo(sys.sample(100, 10).data().x()[0]);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new HarmonicOscillator(0, 1)).hasMessageContaining("mass");
        assertThatThrownBy(() -> new HarmonicOscillator(1, Double.NaN)).hasMessageContaining("stiffness");
        assertThatThrownBy(() -> new OscillatorPairs(new HarmonicOscillator(1, 1), 2, 1, 0, false))
                .hasMessageContaining("energy range");
        assertThatThrownBy(() -> new OscillatorPairs(new HarmonicOscillator(1, 1), 1, 2, -1, false))
                .hasMessageContaining("noise");
    }
}
