/**
 * Model building blocks every network shares: binding checkpoint keys to DJL arrays (shape checks,
 * precision), scopes, ops, the fused attention module, bfloat16 kernels, the latent grid and the
 * velocity-network interface the samplers see; the networks are in the sub-packages.
 *
 * <p>May import: io.
 */
package io.github.nitfiji.model;
