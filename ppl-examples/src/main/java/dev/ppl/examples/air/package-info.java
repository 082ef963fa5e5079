/**
 * "Attend, Infer, Repeat" (Eslami et al. 2016) on multi-MNIST: the evaluation of inferred object
 * counts ({@link dev.ppl.examples.air.CountAccuracy}). The scenes are
 * {@link dev.ppl.examples.data.MultiMnist}; boxes of inferred objects are drawn by
 * {@link dev.ppl.examples.images.SceneBoxes}.
 */
package dev.ppl.examples.air;
