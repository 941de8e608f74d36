package org.macronet.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.ReactionModels;
import org.macronet.system.reaction.SweepConfig;

/**
 * A {@link SweepConfig} in a form that travels to Spark executors: the model by name and every value the
 * driver resolved (dt and dx included), so that an executor rebuilds exactly the driver's configuration.
 */
final class SweepSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rebuilt configurations, per executor JVM: building one validates every sample, once is enough. */
    private static final Map<SweepSpec, SweepConfig> BUILT = new ConcurrentHashMap<>();

    private final String model;
    private final double[] fixed;
    private final LinkedHashMap<String, double[]> ranges;
    private final int samples;
    private final int size;
    private final int steps;
    private final double dt;
    private final double dx;
    private final long seed;
    private final double stopTolerance;
    /** The configuration's JSON identity: equality and hashing go by it. */
    private final String identity;

    SweepSpec(SweepConfig c, String identity) {
        this.model = c.model().name();
        this.fixed = c.fixed();
        this.ranges = new LinkedHashMap<>();
        c.ranges().forEach((k, v) -> ranges.put(k, v.clone()));
        this.samples = c.samples();
        this.size = c.size();
        this.steps = c.steps();
        this.dt = c.dt();
        this.dx = c.dx();
        this.seed = c.seed();
        this.stopTolerance = c.stopTolerance();
        this.identity = identity;
    }

    /** The configuration (built once per JVM). */
    SweepConfig config() {
        return BUILT.computeIfAbsent(this, s -> {
            ReactionModel m = ReactionModels.byName(model);
            return new SweepConfig(m, fixed, ranges, samples, size, steps, dt, dx, seed, stopTolerance);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SweepSpec s && s.identity.equals(identity);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }
}
