/**
 * The engine behind every front door: loads a model pair once and generates images for requests
 * (prompt to class, sampling, decoding), with device and precision choice, the memory plan and
 * provenance. May import the other engine packages ({@code io}, {@code model}, {@code sampling},
 * {@code catalog}, {@code labels}); never a front door ({@code ij}, {@code scijava}, {@code cli}).
 */
package io.github.nitfiji.pipeline;
