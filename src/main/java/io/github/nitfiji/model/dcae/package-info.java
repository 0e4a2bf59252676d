/**
 * The DC-AE autoencoder (diffusers {@code AutoencoderDC}: SANA and Lite layouts): decoder, encoder,
 * tiled decoding, its memory estimate and FLOP count, configured from {@code config.json}.
 *
 * <p>May import: io, model.
 */
package io.github.nitfiji.model.dcae;
