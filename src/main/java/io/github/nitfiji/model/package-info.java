/**
 * Model building blocks shared by NiT and DC-AE: binding checkpoint keys to DJL arrays (shape
 * checks, precision), scopes, ops and the fused attention module; the networks are in
 * {@code nit} and {@code dcae}. Imports only {@code io}: never sampling, pipeline, catalog or a
 * front door ({@code ij}, {@code scijava}, {@code cli}).
 */
package io.github.nitfiji.model;
