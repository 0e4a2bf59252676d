/**
 * Gemma-3 as TiM-T2I uses it: the text encoder only (tokenizer and decoder stack up to the last
 * hidden state after the final norm, no language-model head), following the official Hugging Face
 * configuration and key names, with the FlashAttention-2 semantics of padded positions.
 */
package io.github.nitfiji.model.gemma;
