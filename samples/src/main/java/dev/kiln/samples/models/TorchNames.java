package dev.kiln.samples.models;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.train.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kiln's names of the sample networks' parameters and running statistics
 * ({@code stage1.0.conv1.bn.weight}) and their names in a torchvision-style PyTorch ResNet
 * ({@code layer1.0.bn1.weight}), from the rules in {@code torch-names.txt} beside this class, the
 * one place the map is written ({@code bench/torch_parity.py} reads the same file). The arrays
 * need no reshaping: Kiln keeps convolution weights {@code [out, in, kH, kW]} and dense weights
 * {@code [out, in]}, as PyTorch does.
 */
public final class TorchNames {
    private static final List<Rule> RULES = load();

    private TorchNames() {}

    private record Rule(Pattern kiln, String torch) {}

    /** The PyTorch name of a Kiln name, or empty when no rule covers it. */
    public static Optional<String> toTorch(String kilnName) {
        for (Rule r : RULES) {
            Matcher m = r.kiln().matcher(kilnName);
            if (m.matches()) {
                String out = r.torch();
                for (String group : groups(r.torch())) {
                    out = out.replace("{" + group + "}", m.group(group));
                }
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    /**
     * Every parameter and state name of {@code net}, in its order, with its PyTorch name; invert
     * it to go the other way.
     *
     * @throws IllegalArgumentException when a name has no rule, or two names map to one
     */
    public static Map<String, String> forModel(Network net) {
        List<String> names = new ArrayList<>(net.parameters().stream().map(Parameter::name).toList());
        names.addAll(net.state().keySet());
        Map<String, String> map = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (String n : names) {
            String torch = toTorch(n).orElseThrow(() -> new IllegalArgumentException(
                    net.name() + ": no rule in torch-names.txt covers " + n));
            String before = seen.put(torch, n);
            if (before != null) {
                throw new IllegalArgumentException(net.name() + ": " + before + " and " + n + " both map to " + torch);
            }
            map.put(n, torch);
        }
        return map;
    }

    private static List<Rule> load() {
        try (InputStream in = TorchNames.class.getResourceAsStream("torch-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("torch-names.txt is missing beside " + TorchNames.class.getName());
            }
            List<Rule> rules = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length != 2) {
                    throw new IllegalStateException("torch-names.txt: expected 'kiln-pattern torch-template', got: " + line);
                }
                rules.add(new Rule(Pattern.compile(regex(f[0])), f[1]));
            }
            return List.copyOf(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code stage{s}.{i}.conv{k}.weight} → {@code \Qstage\E(?<s>[^.]+)\Q.\E…} */
    private static String regex(String pattern) {
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(pattern);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(pattern.substring(at, m.start()))).append("(?<").append(m.group(1)).append(">[^.]+)");
            at = m.end();
        }
        return re.append(Pattern.quote(pattern.substring(at))).toString();
    }

    private static List<String> groups(String template) {
        List<String> g = new ArrayList<>();
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        while (m.find()) {
            g.add(m.group(1));
        }
        return g;
    }
}
