/**
 * Fusions across layer units, each a rule over the fields of typed kernel calls: a residual
 * block's last batch norm run in its add ({@link dev.kiln.processor.plan.fuse.NormIntoAdd}),
 * and a put-off shortcut pass folded into the ReLU backward that reads it
 * ({@link dev.kiln.processor.plan.fuse.ReluOfSum}). A fusion within one unit (batch norm with
 * its ReLU) is part of that unit's rule.
 */
package dev.kiln.processor.plan.fuse;
