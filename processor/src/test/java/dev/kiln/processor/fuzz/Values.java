package dev.kiln.processor.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/** The replacement values of the value mutations, by attribute type: zero, negative, huge, wrong type, plausible. */
final class Values {
    private static final List<String> HUGE_INT = List.of("Integer.MAX_VALUE", "1 << 30", "1_000_000", "65_536",
            "46_341", "100_000", "Integer.MAX_VALUE / 2 + 1", "Integer.MAX_VALUE + 1");
    private static final List<String> HUGE_DOUBLE = List.of("Double.MAX_VALUE", "1e300", "Double.POSITIVE_INFINITY",
            "Double.NaN", "Double.MIN_VALUE");
    private static final List<String> WRONG_TYPE = List.of("\"3\"", "3.5", "true", "PoolType.MAX", "BasicBlock.class",
            "null", "'x'", "3L", "{1, 2}", "Bias.ON", "Shortcut.ZERO_PAD", "Activation.NONE", "(int) 3e9", "1e400",
            "Nowhere.VALUE");
    private static final List<String> PLAUSIBLE_INT = List.of("1", "2", "3", "4", "5", "7", "16", "Conv.SAME",
            "Conv.VALID", "Conv.BLOCK_STRIDE", "Conv.BLOCK_WIDTH", "Pool.SIZE");
    private static final List<String> PLAUSIBLE_DOUBLE = List.of("0.0", "0.5", "0.99", "1.0", "1e-3");

    private Values() {}

    static String zero(String attribute) {
        return Layout.isDouble(attribute) ? "0.0" : "0";
    }

    static String negative(String attribute, SplittableRandom r) {
        if (Layout.isDouble(attribute)) {
            return pick(List.of("-0.5", "-1e-9", "-1.0", "-Double.MAX_VALUE"), r);
        }
        return pick(List.of("-1", "-2", "-" + r.nextInt(3, 1000), "Integer.MIN_VALUE", "Long.MIN_VALUE"), r);
    }

    static String huge(String attribute, SplittableRandom r) {
        if (Layout.isDouble(attribute)) {
            return pick(HUGE_DOUBLE, r);
        }
        if (attribute.equals("params")) {
            return pick(List.of("Long.MAX_VALUE", "Integer.MAX_VALUE", "1L << 40"), r);
        }
        return pick(HUGE_INT, r);
    }

    static String wrongType(SplittableRandom r) {
        return pick(WRONG_TYPE, r);
    }

    /** Any value, legal or not, for an attribute a mutation adds. */
    static String any(String attribute, SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> zero(attribute);
            case 1 -> negative(attribute, r);
            case 2 -> huge(attribute, r);
            case 3 -> wrongType(r);
            default -> Layout.isDouble(attribute) ? pick(PLAUSIBLE_DOUBLE, r) : plausible(attribute, r);
        };
    }

    private static String plausible(String attribute, SplittableRandom r) {
        return switch (attribute) {
            case "block" -> pick(Seeds.BLOCKS, r) + ".class";
            case "type" -> pick(List.of("PoolType.MAX", "PoolType.AVG"), r);
            case "bias" -> pick(List.of("Bias.ON", "Bias.OFF", "Bias.AUTO"), r);
            case "shortcut" -> pick(List.of("Shortcut.IDENTITY", "Shortcut.PROJECTION", "Shortcut.ZERO_PAD"), r);
            case "activation" -> pick(List.of("Activation.RELU", "Activation.NONE"), r);
            case "global" -> pick(List.of("true", "false"), r);
            default -> pick(PLAUSIBLE_INT, r);
        };
    }

    static <T> T pick(List<T> from, SplittableRandom r) {
        return from.get(r.nextInt(from.size()));
    }
}
