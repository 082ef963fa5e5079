/**
 * A linear-Gaussian state-space model trained with ELBO, IWELBO and FIVO at the same particle
 * count ({@link dev.ppl.examples.ssm.SsmStudy}), its data simulated from a fixed key and its exact
 * log-evidence computed by a Kalman filter ({@link dev.ppl.examples.ssm.Kalman}); the {@code ssm}
 * command of the examples' command line.
 */
package dev.ppl.examples.ssm;
