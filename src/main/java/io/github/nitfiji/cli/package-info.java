/**
 * The command line ({@code nit-cli.jar}): generate, train, batch, models, engine, classes, bench,
 * selftest, diagnostics, with files as output and documented exit codes. Translates to and from the
 * engine; words its advice as a {@link io.github.nitfiji.FrontDoor}.
 *
 * <p>May import: batch, bench, catalog, io, labels, model.*, pipeline, runtime, sampling, selftest, source, train.
 */
package io.github.nitfiji.cli;
