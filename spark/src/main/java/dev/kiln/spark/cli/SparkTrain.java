package dev.kiln.spark.cli;

import dev.kiln.samples.cli.KilnCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class for {@code spark-submit}: {@code ./kiln train}'s options, with {@code --spark}
 * taken from the master spark-submit sets ({@code spark.master}) unless given.
 *
 * <pre>
 * spark-submit --class dev.kiln.spark.cli.SparkTrain --master spark://host:7077 \
 *     --driver-class-path "$CP" --conf spark.executor.extraClassPath="$CP" spark.jar --model resnet20 --epochs 3
 * </pre>
 */
public final class SparkTrain {
    private SparkTrain() {}

    public static void main(String[] args) {
        List<String> all = new ArrayList<>(List.of("train"));
        if (!List.of(args).contains("--spark")) {
            all.add("--spark");
            all.add(System.getProperty("spark.master", "local[2]"));
        }
        all.addAll(List.of(args));
        KilnCommand.main(all.toArray(String[]::new));
    }
}
