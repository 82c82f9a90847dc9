package dev.kiln.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Op;
import java.util.List;

/**
 * Java for a plan's typed arguments: buffers as fields of the batch's holder {@code a},
 * tensors of {@code params}, {@code grads} or {@code state}, and literals (flags, numbers, an
 * absent array) labelled in a comment with the parameter they fill, where a bare {@code false}
 * would leave a reader guessing.
 */
final class Arguments {
    private Arguments() {}

    static CodeBlock of(List<Arg> args) {
        return CodeBlock.join(args.stream().map(Arguments::of).toList(), ", ");
    }

    static CodeBlock of(Arg arg) {
        if (arg instanceof Arg.Buffer b) {
            return CodeBlock.of("a.$N", b.field());
        } else if (arg instanceof Arg.Buffers bs) {
            return CodeBlock.of("new $T[] {$L}", Types.INDARRAY,
                    CodeBlock.join(bs.fields().stream().map(f -> CodeBlock.of("a.$N", f)).toList(), ", "));
        } else if (arg instanceof Arg.Tensor t) {
            return CodeBlock.of("$L.$N", holder(t.holder()), t.field());
        } else if (arg instanceof Arg.Flag f) {
            return labelled(f.name(), String.valueOf(f.value()));
        } else if (arg instanceof Arg.Int i) {
            return labelled(i.name(), String.valueOf(i.value()));
        } else if (arg instanceof Arg.Real r) {
            return labelled(r.name(), String.valueOf(r.value()));
        } else if (arg instanceof Arg.Absent) {
            return labelled(arg.name(), "null");
        } else if (arg instanceof Arg.Seed s) {
            return CodeBlock.of("seed + $L", s.offset());
        } else if (arg instanceof Arg.Instance i) {
            return CodeBlock.of("$N", i.field());
        }
        return CodeBlock.of("training");
    }

    /** {@code kernel.method(args)}: on the kernel field, or on the class for a static kernel. */
    static CodeBlock call(Op op) {
        if (op.instance() == null) {
            return CodeBlock.of("$T.$L($L)", Types.kernel(op.kernel()), op.method(), of(op.args()));
        }
        return CodeBlock.of("$N.$L($L)", op.instance(), op.method(), of(op.args()));
    }

    static String holder(Arg.Holder h) {
        return switch (h) {
            case PARAMS -> "params";
            case GRADS -> "grads";
            case STATE -> "state";
        };
    }

    private static CodeBlock labelled(String name, String value) {
        return CodeBlock.of("/* $L= */ $L", name, value);
    }
}
