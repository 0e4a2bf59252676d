/**
 * The command line ({@code nit-cli.jar}): generate, models, classes and bench, with files as output
 * and documented exit codes. Translates to and from the pipeline; must not import {@code ij} or
 * {@code scijava}.
 */
package io.github.nitfiji.cli;
