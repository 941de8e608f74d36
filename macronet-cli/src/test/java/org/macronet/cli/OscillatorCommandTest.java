package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.macro.MacroNet;
import org.macronet.macro.Side;
import picocli.CommandLine;

/** `macronet oscillator` through picocli, with tiny arguments: files, exit codes and error lines. */
class OscillatorCommandTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesMetricsConfigModelAndReport(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run r = run("oscillator", "--out", dir.toString(), "--pairs", "512", "--epochs", "2", "--seed", "3",
                "--candidates", "2", "--screening-epochs", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("spearman_energy").contains(dir.toString());

        JsonNode metrics = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
        for (String key : List.of("spearman_energy", "phase_corr_max", "design_median_rel_err",
                "design_in_band_fraction", "design_mean_rel_err", "seconds")) {
            assertThat(metrics.get(key)).as(key).isNotNull();
            assertThat(metrics.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.get("design_targets")).hasSize(5);

        JsonNode config = Json.MAPPER.readTree(dir.resolve("config.json").toFile());
        assertThat(config.get("seed").asLong()).isEqualTo(3);
        assertThat(config.get("version").asText()).isEqualTo(org.macronet.Version.VERSION);
        assertThat(config.at("/options/model/training/epochs").asInt()).isEqualTo(2);

        for (String f : List.of("report.html", "macro_vs_energy.png", "phase_space.png", "designs.png",
                "training.png", "training.csv")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        try (MacroNet net = MacroNet.load(dir.resolve("model"))) {
            assertThat(net.encode(Side.X, new double[][] {{1, 0}, {0, 1.5}})).hasDimensions(2, 1);
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial folders left").containsExactly("run");
        }
    }

    @Test
    void refusesAnExistingOutputWithoutForce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        Run r = run("oscillator", "--out", dir.toString(), "--pairs", "64", "--epochs", "1", "--quiet");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("already exists").contains("--force");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void badParametersGiveOneLineAndNonZeroExit(@TempDir Path tmp) {
        String out = tmp.resolve("x").toString();
        for (String[] bad : List.of(new String[] {"--epochs", "0"}, new String[] {"--mass", "-1"},
                new String[] {"--lambda", "-3"}, new String[] {"--temperature", "0"}, new String[] {"--pairs", "3"})) {
            String[] args = new String[4 + bad.length];
            args[0] = "oscillator";
            args[1] = "--out";
            args[2] = out;
            args[3] = "--quiet";
            System.arraycopy(bad, 0, args, 4, bad.length);
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", bad)).startsWith("macronet oscillator: error:")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(tmp.resolve("x")).doesNotExist();
        }
    }

    @Test
    void demoWritesItsExperimentAndAnIndexAndReplacesAnEarlierDemo(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo");
        for (int i = 0; i < 2; i++) {
            Run r = run("demo", "--out", dir.toString(), "--pairs", "256", "--epochs", "1", "--candidates", "1",
                    "--no-turing", "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
        }
        assertThat(dir.resolve("oscillator/metrics.json")).isRegularFile();
        assertThat(Files.readString(dir.resolve("index.html"))).contains("oscillator/report.html")
                .contains("spearman_energy");
    }
}
