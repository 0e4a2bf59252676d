/**
 * The one request and its engine: settings as data (one parser per setting, one text path), the
 * spec and its checks, the service that prepares and runs it for any front door, the
 * family-neutral pipeline (a family's sampling stage, then decode and crop), the model-family
 * interface and registry, memory plan and provenance.
 *
 * <p>May import: catalog, io, labels, model.*, runtime, sampling, source.
 */
package io.github.nitfiji.pipeline;
