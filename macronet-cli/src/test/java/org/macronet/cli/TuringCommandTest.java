package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.Npy;

/**
 * `turing` and `design` on its model, shrunk to seconds (32² grids, short simulations, two epochs): the
 * files and metrics are all there, a rerun reuses the simulated data, and designs are flagged and verified.
 * The figures of the real experiment are measured by `macronet turing` itself (see the README).
 */
class TuringCommandTest {
    @TempDir
    static Path tmp;
    private static Path data;
    private static Path run;

    static OscillatorCommandTest.Run run(String... args) {
        return OscillatorCommandTest.run(args);
    }

    private static String[] tiny(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("turing", "--out", out.toString(), "--data",
                data.toString(), "--samples", "120", "--size", "32", "--steps", "1500", "--epochs", "2", "--designs", "4",
                "--probes", "3", "--quick"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @BeforeAll
    static void runOnce() {
        data = tmp.resolve("data");
        run = tmp.resolve("run");
        OscillatorCommandTest.Run r = run(tiny(run, "--quiet"));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void writesMetricsConfigModelAndReport() throws Exception {
        for (String f : List.of("metrics.json", "config.json", "report.html", "designs.png", "imagined.png",
                "importance.png", "gallery_by_macro.png", "macro_fk_1.png", "training.png", "model/model.json")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        JsonNode m = Json.MAPPER.readTree(run.resolve("metrics.json").toFile());
        for (String key : List.of("family_knn_accuracy", "design_success_rate", "importance_vs_simulation_spearman",
                "seconds")) {
            assertThat(m.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(m.get("family_knn_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(m.get("importance").fieldNames()).toIterable().containsExactly("F", "k", "Du/Dv", "Dv");
        // Seed agreement by the family the first initial condition grew: one entry per group seen, each a rate.
        JsonNode agreement = m.get("family_seed_agreement_by_family");
        assertThat(agreement.fieldNames()).toIterable().isNotEmpty().isSubsetOf("uniform", "spots", "stripes/labyrinth");
        agreement.forEach(v -> assertThat(v.asDouble()).isBetween(0.0, 1.0));
        // The design's baselines: chance and the references' own rules, by family, and the figures per reference.
        for (String key : List.of("design_success_chance_by_family", "design_success_own_rule_by_family")) {
            assertThat(m.get(key).fieldNames()).as(key).toIterable()
                    .containsExactlyElementsOf(() -> m.get("design_success_by_family").fieldNames());
            m.get(key).forEach(v -> assertThat(v.asDouble()).as(key).isBetween(0.0, 1.0));
        }
        // Per reference: the family means of its design successes are design_success_by_family.
        java.util.Map<String, double[]> sums = new java.util.TreeMap<>();
        for (JsonNode e : m.get("design_success_by_reference")) {
            assertThat(e.get("own_rule_success").asDouble()).isBetween(0.0, 1.0);
            double[] sum = sums.computeIfAbsent(e.get("family").asText(), f -> new double[2]);
            sum[0] += e.get("design_success").asDouble();
            sum[1]++;
        }
        assertThat(sums).isNotEmpty();
        sums.forEach((family, sum) -> assertThat(sum[0] / sum[1]).as(family)
                .isCloseTo(m.get("design_success_by_family").get(family).asDouble(), within(1e-12)));
        JsonNode c = Json.MAPPER.readTree(run.resolve("config.json").toFile());
        assertThat(c.path("seed").asLong()).isEqualTo(1);
        assertThat(c.path("options").path("sweep").path("samples").asInt()).isEqualTo(120);
        assertThat(Json.MAPPER.readTree(run.resolve("model/model.json").toFile()).path("data").has("turing")).isTrue();
    }

    @Test
    void aRerunWithTheSameDataSkipsTheSimulations() throws Exception {
        Path patterns = data.resolve("patterns.npy");
        FileTime before = Files.getLastModifiedTime(patterns);
        // Not quiet: the sweep's progress says what it found.
        OscillatorCommandTest.Run r = run(tiny(tmp.resolve("rerun")));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("all 120 samples already done");
        assertThat(Files.getLastModifiedTime(patterns)).isEqualTo(before);
    }

    @Test
    void designsRulesForATargetPatternFlagsAndVerifiesThem() throws Exception {
        Npy.Array all = Npy.read(data.resolve("patterns.npy"));
        float[] one = new float[32 * 32];
        for (int i = 0; i < one.length; i++) {
            one[i] = (float) all.data()[i];
        }
        Path target = tmp.resolve("target.npy");
        Npy.writeFloat32(target, new int[] {32, 32}, one);
        Path out = tmp.resolve("designs");
        OscillatorCommandTest.Run r = run("design", "--model", run.toString(), "--target-pattern", target.toString(),
                "--n", "6", "--verify", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("designs.csv"));
        assertThat(lines.get(0)).isEqualTo("F,k,Du/Dv,Dv,target,in_training_range,grown_family");
        assertThat(lines).hasSize(7);
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        // Each design's grown family is in its row, and the rows add up to the summary's counts.
        java.util.Map<String, Integer> perRow = new java.util.TreeMap<>();
        lines.subList(1, 7).forEach(l -> perRow.merge(l.substring(l.lastIndexOf(',') + 1), 1, Integer::sum));
        java.util.Map<String, Integer> summed = new java.util.TreeMap<>();
        s.path("grown_families").properties().forEach(e -> summed.put(e.getKey(), e.getValue().asInt()));
        assertThat(perRow).isEqualTo(summed);
        assertThat(s.path("designs").asInt()).isEqualTo(6);
        assertThat(s.has("success_rate")).isTrue();
        assertThat(s.has("target_family")).isTrue();
        assertThat(out.resolve("gallery.png")).isRegularFile();
        assertThat(Npy.read(out.resolve("patterns.npy")).shape()).containsExactly(6, 32, 32);
        assertThat(r.out()).contains("outside the training range");
    }

    @Test
    void badDesignInputsGetOneLineErrors() throws Exception {
        Path wrong = tmp.resolve("wrong.npy");
        Npy.writeFloat32(wrong, new int[] {16, 16}, new float[256]);
        OscillatorCommandTest.Run r = run("design", "--model", run.toString(), "--target-pattern", wrong.toString(),
                "--out", tmp.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("the model's patterns are 32x32");
        assertThat(tmp.resolve("x")).doesNotExist();

        r = run("design", "--model", run.toString(), "--target-pattern", tmp.resolve("missing.png").toString(),
                "--out", tmp.resolve("y").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.png: no such file");

        r = run("design", "--model", run.toString(), "--target-macro", "0.1", "--out", tmp.resolve("z").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("K=3");
    }

    @Test
    void theDefaultDataFolderNamesTheEarlyStopToleranceAndANegativeOneIsRefused() {
        TuringCommand c = new TuringCommand();
        new picocli.CommandLine(c).parseArgs("--out", "x", "--quick");
        assertThat(TuringCommand.defaultData(c.options())).isEqualTo(Path.of("runs", "data", "turing-3000x32-seed1-stop0.00001"));
        c = new TuringCommand();
        new picocli.CommandLine(c).parseArgs("--out", "x", "--stop-tol", "0", "--seed", "3");
        assertThat(c.options().sweep().stopTolerance()).isZero();
        assertThat(TuringCommand.defaultData(c.options())).isEqualTo(Path.of("runs", "data", "turing-6000x64-seed3"));

        OscillatorCommandTest.Run r = run("turing", "--out", tmp.resolve("neg").toString(), "--stop-tol", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--stop-tol must be >= 0");
        assertThat(tmp.resolve("neg")).doesNotExist();
    }

    /**
     * The headline experiment at a small size (800 rules, 32² cells, 4000 steps, 12 epochs; about 20 s on 2 cores).
     * Measured on seeds 1–5 (2026-12-03, K = 3, two workers, 10 references per family): family_knn_accuracy 0.833 /
     * 0.842 / 0.867 / 0.842 / 0.858, design_success_rate 0.447 / 0.583 / 0.517 / 0.477 / 0.590 against 0.33 by
     * chance. The knn threshold sits 0.05 below the lowest; the design threshold on seed 1 (chance + 0.05, 0.06 below
     * its measured figure) only catches a collapse to chance: at this size the figure swings by ±0.07 between seeds.
     */
    @Test
    void aSmallExperimentSeparatesTheFamiliesAndDesignsAboveChance() throws Exception {
        Path out = tmp.resolve("small");
        OscillatorCommandTest.Run r = run("turing", "--out", out.toString(), "--data", tmp.resolve("small-data").toString(),
                "--quick", "--seed", "1", "--samples", "800", "--size", "32", "--steps", "4000", "--epochs", "12",
                "--designs", "10", "--probes", "3", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertThat(m.get("family_knn_accuracy").asDouble()).isGreaterThanOrEqualTo(0.78);
        assertThat(m.get("design_success_rate").asDouble())
                .isGreaterThanOrEqualTo(m.get("design_success_chance").asDouble() + 0.05);
    }
}
