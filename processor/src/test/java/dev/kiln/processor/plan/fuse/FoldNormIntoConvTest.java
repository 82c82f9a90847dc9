package dev.kiln.processor.plan.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.processor.plan.Arg;
import dev.kiln.processor.plan.Kernel;
import dev.kiln.processor.plan.Op;
import dev.kiln.processor.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A convolution and the batch norm reading its output folded into one call at inference, and what is left alone. */
class FoldNormIntoConvTest {
    private static Op conv(String field, String x, String y) {
        return new Op(Kernel.CONV2D, field, "forward", List.of(Arg.buffer("x", x),
                new Arg.Tensor("w", Arg.Holder.PARAMS, field + "W"), new Arg.Absent("b"), Arg.buffer("y", y)));
    }

    private static Op norm(String field, String x, String y, Arg... extra) {
        List<Arg> args = new ArrayList<>(List.of(new Arg.Mode(), Arg.buffer("x", x),
                new Arg.Tensor("gamma", Arg.Holder.PARAMS, field + "G"), new Arg.Tensor("beta", Arg.Holder.PARAMS, field + "B"),
                new Arg.Tensor("runningMean", Arg.Holder.STATE, field + "M"), new Arg.Tensor("runningVar", Arg.Holder.STATE, field + "V")));
        args.addAll(List.of(extra));
        args.add(Arg.buffer("y", y));
        return new Op(Kernel.BATCH_NORM, field, "forward", args);
    }

    private static Plan.Group group(Plan.Step... steps) {
        return new Plan.Group(null, List.of("input"), "out", List.of(steps), List.of());
    }

    @Test
    void aConvolutionAndItsNormBecomeOneCallWithTheNormsFlag() {
        Op c = conv("stemConv", "input", "stemLin");
        Op n = norm("stemBn", "stemLin", "stemBnRelu");
        Op relu = new Op(n.kernel(), n.instance(), n.method(), append(n.args(), Arg.flag("relu", true)));
        FoldNormIntoConv.Folding f = FoldNormIntoConv.fold(List.of(group(new Plan.Step("stem", List.of(c, relu)))), Set.of("stemConv", "stemBn"));
        assertEquals(List.of(new Plan.KernelField("stemFolded", Kernel.CONV_BATCH_NORM,
                List.of(new Arg.Instance("conv", "stemConv"), new Arg.Instance("norm", "stemBn")))), f.kernels());
        Plan.Step step = f.groups().get(0).forward().get(0);
        assertEquals(List.of(c, relu), step.ops(), "training keeps its two calls");
        List<Arg> expected = new ArrayList<>(c.args().subList(0, 3));
        expected.addAll(n.args().subList(2, 6));
        expected.addAll(List.of(Arg.buffer("lin", "stemLin"), Arg.buffer("y", "stemBnRelu"), Arg.flag("relu", true)));
        assertEquals(List.of(new Op(Kernel.CONV_BATCH_NORM, "stemFolded", "forward", expected)), step.inference());
        assertTrue(f.groups().get(0).forwardUsesMode());
    }

    @Test
    void aBlocksLastNormWithTheShortcutFoldsAcrossTheProjectionsStep() {
        Op c2 = conv("c2Conv", "c1Out", "c2Lin");
        Op sc = conv("scConv", "input", "scLin");
        Op scNorm = norm("scBn", "scLin", "scOut");
        Op last = norm("c2Bn", "c2Lin", "out", Arg.buffer("shortcut", "scOut"));
        FoldNormIntoConv.Folding f = FoldNormIntoConv.fold(List.of(group(new Plan.Step("c2", List.of(c2)),
                new Plan.Step("shortcut", List.of(sc, scNorm, last)))), Set.of("c2Folded"));
        assertEquals(List.of("scFolded", "c2Folded2"), f.kernels().stream().map(Plan.KernelField::field).toList(),
                "numbered where a name is taken");
        List<Plan.Step> steps = f.groups().get(0).forward();
        assertEquals(List.of(), steps.get(0).inference(), "the block's last convolution runs later, with its norm");
        List<Op> inference = steps.get(1).inference();
        assertEquals(List.of("scFolded", "c2Folded2"), inference.stream().map(Op::instance).toList());
        assertEquals("scOut", inference.get(1).buffer("shortcut"));
        assertEquals("c1Out", inference.get(1).buffer("x"));
        assertFalse(inference.get(1).flag("relu"));
    }

    @Test
    void aConvolutionOutputThatAnotherCallReadsIsNotFolded() {
        Op c = conv("cConv", "input", "cLin");
        Op n = norm("cBn", "cLin", "cOut");
        Op other = new Op(Kernel.RELU, null, "forward", List.of(Arg.buffer("x", "cLin"), Arg.buffer("y", "r")));
        FoldNormIntoConv.Folding f = FoldNormIntoConv.fold(List.of(group(new Plan.Step("c", List.of(c, n, other)))), Set.of());
        assertTrue(f.kernels().isEmpty());
        assertNull(f.groups().get(0).forward().get(0).inference());
        FoldNormIntoConv.Folding alone = FoldNormIntoConv.fold(List.of(group(new Plan.Step("n", List.of(norm("b", "input", "o"))))), Set.of());
        assertTrue(alone.kernels().isEmpty(), "a batch norm not after a convolution");
    }

    private static List<Arg> append(List<Arg> args, Arg more) {
        List<Arg> out = new ArrayList<>(args);
        out.add(more);
        return out;
    }
}
