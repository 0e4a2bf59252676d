/**
 * The DC-AE autoencoder (diffusers {@code AutoencoderDC}, SANA layout): decoder, encoder, tiled
 * decoding and its memory estimate, configured from {@code config.json}. Imports only {@code io}
 * and {@code model}.
 */
package io.github.nitfiji.model.dcae;
