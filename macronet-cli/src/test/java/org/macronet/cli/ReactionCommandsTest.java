package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.Npy;
import picocli.CommandLine;

/** The simulate, sweep and gallery commands through {@code Main.commandLine().execute(args)}. */
class ReactionCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void simulateWritesFieldImageMetricsAndConfig() throws IOException {
        Path dir = tmp.resolve("sim");
        Run r = run("simulate", "gray-scott", "--param", "F=0.026", "--param", "k=0.061", "--size", "48", "--steps",
                "6000", "--seed", "3", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("gray-scott").contains("spots");
        Npy.Array field = Npy.read(dir.resolve("field.npy"));
        assertThat(field.shape()).containsExactly(48, 48);
        assertThat(field.dtype()).isEqualTo("<f4");
        BufferedImage png = ImageIO.read(dir.resolve("pattern.png").toFile());
        assertThat(png.getWidth()).isEqualTo(48 * 4);
        JsonNode m = JSON.readTree(dir.resolve("metrics.json").toFile());
        assertThat(m.get("patterned").asBoolean()).isTrue();
        assertThat(m.get("morphology").asText()).isEqualTo("spots");
        assertThat(m.get("wavelength").asDouble()).isBetween(8.0, 20.0);
        assertThat(m.get("linear_turing_unstable").asBoolean()).isFalse();
        assertThat(m.get("linear_wavelength").isNull()).isTrue();
        assertThat(m.get("seconds").asDouble()).isPositive();
        JsonNode c = JSON.readTree(dir.resolve("config.json").toFile());
        assertThat(c.get("seed").asLong()).isEqualTo(3);
        assertThat(c.get("version").asText()).isEqualTo(org.macronet.Version.VERSION);
        assertThat(c.get("parameters").get("F").asDouble()).isEqualTo(0.026);
    }

    @Test
    void simulateReportsTheLinearWavelengthOfATuringModel() throws IOException {
        Path dir = tmp.resolve("br");
        Run r = run("simulate", "brusselator", "--param", "D=8", "--size", "32", "--steps", "200", "--out", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode m = JSON.readTree(dir.resolve("metrics.json").toFile());
        assertThat(m.get("linear_turing_unstable").asBoolean()).isTrue();
        // 2π/k_c = 7.255 model units at dx = 0.5: 14.51 cells.
        assertThat(m.get("linear_wavelength").asDouble()).isCloseTo(14.51, org.assertj.core.api.Assertions.within(0.01));
        assertThat(m.get("patterned").asBoolean()).as("200 steps are too few to grow anything").isFalse();
        assertThat(m.get("wavelength").isNull()).isTrue();
    }

    @Test
    void badInputGivesOneLineErrorsAndNonZeroExit() {
        Run bad = run("simulate", "gray-scott", "--param", "k=0.5", "--out", tmp.resolve("x").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo(
                "macronet simulate: error: parameter k=0.5 of gray-scott is outside its valid range [0, 0.2]");
        assertThat(bad.err().strip().lines()).hasSize(1);
        Run dt = run("simulate", "gray-scott", "--dt", "1.5", "--out", tmp.resolve("y").toString());
        assertThat(dt.exit()).isEqualTo(2);
        assertThat(dt.err().strip()).isEqualTo(
                "macronet simulate: error: time step dt=1.5 is unstable for D=0.2, dx=1: D·dt/dx² = 0.3 > 1/4");
        Run model = run("simulate", "turing", "--out", tmp.resolve("z").toString());
        assertThat(model.exit()).isEqualTo(2);
        assertThat(model.err()).contains("unknown model 'turing'");
        Run range = run("sweep", "gray-scott", "--range", "F=0.02", "--samples", "2", "--out", tmp.resolve("w").toString());
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("must read NAME=LO:HI");
        assertThat(tmp.resolve("x")).doesNotExist();
        // Without the launcher, this class path has no Spark: --spark is refused, nothing is written.
        Run spark = run("sweep", "gray-scott", "--range", "F=0.02:0.06", "--samples", "2", "--spark", "local[2]",
                "--out", tmp.resolve("s").toString());
        assertThat(spark.exit()).isEqualTo(2);
        assertThat(spark.err().strip().lines()).hasSize(1);
        assertThat(spark.err()).contains("--spark needs the macronet-spark module");
        assertThat(tmp.resolve("s")).doesNotExist();
    }

    @Test
    void sweepWritesItsOutputsResumesAndFeedsTheGallery() throws IOException {
        Path dir = tmp.resolve("sweep");
        String[] args = {"sweep", "gray-scott", "--range", "F=0.02:0.06", "--range", "k=0.055:0.065", "--samples", "6",
            "--size", "24", "--steps", "400", "--seed", "9", "--threads", "2", "--gallery", "--out", dir.toString()};
        Run r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sweep of 6 gray-scott samples: 0 resumed, 6 simulated");
        assertThat(r.err()).contains("sweep: 6/6 samples");
        assertThat(Npy.read(dir.resolve("params.npy")).shape()).containsExactly(6, 4);
        assertThat(Npy.read(dir.resolve("patterns.npy")).shape()).containsExactly(6, 24, 24);
        assertThat(Files.readAllLines(dir.resolve("descriptors.csv"))).hasSize(7);
        assertThat(JSON.readTree(dir.resolve("params.json").toFile()).get("columns").toString())
                .isEqualTo("[\"F\",\"k\",\"Du\",\"Dv\"]");
        assertThat(ImageIO.read(dir.resolve("gallery.png").toFile()).getWidth()).isGreaterThan(6 * 24 * 2);
        Run again = run(args);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("6 resumed, 0 simulated");

        Path png = tmp.resolve("g.png");
        Run g = run("gallery", dir.toString(), "--cols", "3", "--scale", "3", "--out", png.toString());
        assertThat(g.exit()).as(g.err()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(3 * (24 * 3 + 2) + 2);
        Run missing = run("gallery", tmp.resolve("nothing").toString(), "--out", png.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }
}
