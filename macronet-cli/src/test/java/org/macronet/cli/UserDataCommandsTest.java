package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.macronet.data.Npy;
import org.macronet.data.PairedData;
import org.macronet.data.Table;
import org.macronet.system.oscillator.OscillatorPairs;

/**
 * `train`, `encode`, `design` and `inspect` on user files, through picocli with tiny arguments: the
 * happy path, a table of bad inputs with their one-line messages, and kill-and-resume in a child JVM.
 */
class UserDataCommandsTest {
    @TempDir
    static Path shared;
    private static Path xCsv;
    private static Path yCsv;
    private static Path model;

    static OscillatorCommandTest.Run run(String... args) {
        return OscillatorCommandTest.run(args);
    }

    private static void writeCsv(Path file, String header, double[][] rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                sb.append(j == 0 ? "" : ",").append(r[j]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        PairedData d = OscillatorPairs.defaults().sample(200, 7).data();
        xCsv = shared.resolve("x.csv");
        yCsv = shared.resolve("y.csv");
        writeCsv(xCsv, "q,p", d.x());
        writeCsv(yCsv, "q_later,p_later", d.y());
        model = shared.resolve("model");
        OscillatorCommandTest.Run r = run("train", "--x", xCsv.toString(), "--y", yCsv.toString(), "--macro-dims", "1",
                "--epochs", "2", "--batch-size", "64", "--out", model.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void trainWritesModelMetricsAndReportAndKeepsColumnNames() throws IOException {
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        for (String key : List.of("val_match", "val_loss", "train_loss", "relative_mismatch", "evidence_p_value",
                "y_from_macro_x", "x_from_macro_y", "seconds")) {
            assertThat(metrics.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.get("k_chosen_by").asText()).isEqualTo("--macro-dims");
        JsonNode c = metrics.at("/evidence/coordinates/0");
        for (String key : List.of("spearman", "null_mean", "null_sd", "z", "p_value", "relative_mismatch")) {
            assertThat(c.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.at("/evidence/rows").asInt()).isEqualTo(50);
        assertThat(metrics.at("/evidence/permutations").asInt()).isEqualTo(999);
        for (String f : List.of("model.json", "x.params", "y.params", "report.html", "training.png", "training.csv",
                "m1_vs_x1.png", "m1_vs_y2.png", "pairs_m1.png")) {
            assertThat(model.resolve(f)).as(f).isRegularFile();
        }
        assertThat(model.resolve("checkpoint")).doesNotExist();
        assertThat(shared.resolve(".model.partial")).doesNotExist();
        JsonNode meta = Json.MAPPER.readTree(model.resolve("model.json").toFile());
        assertThat(meta.at("/data/x/columns").toString()).isEqualTo("[\"q\",\"p\"]");
        assertThat(meta.at("/config/macroDims").asInt()).isEqualTo(1);
    }

    @Test
    void encodeDesignAndInspect(@TempDir Path tmp) throws IOException {
        Path m = tmp.resolve("m.csv");
        assertThat(run("encode", "--model", model.toString(), "--y", yCsv.toString(), "--out", m.toString()).code())
                .isZero();
        Table mt = Table.read(m);
        assertThat(mt.columns()).containsExactly("m1");
        assertThat(mt.rowCount()).isEqualTo(200);
        Path mn = tmp.resolve("m.npy");
        assertThat(run("encode", "--model", model.toString(), "--x", xCsv.toString(), "--out", mn.toString()).code())
                .isZero();
        assertThat(Npy.read(mn).shape()).containsExactly(200, 1);

        Path d = tmp.resolve("d.csv");
        OscillatorCommandTest.Run r = run("design", "--model", model.toString(), "--side", "x", "--target-macro", "0.3",
                "--n", "7", "--out", d.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Table dt = Table.read(d);
        assertThat(dt.columns()).containsExactly("q", "p");
        assertThat(dt.rowCount()).isEqualTo(7);
        // Targets from a file: K columns are macrostates, D columns observations of the side.
        Path dm = tmp.resolve("dm.npy");
        assertThat(run("design", "--model", model.toString(), "--side", "y", "--target-from", m.toString(), "--n", "2",
                "--out", dm.toString(), "--quiet").code()).isZero();
        assertThat(Npy.read(dm).shape()).containsExactly(400, 2);
        Path dx = tmp.resolve("dx.csv");
        assertThat(run("design", "--model", model.toString(), "--side", "x", "--target-from", xCsv.toString(), "--n",
                "1", "--out", dx.toString(), "--quiet").code()).isZero();
        assertThat(Table.read(dx).rowCount()).isEqualTo(200);

        OscillatorCommandTest.Run info = run("inspect", "--model", model.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("macrostate K = 1").contains("[\"q\",\"p\"]").contains("val_match")
                .contains("evidence   50 held-out pairs, 999 shuffled pairings").contains("  m1  Spearman ")
                .contains(org.macronet.Version.VERSION);
        OscillatorCommandTest.Run json = run("inspect", "--model", model.toString(), "--json");
        assertThat(Json.MAPPER.readTree(json.out()).get("format").asText()).isEqualTo("macronet-model");
    }

    /** Pairs that share nothing: X and Y independent, each with correlated columns. */
    private static void writeIndependent(Path dir, int n, long seed) throws IOException {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            x[i] = new double[] {a, a + 0.3 * rng.nextGaussian(), a * a};
            y[i] = new double[] {b, b * b + 0.1 * rng.nextGaussian(), rng.nextGaussian()};
        }
        new Table(List.of("a", "b", "c"), x).write(dir.resolve("x.npy"));
        new Table(List.of("a", "b", "c"), y).write(dir.resolve("y.npy"));
    }

    @Test
    void kSearchOnPairsThatShareNothingAnswersNoneWritesNothingAndExitsThree(@TempDir Path tmp) throws IOException {
        writeIndependent(tmp, 400, 11);
        Path out = tmp.resolve("m");
        OscillatorCommandTest.Run r = run("train", "--x", tmp.resolve("x.npy").toString(), "--y",
                tmp.resolve("y.npy").toString(), "--search-epochs", "3", "--batch-size", "64", "--out", out.toString(),
                "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(TrainCommand.EXIT_NO_MACROSTATE);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("no shared macrostate found").contains("p = ")
                .contains("Spearman").contains("no model written");
        assertThat(out).doesNotExist();
        assertThat(RunFolder.partial(out)).doesNotExist();
    }

    @Test
    void forcedKOnPairsThatShareNothingFlagsTheCoordinate(@TempDir Path tmp) throws IOException {
        writeIndependent(tmp, 400, 12);
        Path out = tmp.resolve("m");
        OscillatorCommandTest.Run r = run("train", "--x", tmp.resolve("x.npy").toString(), "--y",
                tmp.resolve("y.npy").toString(), "--macro-dims", "1", "--epochs", "3", "--batch-size", "64", "--out",
                out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("m1").contains("NO EVIDENCE");
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("shared").asBoolean()).isFalse();
        assertThat(metrics.get("coordinates_without_evidence").toString()).isEqualTo("[1]");
        assertThat(metrics.at("/evidence/coordinates/0/shared").asBoolean()).isFalse();
        assertThat(Files.readString(out.resolve("report.html"))).contains("NO EVIDENCE").contains("pairs_m1.png");
    }

    @Test
    void kSearchAcceptsTheSharedCoordinateAndStopsAtAnUnsharedSecond(@TempDir Path tmp) throws IOException {
        // One shared signal s, seen with a little noise by both sides, next to two private columns per side:
        // K = 1 is shared, K = 2 cannot be.
        int n = 3000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double s = rng.nextGaussian();
            x[i] = new double[] {s + 0.2 * rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            y[i] = new double[] {rng.nextGaussian(), Math.sinh(s) + 0.2 * rng.nextGaussian(), rng.nextGaussian()};
        }
        new Table(List.of("a", "b", "c"), x).write(tmp.resolve("x.npy"));
        new Table(List.of("a", "b", "c"), y).write(tmp.resolve("y.npy"));
        OscillatorCommandTest.Run r = run("train", "--x", tmp.resolve("x.npy").toString(), "--y",
                tmp.resolve("y.npy").toString(), "--epochs", "6", "--search-epochs", "6", "--batch-size", "128",
                "--out", tmp.resolve("m").toString(), "--quiet");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("K=1").contains("K=2").contains("K = 1: the largest K");
        JsonNode metrics = Json.MAPPER.readTree(tmp.resolve("m/metrics.json").toFile());
        assertThat(metrics.get("macro_dims").asInt()).isEqualTo(1);
        assertThat(metrics.get("k_chosen_by").asText()).isEqualTo("search");
        assertThat(metrics.at("/k_search/trials")).hasSize(2);
        assertThat(metrics.at("/k_search/trials/1/evidence/coordinates/1/shared").asBoolean()).isFalse();
        assertThat(metrics.at("/k_search/k").asInt()).isEqualTo(1);
        assertThat(metrics.get("shared").asBoolean()).isTrue();
        // Spearman of s + noise and sinh(s) + noise is about 0.95; the line sits below it.
        assertThat(metrics.at("/evidence/coordinates/0/spearman").asDouble()).isGreaterThan(0.85);
        assertThat(metrics.at("/evidence/coordinates/0/p_value").asDouble()).isEqualTo(0.001);
        // m_X predicts the column of Y that carries s, not Y's private columns.
        assertThat(metrics.at("/y_features_from_macro_x/y2").asDouble()).isGreaterThan(0.5);
        assertThat(metrics.at("/y_features_from_macro_x/y1").asDouble()).isLessThan(0.1);
        assertThat(metrics.at("/y_features_from_macro_x/y3^2").asDouble()).isLessThan(0.1);
        // The chosen K is trained exactly as if it had been given.
        OscillatorCommandTest.Run forced = run("train", "--x", tmp.resolve("x.npy").toString(), "--y",
                tmp.resolve("y.npy").toString(), "--macro-dims", "1", "--epochs", "6", "--search-epochs", "6",
                "--batch-size", "128", "--out", tmp.resolve("forced").toString(), "--quiet");
        assertThat(forced.code()).as(forced.err()).isZero();
        for (String f : List.of("x.params", "y.params")) {
            assertThat(Files.readAllBytes(tmp.resolve("forced").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("m").resolve(f)));
        }
    }

    @Test
    void anAngleGivenAsCosineAndSineIsReportedAndTrainedWithNoise(@TempDir Path tmp) throws IOException {
        // X holds an angle as (cos, sin): its rows lie on a cylinder, a table without a density.
        int n = 4000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        double[][] x = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double phi = 2 * Math.PI * rng.nextDouble();
            double s = rng.nextGaussian();
            x[i] = new double[] {Math.cos(phi), Math.sin(phi), s + 0.1 * rng.nextGaussian()};
            y[i] = new double[] {s + 0.1 * rng.nextGaussian(), rng.nextGaussian()};
        }
        writeCsv(tmp.resolve("x.csv"), "cos,sin,s", x);
        writeCsv(tmp.resolve("y.csv"), "s,noise", y);
        OscillatorCommandTest.Run r = run("train", "--x", tmp.resolve("x.csv").toString(), "--y",
                tmp.resolve("y.csv").toString(), "--macro-dims", "1", "--epochs", "2", "--batch-size", "128", "--out",
                tmp.resolve("m").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: X has an exact constraint: nonlinear").contains("adds Gaussian noise")
                .doesNotContain("note: Y");
        JsonNode metrics = Json.MAPPER.readTree(tmp.resolve("m/metrics.json").toFile());
        assertThat(metrics.get("constraints_x")).hasSize(1);
        assertThat(metrics.get("constraints_y")).isEmpty();
        assertThat(metrics.get("input_noise_x").asDouble()).isEqualTo(0.01);
        assertThat(Double.isFinite(metrics.get("val_loss").asDouble())).isTrue();
    }

    @Test
    void scoreRegressesKnownInvariantsOnTheMacrostate(@TempDir Path tmp) throws IOException {
        // The trained test model against the true energies of its own pairs: the figures exist and are R²s.
        OscillatorPairs.Sample s = OscillatorPairs.defaults().sample(200, 7);
        double[][] e = new double[200][];
        for (int i = 0; i < 200; i++) {
            e[i] = new double[] {s.energy()[i]};
        }
        writeCsv(tmp.resolve("inv.csv"), "energy", e);
        Path out = tmp.resolve("score.json");
        OscillatorCommandTest.Run r = run("score", "--model", model.toString(), "--x", xCsv.toString(), "--y",
                yCsv.toString(), "--invariants", tmp.resolve("inv.csv").toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("r2 energy").contains("shared coordinates");
        JsonNode score = Json.MAPPER.readTree(out.toFile());
        assertThat(score.at("/invariant_r2/energy").asDouble()).isBetween(-0.5, 1.0);
        assertThat(score.at("/evidence/coordinates")).hasSize(1);
        OscillatorCommandTest.Run bad = run("score", "--model", model.toString(), "--x", xCsv.toString(),
                "--invariants", tmp.resolve("missing.npy").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines().count()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ bad inputs

    /** A bad input: what to set up, the command, and the message expected on the one error line. */
    record Bad(String name, String message, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() throws IOException {
        Path dir = shared.resolve("bad");
        Files.createDirectories(dir);
        PairedData d = OscillatorPairs.defaults().sample(40, 9).data();
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        new Table(List.of("a", "b"), d.x()).write(x);
        new Table(List.of("a", "b"), d.y()).write(y);
        Path complex = dir.resolve("complex.npy");
        try (var out = Files.newOutputStream(complex)) {
            Npy.writeHeader(out, "<c16", new int[] {40, 2});
            out.write(new byte[40 * 2 * 16]);
        }
        Path text = dir.resolve("text.csv");
        String[] lines = Files.readString(xCsv).split("\n");
        lines[3] = "0.5,abc";
        Files.writeString(text, String.join("\n", List.of(lines).subList(0, 41)) + "\n");
        Path nan = dir.resolve("nan.npy");
        double[] v = new double[80];
        v[9] = Double.NaN;
        v[20] = Double.POSITIVE_INFINITY;
        Npy.writeFloat64(nan, new int[] {40, 2}, v);
        Path short39 = dir.resolve("y39.npy");
        new Table(List.of("a", "b"), java.util.Arrays.copyOf(d.y(), 39)).write(short39);
        Path x20 = dir.resolve("x20.npy");
        Path y20 = dir.resolve("y20.npy");
        new Table(List.of("a", "b"), java.util.Arrays.copyOf(d.x(), 20)).write(x20);
        new Table(List.of("a", "b"), java.util.Arrays.copyOf(d.y(), 20)).write(y20);
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "this is not numpy");
        Path existing = dir.resolve("existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("keep.txt"), "mine");
        Path existingFile = dir.resolve("existing.csv");
        Files.writeString(existingFile, "mine");
        Path folderAsFile = dir.resolve("folder.npy");
        Files.createDirectories(folderAsFile);

        Path oldVersion = copyModel(dir.resolve("old"));
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(oldVersion.resolve("model.json").toFile());
        meta.put("version", "0.0.1");
        Json.write(oldVersion.resolve("model.json"), meta);
        Path truncated = copyModel(dir.resolve("truncated"));
        byte[] w = Files.readAllBytes(truncated.resolve("x.params"));
        Files.write(truncated.resolve("x.params"), java.util.Arrays.copyOf(w, w.length / 2));
        Path badJson = copyModel(dir.resolve("badjson"));
        Files.writeString(badJson.resolve("model.json"), "{ \"format\": \"macronet-model\", ");
        Path three = dir.resolve("three.csv");
        writeCsv(three, "a,b,c", new double[][] {{1, 2, 3}, {4, 5, 6}});

        String out = dir.resolve("out").toString();
        String m = model.toString();
        String o = dir.resolve("o.csv").toString();
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("missing file", "missing.npy: no such file", "train", "--x", dir.resolve("missing.npy")
                .toString(), "--y", y.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("unreadable file (a folder)", "folder.npy: is a folder, not a file", "train", "--x",
                folderAsFile.toString(), "--y", y.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("not an npy file", "garbage.npy: not a .npy file", "encode", "--model", m, "--x",
                garbage.toString(), "--out", o));
        bad.add(new Bad("unsupported npy dtype", "complex.npy: unsupported dtype '<c16'", "train", "--x",
                complex.toString(), "--y", y.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("non-numeric csv cell", "text.csv: data row 3 (line 4), column 'p': 'abc' is not a number",
                "train", "--x", text.toString(), "--y", y.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("NaN value", "nan.npy: non-finite value NaN at data row 5, column 'c2'", "train", "--x",
                x.toString(), "--y", nan.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("row counts differ", "has 40 rows but Y (" + short39 + ") has 39", "train", "--x", x.toString(),
                "--y", short39.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("too few rows", "X and Y have 20 rows; training needs at least 32", "train", "--x",
                x20.toString(), "--y", y20.toString(), "--macro-dims", "1", "--out", out));
        Path constant = dir.resolve("constant.csv");
        double[][] cRows = new double[40][];
        for (int i = 0; i < 40; i++) {
            cRows[i] = new double[] {d.x()[i][0], 1.5};
        }
        writeCsv(constant, "q,gain", cRows);
        bad.add(new Bad("constant column", "column 'gain' of X (" + constant + ") is constant (1.5 in every row)",
                "train", "--x", constant.toString(), "--y", y.toString(), "--macro-dims", "1", "--out", out));
        bad.add(new Bad("K >= dimension", "--macro-dims K=2 must be at least 1 and smaller than the number of columns "
                + "of each side (X: 2, Y: 2)", "train", "--x", x.toString(), "--y", y.toString(), "--macro-dims", "2",
                "--out", out));
        bad.add(new Bad("model folder exists", "already exists (use --force to replace it)", "train", "--x",
                x.toString(), "--y", y.toString(), "--macro-dims", "1", "--out", existing.toString()));
        bad.add(new Bad("output file exists", "already exists (use --force to replace it)", "encode", "--model", m,
                "--x", x.toString(), "--out", existingFile.toString()));
        bad.add(new Bad("resume without checkpoint", "nothing to resume", "train", "--x", x.toString(), "--y",
                y.toString(), "--macro-dims", "1", "--out", out, "--resume"));
        bad.add(new Bad("model of another version", "was written by MacroNet 0.0.1, this is "
                + org.macronet.Version.VERSION, "encode", "--model", oldVersion.toString(), "--x", x.toString(),
                "--out", o));
        bad.add(new Bad("corrupted weights", "are missing or corrupted", "design", "--model", truncated.toString(),
                "--side", "x", "--target-macro", "0", "--n", "3", "--out", o));
        bad.add(new Bad("corrupted model.json", "model.json is corrupted (not valid JSON)", "inspect", "--model",
                badJson.toString()));
        bad.add(new Bad("no model", "no such model folder", "inspect", "--model", dir.resolve("nomodel").toString()));
        bad.add(new Bad("wrong column count", "three.csv has 3 columns, the model's X side has 2", "encode", "--model",
                m, "--x", three.toString(), "--out", o));
        bad.add(new Bad("target of wrong length", "--target-macro has 2 values, the model's macrostate has K=1",
                "design", "--model", m, "--side", "x", "--target-macro", "0,1", "--n", "3", "--out", o));
        bad.add(new Bad("unsupported output type", "unsupported file type (use .npy or .csv)", "encode", "--model", m,
                "--x", x.toString(), "--out", dir.resolve("o.txt").toString()));
        return bad.stream().map(b -> Arguments.of(b));
    }

    private static Path copyModel(Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void eachBadInputGivesOneLineAndExitCodeTwoAndNoOutput(Bad bad) throws IOException {
        Path dir = shared.resolve("bad");
        OscillatorCommandTest.Run r = run(bad.args());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String line = r.err().strip();
        assertThat(line).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ")
                .startsWith("macronet " + bad.args()[0] + ": error: ").contains(bad.message());
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(dir.resolve(".out.partial")).doesNotExist();
        assertThat(dir.resolve("o.csv")).doesNotExist();
        assertThat(Files.readString(dir.resolve("existing/keep.txt"))).isEqualTo("mine");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    // ------------------------------------------------------------------ kill and resume

    @Test
    void killedTrainingResumesAndEndsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        PairedData d = OscillatorPairs.defaults().sample(640, 12).data();
        Path x = tmp.resolve("x.npy");
        Path y = tmp.resolve("y.npy");
        new Table(List.of("q", "p"), d.x()).write(x);
        new Table(List.of("q", "p"), d.y()).write(y);
        List<String> args = List.of("train", "--x", x.toString(), "--y", y.toString(), "--macro-dims", "1", "--epochs",
                "6", "--batch-size", "64", "--seed", "5", "--quiet", "--out");
        Path straight = tmp.resolve("straight");
        Path killed = tmp.resolve("killed");
        List<String> a1 = new ArrayList<>(args);
        a1.add(straight.toString());
        assertThat(run(a1.toArray(String[]::new)).code()).isZero();

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ai.djl.")
                || k.equals("java.awt.headless") || k.startsWith("org.slf4j.")).sorted()
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.macronet.cli.Main");
        cmd.addAll(args);
        cmd.add(killed.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path state = tmp.resolve(".killed.partial/checkpoint/state.bin");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(state) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("still training when the first checkpoint appeared").isTrue();
        p.destroyForcibly();
        p.waitFor();
        assertThat(killed).as("no half-written model").doesNotExist();

        // A checkpoint of other settings is refused in one line, and kept for the right command.
        List<String> other = new ArrayList<>(args);
        other.set(other.indexOf("--seed") + 1, "6");
        other.add(killed.toString());
        other.add("--resume");
        OscillatorCommandTest.Run refused = run(other.toArray(String[]::new));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("was made with different settings");

        List<String> a2 = new ArrayList<>(args);
        a2.add(killed.toString());
        a2.add("--resume");
        OscillatorCommandTest.Run r = run(a2.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        double straightMatch = Json.MAPPER.readTree(straight.resolve("metrics.json").toFile()).get("val_match").asDouble();
        double resumedMatch = Json.MAPPER.readTree(killed.resolve("metrics.json").toFile()).get("val_match").asDouble();
        // Within 10 % (the acceptance criterion). Not asserted bit for bit: the uninterrupted run shares this
        // test JVM with other tests, and its float results still differ from a fresh process's, although
        // MKL_CBWR makes two fresh launcher processes agree bit for bit. In one process a resumed run is
        // bit-identical (TrainerCheckpointTest).
        assertThat(resumedMatch).isCloseTo(straightMatch, within(0.1 * straightMatch));
        Files.writeString(Path.of("target", "kill-and-resume.txt"), String.format(Locale.ROOT,
                "val_match uninterrupted %.9g resumed %.9g%n", straightMatch, resumedMatch));
    }
}
