package dev.ppl.dist;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reparameterized draw: the value \(x = f_\theta(\varepsilon)\), differentiable in \(\theta\),
 * and the noise \(\varepsilon\) that produced it ({@link Distribution#reparam} replays it).
 *
 * @param value the draw, with gradient paths to the distribution's parameters
 * @param noise the parameter-free randomness (a family-specific array, e.g. standard normal
 *              draws for a Normal, standard Gamma draws for a Gamma)
 */
public record ReparamSample<V>(V value, INDArray noise) {}
