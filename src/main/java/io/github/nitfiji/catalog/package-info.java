/**
 * The catalogue of models: model cards, the models folder, verified downloads and installs. It
 * knows files and hashes, not networks: imports only {@code io}, never {@code model}, the
 * pipeline or a front door ({@code ij}, {@code scijava}, {@code cli}).
 */
package io.github.nitfiji.catalog;
