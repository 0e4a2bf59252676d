/**
 * The classes a class model draws (ImageNet's 1000 and a fine-tune's own) and the matching of free
 * text to one of them, never guessing, with the life-science false friends of ImageNet's names.
 *
 * <p>May import: io.
 */
package io.github.nitfiji.labels;
