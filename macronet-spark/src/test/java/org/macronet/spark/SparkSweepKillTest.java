package org.macronet.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.macronet.spark.SweepFixture.args;
import static org.macronet.spark.SweepFixture.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.macronet.spark.SweepFixture.Result;

/** A Spark sweep killed (SIGKILL) midway and submitted again finishes with the same output, reusing its shards. */
class SparkSweepKillTest {
    @TempDir
    Path tmp;
    /** Spark's scratch folders of the killed JVM, which has no shutdown hook to delete them. */
    @TempDir
    Path sparkLocal;

    @Test
    void killedSweepResubmittedReusesItsShardsAndGivesTheSameOutput() throws Exception {
        Path out = tmp.resolve("sweep");
        String[] sweep = args("--spark", "local[2]", "--shard-samples", "2", "--out", out.toString());
        String classpath = System.getProperty("macronet.spark.classes") + java.io.File.pathSeparator
                + JvmProcess.classpathFile("macronet.spark.classpath");
        List<String> finished;
        try (JvmProcess child = JvmProcess.start(classpath, SparkSweepMain.class.getName(), List.of(sweep),
                Map.of("SPARK_LOCAL_DIRS", sparkLocal.toString()),
                tmp.resolve("child.log"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (SweepFixture.finishedShards(out).size() < 10) {
                assertThat(child.process.isAlive()).as("the sweep still runs: " + child.output()).isTrue();
                assertThat(System.nanoTime()).as("10 shards within 2 minutes").isLessThan(deadline);
                Thread.sleep(5);
            }
            child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            finished = SweepFixture.finishedShards(out);
        }
        assertThat(out).doesNotExist();
        assertThat(finished.size()).as("killed midway").isBetween(10, 99);

        Result r = run(sweep);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("resuming, " + finished.size() + " of 100 shards already done");
        assertThat(r.out()).contains("in 100 shards: " + finished.size() + " reused, " + (100 - finished.size())
                + " computed");
        SweepFixture.assertSameFiles(SweepFixture.reference(), out);
        assertThat(SweepFixture.names(tmp)).containsExactlyInAnyOrder("sweep", "child.log");
    }
}
