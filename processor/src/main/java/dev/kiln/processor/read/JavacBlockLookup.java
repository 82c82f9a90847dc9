package dev.kiln.processor.read;

import dev.kiln.processor.check.DeclarationRules;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.resolve.BlockLookup;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds blocks through javac and reads each once, checking its values, so a block's own
 * mistakes are reported on the block.
 */
public final class JavacBlockLookup implements BlockLookup {
    private final Elements elements;
    private final DeclarationReader reader;
    private final Report report;
    private final Map<String, Found> cache = new HashMap<>();
    private boolean unresolved;

    public JavacBlockLookup(Elements elements, Report report) {
        this.elements = elements;
        this.reader = new DeclarationReader(elements);
        this.report = report;
    }

    @Override
    public Found find(String qualifiedName) {
        return cache.computeIfAbsent(qualifiedName, this::load);
    }

    private Found load(String qualifiedName) {
        TypeElement type = elements.getTypeElement(qualifiedName);
        if (type == null) {
            unresolved = true;
            return new Missing();
        }
        if (DeclarationReader.find(type, "Block") == null) {
            return new NotABlock(type.getSimpleName().toString());
        }
        Optional<DeclarationReader.Result> result = reader.read(type, Declaration.Kind.BLOCK, report);
        unresolved |= result.isPresent() && result.get().unresolved();
        if (result.isEmpty() || result.get().broken()) {
            return new Invalid();
        }
        if (lostParameterNames(result.get().declaration())) {
            return new WithoutParameterNames(type.getSimpleName().toString());
        }
        DeclarationRules.check(result.get().declaration(), report);
        return new Block(result.get().declaration());
    }

    /**
     * javac names the parameters of a method read from a class file {@code arg0, arg1, …} unless
     * it was compiled with {@code -parameters}; a block whose every input has such a name lost them.
     */
    private static boolean lostParameterNames(Declaration block) {
        return !block.layers().isEmpty() && block.layers().stream()
                .flatMap(l -> l.inputs().stream())
                .allMatch(p -> p.name().matches("arg\\d+"));
    }

    /** True when a block, or a block a block uses, names a type javac does not know (yet). */
    public boolean sawUnresolved() {
        return unresolved;
    }
}
