/**
 * The distribution interface ({@link dev.ppl.dist.Distribution}), splittable random keys ({@link dev.ppl.dist.Rng}), parameter and support validation.
 */
package dev.ppl.dist;
