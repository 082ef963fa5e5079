/**
 * The distribution interface ({@link dev.ppl.dist.Distribution}), splittable random keys ({@link dev.ppl.dist.Rng}), parameter, value
 * and support validation ({@link dev.ppl.dist.ParamChecks}, {@link dev.ppl.dist.ValueChecks},
 * {@link dev.ppl.dist.Support}, {@link dev.ppl.dist.Validation}).
 */
package dev.ppl.dist;
