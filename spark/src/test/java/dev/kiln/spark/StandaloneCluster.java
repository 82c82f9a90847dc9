package dev.kiln.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real standalone Spark cluster on this machine: a master and workers, each its own JVM started
 * from Spark's own classes on the test class path, on loopback addresses. Spark's workers start
 * executors from a Spark home; an empty one with a {@code jars} folder will do, since the
 * driver hands the executors the whole class path ({@code spark.executor.extraClassPath}).
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path home;
    final String classPath;
    final String masterUrl;

    StandaloneCluster(Path dir, int workers) throws IOException {
        this.home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Path root = Path.of(System.getProperty("user.dir"));
        this.classPath = root.resolve("target/test-classes") + ":" + root.resolve("target/classes") + ":"
                + Files.readString(root.resolve("target/test-classpath.txt")).trim();
        int port = freePort();
        this.masterUrl = "spark://127.0.0.1:" + port;
        start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", "0");
        for (int w = 0; w < workers; w++) {
            Path work = Files.createDirectories(dir.resolve("work-" + w));
            start(dir.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "2g", "--work-dir", work.toString(), masterUrl);
        }
    }

    private void start(Path log, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(List.of(System.getProperty("kiln.test.sparkJavaOptions", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(List.of("-cp", classPath, main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
