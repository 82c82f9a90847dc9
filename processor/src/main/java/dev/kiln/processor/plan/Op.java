package dev.kiln.processor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kernel call: {@code kernel.method(args…)}, on the network's instance {@code instance}
 * (a kernel field) or statically when {@code instance} is null.
 */
public record Op(Kernel kernel, String instance, String method, List<Arg> args) {
    public Op {
        args = List.copyOf(args);
        if (kernel.instanced() != (instance != null)) {
            throw new IllegalArgumentException(kernel + (kernel.instanced() ? " needs an instance" : " is called statically"));
        }
    }

    /** A static call. */
    static Op of(Kernel kernel, String method, Arg... args) {
        return new Op(kernel, null, method, List.of(args));
    }

    /** A call on kernel field {@code instance}. */
    static Op on(Plan.KernelField instance, String method, Arg... args) {
        return new Op(instance.kernel(), instance.field(), method, List.of(args));
    }

    /** Whether this is {@code kernel.method}. */
    public boolean is(Kernel kernel, String method) {
        return this.kernel == kernel && this.method.equals(method);
    }

    /** The argument filling parameter {@code name}, if any. */
    public Optional<Arg> arg(String name) {
        return args.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The buffer passed as {@code name}, or null when that argument is not a buffer. */
    public String buffer(String name) {
        return arg(name).filter(Arg.Buffer.class::isInstance).map(a -> ((Arg.Buffer) a).field()).orElse(null);
    }

    /** The value of flag {@code name}; false when there is no such flag. */
    public boolean flag(String name) {
        return arg(name).filter(Arg.Flag.class::isInstance).map(a -> ((Arg.Flag) a).value()).orElse(false);
    }

    /** Whether the call differs in training and inference. */
    public boolean usesMode() {
        return args.stream().anyMatch(Arg.Mode.class::isInstance);
    }

    /** The buffers this call reads or writes, in argument order. */
    public List<String> buffers() {
        List<String> out = new ArrayList<>();
        for (Arg a : args) {
            if (a instanceof Arg.Buffer b) {
                out.add(b.field());
            } else if (a instanceof Arg.Buffers bs) {
                out.addAll(bs.fields());
            }
        }
        return out;
    }
}
