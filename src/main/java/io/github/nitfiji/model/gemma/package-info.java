/**
 * Gemma-3 as TiM-T2I uses it: the text encoder only (tokenizer and decoder stack up to the last
 * hidden state after the final norm), with the official key names.
 *
 * <p>May import: io, model, model.transformer.
 */
package io.github.nitfiji.model.gemma;
