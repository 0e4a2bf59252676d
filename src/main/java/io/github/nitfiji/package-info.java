/**
 * NiT for Fiji: generates ImageNet-class images with NiT (Native-resolution diffusion Transformer)
 * in Java, through DJL and its PyTorch engine. This root holds only small helpers every layer may
 * use (the version, enum ids); it imports none of the sub-packages.
 */
package io.github.nitfiji;
