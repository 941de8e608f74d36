package org.macronet.system.reaction;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A parameter sweep: {@code samples} parameter sets drawn uniformly (and independently per parameter) from
 * the given ranges, the other parameters fixed, each simulated from its own seeded initial condition.
 *
 * <p>Everything is derived from {@code seed}: sample i's parameters from stream
 * {@link Seeds#PARAMETERS} at index i, its initial condition from stream {@link Seeds#SIMULATIONS} at index
 * i; so sample i is the same whatever the thread count, order of execution, or interruptions.
 *
 * @param model the model
 * @param fixed values of every parameter (those in {@code ranges} are overwritten per sample); validated
 * @param ranges name → {lo, hi}, in sampling order; each inside the parameter's valid range, lo ≤ hi
 * @param samples number of samples, ≥ 1
 * @param size grid side
 * @param steps time steps per simulation
 * @param dt time step, or NaN for the largest default time step that is stable for every sample
 * @param dx grid spacing, or NaN for the model's default
 * @param seed root seed
 * @param stopTolerance early-stop tolerance (0: off), see {@link SimulationConfig}
 */
public record SweepConfig(ReactionModel model, double[] fixed, Map<String, double[]> ranges, int samples, int size,
        int steps, double dt, double dx, long seed, double stopTolerance) {

    public SweepConfig {
        fixed = model.validate(fixed.clone());
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : ranges.entrySet()) {
            Parameter p = model.parameters().get(model.indexOf(e.getKey()));
            double[] r = e.getValue();
            if (r.length != 2 || !(r[0] <= r[1])) {
                throw new IllegalArgumentException("range of " + e.getKey() + " must be LO:HI with LO ≤ HI");
            }
            p.check(model.name(), r[0]);
            p.check(model.name(), r[1]);
            copy.put(e.getKey(), r.clone());
        }
        ranges = Collections.unmodifiableMap(copy);
        if (samples < 1) {
            throw new IllegalArgumentException("samples=" + samples + " must be ≥ 1");
        }
        if (Double.isNaN(dx)) {
            dx = model.defaultDx();
        }
        if (Double.isNaN(dt)) {
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < samples; i++) {
                best = Math.min(best, model.defaultDt(parameters(model, fixed, ranges, seed, i), dx));
            }
            dt = best;
        }
        // Validates grid, steps, dt against every sample's diffusion coefficients: fail before simulating.
        for (int i = 0; i < samples; i++) {
            new SimulationConfig(model, parameters(model, fixed, ranges, seed, i), size, steps, dt, dx, seed,
                    stopTolerance);
        }
    }

    /** The parameter set of sample {@code i}. */
    public double[] parameters(int i) {
        return parameters(model, fixed, ranges, seed, i);
    }

    /** The simulation of sample {@code i}. */
    public SimulationConfig simulation(int i) {
        return new SimulationConfig(model, parameters(i), size, steps, dt, dx, Seeds.derive(seed, Seeds.SIMULATIONS, i),
                stopTolerance);
    }

    /** Names of the swept parameters, in sampling order. */
    public List<String> sweptNames() {
        return List.copyOf(ranges.keySet());
    }

    @Override
    public double[] fixed() {
        return fixed.clone();
    }

    private static double[] parameters(ReactionModel model, double[] fixed, Map<String, double[]> ranges, long seed,
            int i) {
        double[] p = fixed.clone();
        SplittableRandom r = new SplittableRandom(Seeds.derive(seed, Seeds.PARAMETERS, i));
        for (Map.Entry<String, double[]> e : ranges.entrySet()) {
            double lo = e.getValue()[0];
            double hi = e.getValue()[1];
            p[model.indexOf(e.getKey())] = lo == hi ? lo : Math.min(hi, lo + (hi - lo) * r.nextDouble());
        }
        return p;
    }

    /**
     * Parses command-line ranges: name → "LO:HI" (a command line's {@code NAME=LO:HI}, split at '=') into
     * name → {lo, hi}, in the given order; IllegalArgumentException naming the entry that does not parse.
     */
    public static Map<String, double[]> parseRanges(Map<String, String> raw) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        raw.forEach((name, spec) -> {
            String[] parts = spec.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("range " + name + "=" + spec + " must read NAME=LO:HI");
            }
            try {
                out.put(name, new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("range " + name + "=" + spec + " has a bound that is not a number");
            }
        });
        return out;
    }

    /** The configuration as plain JSON-ready values (also the identity a resumed sweep must match). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.name());
        m.put("parameters", model.asMap(fixed));
        Map<String, List<Double>> r = new LinkedHashMap<>();
        ranges.forEach((k, v) -> r.put(k, List.of(v[0], v[1])));
        m.put("ranges", r);
        m.put("samples", samples);
        m.put("size", size);
        m.put("steps", steps);
        m.put("dt", dt);
        m.put("dx", dx);
        m.put("seed", seed);
        m.put("stop_tolerance", stopTolerance);
        m.put("field", "v");
        return m;
    }
}
