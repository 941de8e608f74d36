package org.macronet.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Java program started in its own JVM with Spark's module flags, its output in a log file. */
final class JvmProcess implements AutoCloseable {
    final Process process;
    final Path log;

    private JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The Spark JVM flags the build passes to the tests (the same as the launcher's). */
    static List<String> sparkJavaOptions() {
        String opts = System.getProperty("macronet.spark.javaOptions", "");
        List<String> out = new ArrayList<>(Arrays.asList(opts.trim().split("\\s+")));
        out.add("--add-modules");
        out.add("jdk.incubator.vector");
        return out;
    }

    /** The contents of a classpath file written by the build. */
    static String classpathFile(String property) throws IOException {
        return Files.readString(Path.of(System.getProperty(property))).strip();
    }

    static JvmProcess start(String classpath, String mainClass, List<String> args, Map<String, String> env, Path log,
            String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sparkJavaOptions());
        cmd.add("-Xmx1g");
        cmd.addAll(Arrays.asList(jvmOptions));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        return new JvmProcess(pb.start(), log);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Ends the JVM and whatever it started: politely, then by force. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        }
    }
}
