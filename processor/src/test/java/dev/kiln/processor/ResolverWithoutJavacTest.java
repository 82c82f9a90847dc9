package dev.kiln.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Shortcut;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Diagnostic;
import dev.kiln.processor.diag.Report;
import dev.kiln.processor.model.Declaration;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.SourceRef;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.resolve.BlockLookup;
import dev.kiln.processor.resolve.Resolver;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The resolve stage on a hand-built declaration, without javac. javac reports a block class it
 * cannot resolve before Kiln sees it, so "MissingBlock" is only reachable when a lookup fails
 * after javac resolved the name; this test reaches it directly.
 */
class ResolverWithoutJavacTest {

    @Test
    void blockTheLookupCannotFind() {
        Spec.Repeat repeat = new Spec.Repeat(true, "fixtures.Gone", 16, 1, 1, Shortcut.PROJECTION, true,
                SourceRef.synthetic("@Residual"));
        LayerDecl stage = new LayerDecl("stage", List.of(new LayerDecl.Param("input", SourceRef.synthetic("input"))),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(repeat), Set.of(), SourceRef.synthetic("stage"));
        Declaration model = new Declaration("Net", "fixtures.Net", "fixtures", Declaration.Kind.MODEL,
                Optional.of(new Declaration.InputSpec(3, 8, 8, SourceRef.NONE)), Optional.empty(), List.of(stage),
                Set.of(), SourceRef.synthetic("Net"));
        Report report = new Report();

        assertTrue(Resolver.resolve(model, name -> new BlockLookup.Missing(), report).isEmpty());

        List<Diagnostic> found = report.diagnostics();
        assertEquals(1, found.size(), found::toString);
        assertEquals(Code.MISSING_BLOCK, found.get(0).code());
        assertEquals("[Kiln/" + "MissingBlock" + "] stage: the block class fixtures.Gone cannot be found; check its name and imports.",
                found.get(0).message());
        System.out.println(found.get(0).message());
    }
}
