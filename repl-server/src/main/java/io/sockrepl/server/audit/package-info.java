/**
 * The audit log: one JSON line per piece of code a client sent. Internal; not an API.
 */
package io.sockrepl.server.audit;
