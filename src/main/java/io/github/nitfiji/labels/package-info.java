/**
 * The classes a class model draws (ImageNet's 1000 and a fine-tune's own, {@link io.github.nitfiji.labels.ClassTable})
 * and the matching of free text (names, typos, plurals, labels, WordNet ids) to one of them, with
 * the life-science false friends of ImageNet's names curated. Self-contained: imports no other
 * package of the project.
 */
package io.github.nitfiji.labels;
