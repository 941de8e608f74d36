package org.macronet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.macronet.report.HtmlReport;
import java.util.concurrent.Callable;
import org.macronet.experiment.OscillatorExperiment;
import org.macronet.experiment.TuringExperiment;
import org.macronet.system.reaction.BatchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `macronet demo`: the main job on built-in defaults, replacing the previous demo's results. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the demo on built-in defaults: the harmonic-oscillator experiment (lighter preset) and the",
                "Turing-pattern experiment (--quick preset; its simulated data are kept in runs/data and reused).",
                "Results go to --out/oscillator and --out/turing (metrics.json, report.html, model/), with",
                "--out/index.html linking them."})
public final class DemoCommand implements Callable<Integer> {
    /** Epochs of the demo preset (the full `oscillator` default trains 64 epochs without screening). */
    static final int DEMO_EPOCHS = 40;
    /** Screening of the demo preset: initialisations, epochs each. */
    static final int DEMO_CANDIDATES = 2;
    static final int DEMO_SCREENING_EPOCHS = 6;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "output folder, replaced if present (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "root seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** Tests shrink the demo with these; users get the preset. */
    @Option(names = "--epochs", hidden = true)
    int epochs = DEMO_EPOCHS;

    @Option(names = "--pairs", hidden = true)
    int pairs = 20000;

    @Option(names = "--candidates", hidden = true)
    int candidates = DEMO_CANDIDATES;

    /** Tests skip the Turing part (it has its own tests). */
    @Option(names = "--no-turing", hidden = true)
    boolean noTuring;

    @Override
    public Integer call() throws Exception {
        OscillatorExperiment.Options d = OscillatorExperiment.Options.defaults(seed);
        OscillatorExperiment.Options o = d.withModel(d.model().withTraining(d.model().training().withEpochs(epochs)
                        .withScreening(candidates, DEMO_SCREENING_EPOCHS)))
                .withPairs(pairs);
        int code = OscillatorCommand.run(o, out.resolve("oscillator"), true, quiet, spec.commandLine().getOut(), "demo");
        if (code == 0 && !noTuring) {
            TuringExperiment.Options t = TuringExperiment.Options.defaults(seed, true, BatchRunner.allCores());
            code = TuringCommand.run(t, out.resolve("turing"), TuringCommand.defaultData(t), true, false, quiet,
                    spec.commandLine().getOut(), spec.commandLine().getErr(), "demo");
        }
        writeIndex(out);
        spec.commandLine().getOut().println("open " + out.resolve("index.html"));
        return code;
    }

    /** runs/demo/index.html: one entry per experiment of the demo, linking its report. */
    static void writeIndex(Path out) throws IOException {
        HtmlReport page = new HtmlReport("MacroNet demo");
        page.paragraph("Each experiment below learns a macrostate from paired observations of a system whose answer "
                + "is known, and checks it against that answer.");
        page.heading("Harmonic oscillator");
        JsonNode m = Json.MAPPER.readTree(out.resolve("oscillator/metrics.json").toFile());
        Map<String, Object> key = new LinkedHashMap<>();
        for (String name : new String[] {"spearman_energy", "phase_corr_max", "design_median_rel_err",
                "design_in_band_fraction", "seconds"}) {
            key.put(name, m.get(name).asDouble());
        }
        page.keyValues(key);
        page.link("oscillator/report.html", "Full report: macrostate vs energy, phase space, designs, training");
        Path turing = out.resolve("turing/metrics.json");
        if (Files.exists(turing)) {
            page.heading("Turing patterns (Gray–Scott, quick preset)");
            JsonNode t = Json.MAPPER.readTree(turing.toFile());
            Map<String, Object> tk = new LinkedHashMap<>();
            for (String name : new String[] {"family_knn_accuracy", "design_success_rate", "design_success_chance",
                    "design_success_own_rule", "importance_vs_simulation_spearman", "seconds"}) {
                if (t.has(name)) { // a metrics.json of an older version lacks the design's baselines
                    tk.put(name, t.get(name).asDouble());
                }
            }
            page.keyValues(tk);
            page.keyValues(Json.MAPPER.convertValue(t.get("design_success_by_family"), Map.class));
            page.link("turing/report.html", "Full report: macrostate over the rule plane, designs verified by "
                    + "simulation, imagined patterns, parameter importance");
        }
        Path tmp = Files.createTempFile(out, ".index-", ".html");
        page.write(tmp);
        Files.move(tmp, out.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
