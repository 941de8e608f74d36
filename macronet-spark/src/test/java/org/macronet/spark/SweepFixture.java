package org.macronet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.macronet.system.reaction.GrayScott;
import org.macronet.system.reaction.Sweep;
import org.macronet.system.reaction.SweepConfig;
import picocli.CommandLine;

/**
 * The sweep every test runs (200 Gray–Scott samples on a 32² grid, 1000 steps: seconds), its plain-engine
 * result as the reference (what {@code ./macronet sweep} writes, computed once per test JVM), and helpers.
 */
final class SweepFixture {
    static final int SAMPLES = 200;
    /** The sweep's command-line arguments, without --out and Spark options. */
    static final List<String> ARGS = List.of("sweep", "gray-scott", "--range", "F=0.02:0.065", "--range", "k=0.05:0.07",
            "--samples", "" + SAMPLES, "--size", "32", "--steps", "1000", "--seed", "11");
    private static Path reference;

    private SweepFixture() {}

    /** The same sweep as {@link #ARGS}, as the plain command builds it. */
    static SweepConfig config() {
        GrayScott gs = new GrayScott();
        Map<String, double[]> ranges = new LinkedHashMap<>();
        ranges.put("F", new double[] {0.02, 0.065});
        ranges.put("k", new double[] {0.05, 0.07});
        return new SweepConfig(gs, gs.defaults(), ranges, SAMPLES, 32, 1000, Double.NaN, Double.NaN, 11, 0);
    }

    /** The folder the plain engine writes for {@link #config()} (two threads), made once. */
    static synchronized Path reference() throws IOException {
        if (reference == null) {
            Path root = Files.createTempDirectory("macronet-spark-reference");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
            Path dir = root.resolve("plain");
            new Sweep(config(), dir).run(2, new Sweep.Listener() {});
            reference = dir;
        }
        return reference;
    }

    /** Deletes {@code root} and everything under it, as far as it can (the test JVM is exiting). */
    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // nothing to do: the temporary folder stays behind
        }
    }

    /** {@link #ARGS} followed by {@code more}. */
    static String[] args(String... more) {
        List<String> a = new ArrayList<>(ARGS);
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    /** What a command run printed, and its exit code. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs the command line of {@code macronet-spark.jar} in this JVM. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SparkSweepMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The two folders hold the same files (names, hidden ones included) with the same bytes. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        assertThat(names(actual)).as("files of " + actual).isEqualTo(names(expected));
        for (String f : names(expected)) {
            assertThat(Files.readAllBytes(actual.resolve(f))).as(f).isEqualTo(Files.readAllBytes(expected.resolve(f)));
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Names of the finished shards in the partial folder of {@code out}. */
    static List<String> finishedShards(Path out) {
        Path dir = out.resolveSibling("." + out.getFileName() + ".partial").resolve(SparkSweep.SHARDS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shard-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
