/**
 * The catalogue of models: model cards (their kinds found with {@code ServiceLoader}), the models
 * folder, verified downloads and installs. It knows files and hashes, not networks.
 *
 * <p>May import: io.
 */
package io.github.nitfiji.catalog;
