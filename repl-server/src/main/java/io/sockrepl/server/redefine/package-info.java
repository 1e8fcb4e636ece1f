/**
 * Hot patching: compiling new source against the running classes, redefining them, decompiling
 * what runs, and the record of patches. Internal; not an API.
 */
package io.sockrepl.server.redefine;
