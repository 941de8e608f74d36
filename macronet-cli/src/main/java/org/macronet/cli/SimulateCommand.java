package org.macronet.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.macronet.Version;
import org.macronet.data.AtomicFiles;
import org.macronet.data.Npy;
import org.macronet.report.FieldImages;
import org.macronet.system.pattern.PatternAnalyzer;
import org.macronet.system.pattern.PatternDescriptors;
import org.macronet.system.reaction.ExplicitEulerSimulator;
import org.macronet.system.reaction.LinearStability;
import org.macronet.system.reaction.ReactionModel;
import org.macronet.system.reaction.SimulationConfig;
import org.macronet.system.reaction.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code macronet simulate MODEL --param NAME=VALUE ... --out DIR}: one reaction–diffusion simulation. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate one reaction-diffusion model on a periodic grid from a seeded random start, and "
            + "describe the grown pattern against the linear (Turing) analysis.",
            "Writes DIR/field.npy (v, float32 [size, size]), DIR/u.npy, DIR/pattern.png, DIR/metrics.json and "
            + "DIR/config.json."})
public final class SimulateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "one of: " + ReactionOptions.MODELS)
    String modelName;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "a model parameter (repeatable), e.g. --param F=0.026 --param k=0.061; others keep defaults")
    Map<String, Double> params = new LinkedHashMap<>();

    @Option(names = "--size", paramLabel = "N", defaultValue = "64", description = "grid side in cells (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--steps", paramLabel = "T", description = "time steps (default: per model; 10000 for gray-scott, 40000 otherwise)")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the random initial condition (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dt", description = "time step (default: 80%% of the stability bound dx²/(4·max D), at most 1)")
    Double dt;

    @Option(names = "--dx", description = "grid spacing in model units (default: per model; 1, or 0.5 for brusselator)")
    Double dx;

    @Option(names = "--stop-tol", paramLabel = "TOL", defaultValue = "0",
            description = "stop early once max|du/dt|, max|dv/dt| < TOL (0, the default: run every step)")
    double stopTolerance;

    @Option(names = "--scale", defaultValue = "4", description = "pixels per cell in pattern.png (default ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReactionModel model = ReactionOptions.model(modelName);
        double[] p = model.withValues(params);
        double gridDx = dx != null ? dx : model.defaultDx();
        SimulationConfig c = new SimulationConfig(model, p, size, steps != null ? steps : model.defaultSteps(size),
                dt != null ? dt : model.defaultDt(p, gridDx), gridDx, seed, stopTolerance);
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("--scale=" + scale + " must be between 1 and 64");
        }
        long t0 = System.nanoTime();
        SimulationResult r = ExplicitEulerSimulator.run(c);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        PatternDescriptors d = PatternAnalyzer.describe(r.v(), size);
        LinearStability.Result lin = LinearStability.analyse(model, p);

        Npy.writeFloat32(out.resolve("field.npy"), new int[] {size, size}, r.v());
        Npy.writeFloat32(out.resolve("u.npy"), new int[] {size, size}, r.u());
        FieldImages.writePng(FieldImages.render(r.v(), size, size, scale), out.resolve("pattern.png"));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patterned", d.patterned());
        m.put("wavelength", ReactionOptions.num(d.wavelength()));
        m.put("morphology", d.morphology().label());
        m.put("coverage", ReactionOptions.num(d.coverage()));
        m.put("linear_turing_unstable", lin.turingUnstable());
        m.put("linear_wavelength", ReactionOptions.num(lin.criticalWavelength() / gridDx));
        m.put("seconds", seconds);
        m.put("wavelength_unit", "grid cells (multiply by dx for model length units)");
        m.put("field", "v");
        m.put("mean", ReactionOptions.num(d.mean()));
        m.put("std", ReactionOptions.num(d.std()));
        m.put("high_components", d.highComponents());
        m.put("low_components", d.lowComponents());
        m.put("coherence", ReactionOptions.num(d.coherence()));
        m.put("steps", r.steps());
        m.put("stopped_early", r.stoppedEarly());
        m.put("diverged", r.diverged());
        m.put("cell_updates_per_second", r.seconds() > 0 ? (double) size * size * r.steps() / r.seconds() : null);
        AtomicFiles.writeString(out.resolve("metrics.json"), ReactionOptions.JSON.writeValueAsString(m));

        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("command", "simulate");
        cfg.put("version", Version.VERSION);
        cfg.put("model", model.name());
        cfg.put("parameters", model.asMap(p));
        cfg.put("size", size);
        cfg.put("steps", c.steps());
        cfg.put("dt", c.dt());
        cfg.put("dx", c.dx());
        cfg.put("seed", seed);
        cfg.put("stop_tolerance", stopTolerance);
        AtomicFiles.writeString(out.resolve("config.json"), ReactionOptions.JSON.writeValueAsString(cfg));

        spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                "%s %s: %s, wavelength %s cells; linear analysis: %s; %d steps in %.2f s -> %s%n", model.name(),
                model.asMap(p), d.morphology().label(),
                d.patterned() ? String.format(java.util.Locale.ROOT, "%.2f", d.wavelength()) : "-",
                lin.turingUnstable() ? String.format(java.util.Locale.ROOT, "Turing unstable, critical wavelength %.2f cells",
                        lin.criticalWavelength() / gridDx) : "not Turing unstable",
                r.steps(), seconds, out);
        return 0;
    }
}
