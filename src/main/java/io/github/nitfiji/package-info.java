/**
 * NiT for Fiji: generates images with NiT and TiM (and fine-tunes NiT) in Java, through DJL and its
 * PyTorch engine. This root is the shared trunk: small helpers every package may use (the version,
 * enum ids, the attention kind, the {@link io.github.nitfiji.FrontDoor} a front door words its
 * advice with).
 *
 * <p>May import: nothing.
 */
package io.github.nitfiji;
