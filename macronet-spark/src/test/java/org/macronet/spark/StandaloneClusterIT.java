package org.macronet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine: a master and a worker, each its own JVM from the Maven jars,
 * and the job jar submitted to it with spark-submit (SparkSubmit, client mode); the worker starts the executor
 * JVM. The output must be the plain sweep's, byte for byte. Every JVM is ended, whether the test passes or not.
 */
class StandaloneClusterIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void sweepSubmittedToAStandaloneClusterWritesThePlainSweep() throws Exception {
        String sparkClasspath = JvmProcess.classpathFile("macronet.spark.sparkClasspath");
        String jar = System.getProperty("macronet.spark.jar");
        assertThat(Path.of(jar)).as("the job jar (mvn package)").isRegularFile();
        // The worker builds the executor's command from SPARK_HOME/jars (empty here: the executor gets Spark's
        // jars through spark.executor.extraClassPath) and the Scala version.
        Path home = Files.createDirectories(tmp.resolve("spark-home/jars")).getParent();
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13");
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path out = tmp.resolve("sweep");

        try (JvmProcess m = JvmProcess.start(sparkClasspath, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", "" + port, "--webui-port", "0"), env,
                tmp.resolve("master.log"), "-Dspark.master.rest.enabled=false");
                JvmProcess w = JvmProcess.start(sparkClasspath, "org.apache.spark.deploy.worker.Worker",
                        List.of("--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port", "0",
                                "--work-dir", tmp.resolve("work").toString(), master),
                        env, tmp.resolve("worker.log"))) {
            awaitLine(m, "Registering worker", 120);

            List<String> submit = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
                    "--conf", "spark.executor.extraClassPath=" + sparkClasspath,
                    "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.driver.host=127.0.0.1",
                    "--conf", "spark.ui.enabled=false",
                    "--class", SparkSweepMain.class.getName(), jar));
            submit.addAll(SweepFixture.ARGS);
            submit.addAll(List.of("--shard-samples", "16", "--out", out.toUri().toString()));
            try (JvmProcess driver = JvmProcess.start(sparkClasspath, "org.apache.spark.deploy.SparkSubmit", submit,
                    env, tmp.resolve("driver.log"))) {
                boolean ended = driver.process.waitFor(4, TimeUnit.MINUTES);
                String logs = "driver:\n" + tail(driver) + "\nworker:\n" + tail(w) + "\nmaster:\n" + tail(m);
                assertThat(ended).as("the submitted sweep ends\n" + logs).isTrue();
                assertThat(driver.process.exitValue()).as(logs).isZero();
                assertThat(driver.output()).as(logs)
                        .contains("200 gray-scott samples in 13 shards: 0 reused, 13 computed on " + master);
            }
            assertThat(w.output()).as("the worker ran the executor").contains("Asked to launch executor");
        }
        SweepFixture.assertSameFiles(SweepFixture.reference(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitLine(JvmProcess p, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.output().contains(text)) {
            assertThat(p.process.isAlive()).as("still running:\n" + tail(p)).isTrue();
            assertThat(System.nanoTime()).as("'" + text + "' within " + seconds + " s:\n" + tail(p)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String tail(JvmProcess p) throws IOException {
        List<String> lines = p.output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
