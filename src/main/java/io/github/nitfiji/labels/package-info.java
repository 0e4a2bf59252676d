/**
 * The 1000 ImageNet classes and the matching of free text (names, typos, plurals, indices,
 * WordNet ids) to a class. Self-contained: imports no other package of the project.
 */
package io.github.nitfiji.labels;
