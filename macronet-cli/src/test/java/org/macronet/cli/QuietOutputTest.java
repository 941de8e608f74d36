package org.macronet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.data.PairedData;
import org.macronet.data.Table;
import org.macronet.engine.TensorEngine;
import org.macronet.system.oscillator.OscillatorPairs;

/**
 * What a user's log file gets: the real launcher ({@code ./macronet}, on this build's classes) with stderr
 * going to a file, so not a terminal. No JVM or engine warnings, progress as plain lines without carriage
 * returns, one-line errors with their exit codes; and with {@code MACRONET_DEBUG=1} the warnings are back
 * (which shows that the quiet runs are quiet because of the launcher and the engine, not by chance).
 */
class QuietOutputTest {
    @TempDir
    static Path tmp;
    static Path x;
    static Path y;

    record Launch(int code, String out, String err) {}

    @BeforeAll
    static void data() throws Exception {
        PairedData d = OscillatorPairs.defaults().sample(256, 3).data();
        x = tmp.resolve("x.npy");
        y = tmp.resolve("y.npy");
        new Table(List.of("q", "p"), d.x()).write(x);
        new Table(List.of("q", "p"), d.y()).write(y);
    }

    static Launch launch(Map<String, String> env, String... args) throws Exception {
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("macronet");
        assertThat(launcher).isRegularFile();
        List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("MACRONET_") || k.startsWith("TORCH_"));
        e.put("MACRONET_CLASSPATH", System.getProperty("java.class.path"));
        e.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + e.get("PATH"));
        e.putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".log");
        Path err = Files.createTempFile(tmp, "err", ".log");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Launch(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String[] train(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--x", x.toString(), "--y", y.toString(), "--macro-dims",
                "1", "--epochs", "3", "--batch-size", "64", "--seed", "1", "--out", tmp.resolve(out).toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void trainingWrittenToAFileHasNoWarningsAndProgressAsLines() throws Exception {
        Launch r = launch(Map.of(), train("quiet"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\r").doesNotContainIgnoringCase("warning").doesNotContain("[W")
                .doesNotContain("incubator").doesNotContain("CudaUtils").contains("train: ").contains("steps (100%)");
        for (String line : r.err().lines().toList()) {
            assertThat(line).as("every stderr line is a progress line").startsWith("train: ");
        }
        assertThat(r.out()).contains("model in ");
    }

    @Test
    void debugShowsTheJvmAndEngineWarnings() throws Exception {
        Launch r = launch(Map.of("MACRONET_DEBUG", "1"), train("debug"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("WARNING: Using incubator modules: jdk.incubator.vector")
                .contains("AutoNonVariableTypeMode is deprecated");
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Launch r = launch(Map.of(), "train", "--x", tmp.resolve("missing.npy").toString(), "--y", y.toString(),
                "--out", tmp.resolve("never").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("macronet train: error: ").contains("missing.npy");
    }

    @Test
    void aGpuRequestWithoutAGpuIsOneLineWithExitCode2() throws Exception {
        // The default build carries the CPU-only PyTorch library; with a CUDA build and a GPU this would run.
        assertThat(TensorEngine.start().hasCapability(ai.djl.engine.StandardCapabilities.CUDA)).isFalse();
        for (Launch r : List.of(launch(Map.of(), "--device", "gpu", "inspect", "--model", tmp.toString()),
                launch(Map.of("MACRONET_DEVICE", "gpu:1"), "inspect", "--model", tmp.toString()))) {
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").startsWith("macronet inspect: error: device gpu");
        }
    }

    @Test
    void engineSettingsAreValidatedInOneLine() {
        assertThat(new TensorEngine.Settings(" GPU:2 ", 3, 1).gpuIndex()).isEqualTo(2);
        assertThat(TensorEngine.Settings.defaults().describe()).isEqualTo("cpu, 1 thread");
        assertThatThrownBy(() -> new TensorEngine.Settings("tpu", 1, 1)).hasMessageContaining("unknown device 'tpu'");
        assertThatThrownBy(() -> new TensorEngine.Settings("cpu", 0, 1)).hasMessageContaining(">= 1");
        assertThat(TensorEngine.Settings.parseWorkers(" auto ")).isZero();
        assertThat(TensorEngine.Settings.parseWorkers("2")).isEqualTo(2);
        assertThat(TensorEngine.Settings.defaults().withWorkers(2).describe()).isEqualTo("cpu, 1 thread, 2 workers");
        OscillatorCommandTest.Run workers = OscillatorCommandTest.run("--workers", "0", "export-system", "--list");
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.err().strip()).isEqualTo(
                "macronet export-system: error: workers must be a whole number >= 1 or auto, got '0'");
        OscillatorCommandTest.Run r = OscillatorCommandTest.run("--device", "tpu", "export-system", "--list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("macronet export-system: error: unknown device 'tpu': use cpu, gpu or gpu:N");
        // The engine of this JVM already runs on one thread: another count is refused, not silently ignored.
        TensorEngine.start();
        OscillatorCommandTest.Run other = OscillatorCommandTest.run("--threads", "2", "export-system", "--list");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err().strip()).doesNotContain("\n").contains("already runs with cpu, 1 thread");
        // Workers are not the engine's: they may change while it runs.
        assertThat(OscillatorCommandTest.run("--workers", "1", "export-system", "--list").code()).isZero();
    }

    @Test
    void progressLinesComeAtEachTenthAndOnClose() {
        StringWriter s = new StringWriter();
        try (ProgressDisplay p = ProgressDisplay.lines("work", "items", 40, 4, new PrintWriter(s))) {
            for (int i = 5; i <= 30; i++) {
                p.setExtraMessage("at " + i);
                p.stepTo(i);
            }
        }
        List<String> lines = s.toString().lines().toList();
        assertThat(s.toString()).doesNotContain("\r");
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).startsWith("work: 8/40 items (20%), 0:00:00 elapsed, 0:00:00 left, at 8");
        assertThat(lines.get(6)).as("where the task stopped").startsWith("work: 30/40 items (75%)").endsWith("at 30");
    }
}
