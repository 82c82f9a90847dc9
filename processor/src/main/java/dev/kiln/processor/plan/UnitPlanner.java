package dev.kiln.processor.plan;

import static dev.kiln.processor.plan.BufferTable.a;

import dev.kiln.dsl.PoolType;
import dev.kiln.processor.model.LayerDecl;
import dev.kiln.processor.model.Spec;
import dev.kiln.processor.shape.Shape;
import dev.kiln.processor.shape.ShapedLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans one layer unit: its forward calls in the fixed order merge → flatten → conv/dense →
 * batch norm → activation → pool → dropout, and the matching backward in reverse. Activations
 * and dropout run in place on a buffer the unit owns when backward does not need the old value
 * (batch norm's backward needs its input, not its output; activations' backward needs their
 * output). A ReLU right after batch norm is fused into it: one kernel call each way, one pass
 * over memory less.
 */
final class UnitPlanner {
    /** One forward stage and how to run it backward given the gradient of its output. */
    interface Backward {
        /** Appends the backward calls; returns the gradient field of the stage's input, or null when nothing earlier needs it. */
        String emit(List<Plan.Call> calls, String dOut);
    }

    record Result(Plan.Step forward, List<Backward> backward, String output) {}

    private final BufferTable buffers;
    private final ParamTable params;
    private final KernelTable kernels;
    /** The constructor argument that makes a kernel channels-last, or nothing for NCHW. */
    private final String lastArg;
    private final boolean channelsLast;

    UnitPlanner(BufferTable buffers, ParamTable params, KernelTable kernels, Layout layout) {
        this.buffers = buffers;
        this.params = params;
        this.kernels = kernels;
        this.channelsLast = layout == Layout.CHANNELS_LAST;
        this.lastArg = channelsLast ? ", true" : "";
    }

    Result plan(String n, LayerDecl l, ShapedLayer row, List<String> ins, List<Shape> inShapes, boolean needsGrad,
                String comment) {
        List<Plan.Call> fwd = new ArrayList<>();
        List<Backward> back = new ArrayList<>();
        String cur = ins.get(0);
        Shape shape = inShapes.get(0);
        boolean owned = false;
        boolean lastWasActivation = false;
        if (l.merge().isPresent()) {
            shape = merged(l.merge().get(), inShapes);
            String y = buffers.activation(n, "Merged", shape, needsGrad);
            List<String> args = new ArrayList<>();
            for (String in : ins) {
                args.add(a(in));
            }
            String array = "new INDArray[] {" + String.join(", ", args) + "}";
            if (l.merge().get().concat()) {
                fwd.add(Plan.Call.of("Concat", "forward", array, a(y)));
                back.add(concatBackward(ins, inShapes));
            } else {
                fwd.add(ins.size() == 2 ? Plan.Call.of("Add", "forward", a(ins.get(0)), a(ins.get(1)), a(y), "false")
                        : Plan.Call.of("Add", "forward", array, a(y), "false"));
                back.add(addBackward(ins));
            }
            cur = y;
            owned = true;
        }
        if (l.flatten().isPresent() && shape.isMap()) {
            shape = Shape.vector((int) shape.size());
            String x = cur;
            cur = buffers.view(n, "Flat", cur, shape);
            back.add((calls, dOut) -> buffers.needsGradient(x) ? buffers.gradient(x) : null);
        }
        if (l.linear().isPresent()) {
            String x = cur;
            boolean bias = row.tensors().stream().anyMatch(t -> t.name().equals(n + ".bias"));
            Plan.ParamField w = params.add(row, n + ".weight", "WEIGHT", Plan.Init.HE);
            Plan.ParamField b = bias ? params.add(row, n + ".bias", "BIAS", Plan.Init.ZERO) : null;
            shape = l.pool().isPresent() ? row.beforePool() : row.output();
            String y = buffers.activation(n, "Lin", shape, needsGrad);
            String bArg = b == null ? "null" : b.field();
            String dbArg = b == null ? "null" : b.gradient();
            if (l.linear().get() instanceof Spec.Conv c) {
                String k = kernels.add(n, "Conv", "Conv2d", c.kernel() + ", " + c.stride() + ", " + c.padding() + ", " + c.dilation() + lastArg);
                fwd.add(Plan.Call.of(k, "forward", a(x), w.field(), bArg, a(y)));
                back.add((calls, dOut) -> {
                    String dx = buffers.needsGradient(x) ? buffers.gradient(x) : null;
                    boolean acc = dx != null && buffers.accumulate(dx);
                    calls.add(Plan.Call.of(k, "backward", a(x), w.field(), a(dOut), dx == null ? "null" : a(dx),
                            String.valueOf(acc), w.gradient(), dbArg));
                    return dx;
                });
            } else {
                fwd.add(Plan.Call.of("Dense", "forward", a(x), w.field(), bArg, a(y)));
                back.add((calls, dOut) -> {
                    String dx = buffers.needsGradient(x) ? buffers.gradient(x) : null;
                    boolean acc = dx != null && buffers.accumulate(dx);
                    calls.add(Plan.Call.of("Dense", "backward", a(x), w.field(), a(dOut), dx == null ? "null" : a(dx),
                            String.valueOf(acc), w.gradient(), dbArg));
                    return dx;
                });
            }
            cur = y;
            owned = true;
        }
        if (l.batchNorm().isPresent()) {
            Spec.BatchNorm bn = l.batchNorm().get();
            String p = l.linear().isPresent() ? n + ".bn" : n;
            Plan.ParamField gamma = params.add(row, p + ".weight", "NORM_WEIGHT", Plan.Init.ONE);
            Plan.ParamField beta = params.add(row, p + ".bias", "NORM_BIAS", Plan.Init.ZERO);
            Plan.ParamField mean = params.add(row, p + ".running_mean", "STATE", Plan.Init.ZERO);
            Plan.ParamField var = params.add(row, p + ".running_var", "STATE", Plan.Init.ONE);
            String k = kernels.add(n, "Bn", "BatchNorm", bn.momentum() + ", " + bn.epsilon() + (shape.isMap() ? lastArg : ""));
            String x = cur;
            String y = buffers.activation(n, "Bn", shape, needsGrad);
            boolean relu = l.activation().isPresent() && l.activation().get().kind() == Spec.Activation.Kind.RELU;
            List<String> args = new ArrayList<>(List.of(a(x), gamma.field(), beta.field(), mean.field(), var.field(), a(y)));
            if (relu) {
                args.add("true");
            }
            fwd.add(new Plan.Call(k, "forwardTrain", args, new Plan.Call(k, "forwardInference", args, null)));
            back.add((calls, dOut) -> {
                boolean keep = buffers.needsGradient(x);
                // Batch norm's backward always yields dx; when nothing needs it, it goes to a scratch buffer.
                String dx = keep ? buffers.gradient(x) : buffers.activation(n, "BnDxUnused", row.beforePool(), false);
                boolean acc = keep && buffers.accumulate(dx);
                List<String> backArgs = new ArrayList<>(List.of(a(x), gamma.field()));
                if (relu) {
                    backArgs.add(a(y)); // the fused ReLU's output masks dOut
                }
                backArgs.addAll(List.of(a(dOut), a(dx), String.valueOf(acc), gamma.gradient(), beta.gradient()));
                calls.add(new Plan.Call(k, "backward", backArgs, null));
                return keep ? dx : null;
            });
            cur = y;
            owned = true;
            lastWasActivation = relu;
        }
        if (l.activation().isPresent() && !lastWasActivation) {
            Spec.Activation act = l.activation().get();
            String x = cur;
            String y = owned ? cur : buffers.activation(n, "Act", shape, needsGrad);
            String[] pre = act.kind() == Spec.Activation.Kind.LEAKY_RELU ? new String[] {String.valueOf(act.slope())} : new String[0];
            String type = activationClass(act);
            fwd.add(Plan.Call.of(type, "forward", concat(pre, a(x), a(y))));
            back.add((calls, dOut) -> {
                if (x.equals(y)) {
                    calls.add(Plan.Call.of(type, "backward", concat(pre, a(y), a(dOut), a(dOut), "false")));
                    return dOut;
                }
                if (!buffers.needsGradient(x)) {
                    return null;
                }
                String dx = buffers.gradient(x);
                calls.add(Plan.Call.of(type, "backward", concat(pre, a(y), a(dOut), a(dx), String.valueOf(buffers.accumulate(dx)))));
                return dx;
            });
            cur = y;
            owned = true;
            lastWasActivation = true;
        }
        if (l.pool().isPresent()) {
            Spec.Pool p = l.pool().get();
            String x = cur;
            String y = buffers.activation(n, "Pool", row.output(), needsGrad);
            String target;
            if (p.global()) {
                target = p.type() == PoolType.AVG ? (channelsLast ? "GlobalAvgPoolChannelsLast" : "GlobalAvgPool")
                        : kernels.add(n, "Pool", "GlobalMaxPool", "");
            } else {
                int stride = p.stride() == dev.kiln.dsl.Pool.SIZE ? p.size() : p.stride();
                target = kernels.add(n, "Pool", p.type() == PoolType.AVG ? "AvgPool2d" : "MaxPool2d",
                        p.size() + ", " + stride + ", " + p.padding());
            }
            fwd.add(Plan.Call.of(target, "forward", a(x), a(y)));
            back.add(toInput(target, x));
            cur = y;
            owned = true;
            lastWasActivation = false;
            shape = row.output();
        }
        if (l.dropout().isPresent()) {
            String x = cur;
            String y = owned && !lastWasActivation ? cur : buffers.activation(n, "Drop", shape, needsGrad);
            String k = kernels.add(n, "Dropout", "Dropout", l.dropout().get().rate() + ", seed + " + kernels.size());
            fwd.add(new Plan.Call(k, "forward", List.of(a(x), a(y)), Plan.Call.of(k, "inference", a(x), a(y))));
            back.add((calls, dOut) -> {
                if (x.equals(y)) {
                    calls.add(Plan.Call.of(k, "backward", a(dOut), a(dOut), "false"));
                    return dOut;
                }
                return toInput(k, x).emit(calls, dOut);
            });
            cur = y;
        }
        return new Result(new Plan.Step(comment, fwd), back, cur);
    }

    /** Backward of a kernel {@code target.backward(dy, dx, accumulate)} into input {@code x}'s gradient. */
    private Backward toInput(String target, String x) {
        return (calls, dOut) -> {
            if (!buffers.needsGradient(x)) {
                return null;
            }
            String dx = buffers.gradient(x);
            calls.add(Plan.Call.of(target, "backward", a(dOut), a(dx), String.valueOf(buffers.accumulate(dx))));
            return dx;
        };
    }

    private Backward addBackward(List<String> ins) {
        return (calls, dOut) -> {
            for (String in : ins) {
                if (buffers.needsGradient(in)) {
                    String dx = buffers.gradient(in);
                    calls.add(Plan.Call.of("Grad", "pass", a(dOut), a(dx), String.valueOf(buffers.accumulate(dx))));
                }
            }
            return null;
        };
    }

    private Backward concatBackward(List<String> ins, List<Shape> shapes) {
        return (calls, dOut) -> {
            int offset = 0;
            for (int i = 0; i < ins.size(); i++) {
                if (buffers.needsGradient(ins.get(i))) {
                    String dx = buffers.gradient(ins.get(i));
                    calls.add(Plan.Call.of("Concat", "backward", a(dOut), String.valueOf(offset), a(dx),
                            String.valueOf(buffers.accumulate(dx))));
                }
                offset += shapes.get(i).channels();
            }
            return null;
        };
    }

    private static Shape merged(Spec.Merge merge, List<Shape> in) {
        if (!merge.concat()) {
            return in.get(0);
        }
        int channels = in.stream().mapToInt(Shape::channels).sum();
        Shape first = in.get(0);
        return first.isMap() ? Shape.map(channels, first.height(), first.width()) : Shape.vector(channels);
    }

    static String activationClass(Spec.Activation act) {
        return switch (act.kind()) {
            case RELU -> "Relu";
            case LEAKY_RELU -> "LeakyRelu";
            case TANH -> "Tanh";
            case SIGMOID -> "Sigmoid";
        };
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
