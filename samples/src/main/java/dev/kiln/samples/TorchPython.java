package dev.kiln.samples;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python that imports torch and numpy, for the scripts that run the sample networks in
 * PyTorch: samples' {@code TorchParityTest} ({@code bench/torch_parity.py}) and the benchmark's
 * PyTorch process ({@code bench/pytorch_resnet.py}). Looked for once a process.
 */
public final class TorchPython {
    private static String python;

    private TorchPython() {}

    /**
     * {@code $KILN_PYTHON}, else {@code python3}, else {@code /usr/bin/python3} (where Debian's
     * python3-torch installs when another python3 is first on the path): the first that imports
     * torch and numpy; empty when none does.
     */
    public static synchronized Optional<String> find() {
        if (python == null) {
            String own = System.getenv("KILN_PYTHON");
            List<String> candidates = own != null ? List.of(own) : List.of("python3", "/usr/bin/python3");
            python = candidates.stream().filter(TorchPython::importsTorch).findFirst().orElse("");
        }
        return python.isEmpty() ? Optional.empty() : Optional.of(python);
    }

    private static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
