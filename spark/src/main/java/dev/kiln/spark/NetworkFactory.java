package dev.kiln.spark;

import dev.kiln.runtime.Network;
import java.io.Serializable;

/**
 * Makes the network every worker trains: a new instance of the same generated class, in float32.
 * Spark ships it to the executors with the job (a lambda such as {@code () -> KilnResNet20.create(0)}
 * serialises as its captured values); the initial parameters do not matter, since every round
 * overwrites them with the driver's.
 */
@FunctionalInterface
public interface NetworkFactory extends Serializable {
    Network create();
}
