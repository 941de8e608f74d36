package org.macronet.system.oscillator;

/**
 * H = p²/(2m) + ½κq², ω = √(κ/m); exact solution q(t) = A cos(ωt + φ), p(t) = −mωA sin(ωt + φ).
 *
 * @param mass m &gt; 0
 * @param stiffness κ &gt; 0
 */
public record HarmonicOscillator(double mass, double stiffness) {

    public HarmonicOscillator {
        if (!(mass > 0) || !Double.isFinite(mass)) {
            throw new IllegalArgumentException("mass must be > 0, got " + mass);
        }
        if (!(stiffness > 0) || !Double.isFinite(stiffness)) {
            throw new IllegalArgumentException("stiffness must be > 0, got " + stiffness);
        }
    }

    public double omega() {
        return Math.sqrt(stiffness / mass);
    }

    public double period() {
        return 2 * Math.PI / omega();
    }

    public double energy(double q, double p) {
        return p * p / (2 * mass) + 0.5 * stiffness * q * q;
    }

    /** Amplitude A of the orbit with energy E: E = ½κA². */
    public double amplitude(double energy) {
        return Math.sqrt(2 * energy / stiffness);
    }

    /** (q, p) at phase angle θ = ωt + φ on the orbit of energy E. */
    public double[] state(double energy, double theta) {
        double a = amplitude(energy);
        return new double[] {a * Math.cos(theta), -mass * omega() * a * Math.sin(theta)};
    }

    /** Phase angle θ in (−π, π] of a state, the inverse of {@link #state}. */
    public double phase(double q, double p) {
        return Math.atan2(-p / (mass * omega()), q);
    }
}
